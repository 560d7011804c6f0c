package org.jcare.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jcare.optics.JsonFixtures;

/** Golden files made by {@code training/src/test/python/make_fixtures.py} and other test resources. */
public final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /** A JSON fixture from {@code org/jcare/training/fixtures/}. */
    public static JsonNode json(String name) {
        return parse(text("/org/jcare/training/fixtures/" + name));
    }

    /** A resource as text. */
    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON number array as floats (fixtures hold float32 values exactly). */
    public static float[] floats(JsonNode a) {
        return JsonFixtures.floats(a);
    }

    /** A JSON number array as doubles. */
    public static double[] doubles(JsonNode a) {
        return JsonFixtures.doubles(a);
    }

    /** A JSON integer array. */
    public static int[] ints(JsonNode a) {
        return JsonFixtures.ints(a);
    }

    /** A JSON integer array as longs. */
    public static long[] longs(JsonNode a) {
        return JsonFixtures.longs(a);
    }
}
