package org.jcare.optics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Golden files as JSON (the modules' tests share these readers: this test-jar is a test dependency of training): the
 * golden values of the real scipy ({@link #scipy()}: {@code scipy.ndimage.zoom} and {@code scipy.signal.fftconvolve},
 * written by {@code training/src/test/python/make_task_fixtures.py}), and number arrays read from them.
 */
public final class JsonFixtures {
    private JsonFixtures() {
    }

    /** {@code scipy_resample.json}. */
    public static JsonNode scipy() {
        return json("/org/jcare/optics/scipy_resample.json");
    }

    /** A JSON test resource of any module on the class path. */
    public static JsonNode json(String resource) {
        try (InputStream in = JsonFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON number array as floats (the fixture holds float32 values exactly). */
    public static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).doubleValue();
        }
        return f;
    }

    /** A JSON number array as doubles. */
    public static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).doubleValue();
        }
        return d;
    }

    /** A JSON integer array. */
    public static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).intValue();
        }
        return v;
    }

    /** A JSON integer array as longs. */
    public static long[] longs(JsonNode a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).longValue();
        }
        return v;
    }
}
