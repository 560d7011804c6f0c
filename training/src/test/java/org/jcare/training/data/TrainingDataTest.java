package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
    /** value(s, c, z, y, x) = 10000 s + 1000 c + 100 z + 10 y + x. */
    private static float value(int s, int c, int z, int y, int x) {
        return 10000 * s + 1000 * c + 100 * z + 10 * y + x;
    }

    /** A C-order array of {@code axes} (letters from SCZYX) and {@code shape} filled with {@link #value}. */
    private static float[] array(String axes, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] a = new float[n];
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            int[] v = new int[5];
            for (int i = 0; i < shape.length; i++) {
                v["SCZYX".indexOf(axes.charAt(i))] = idx[i];
            }
            a[f] = value(v[0], v[1], v[2], v[3], v[4]);
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return a;
    }

    private static long[] longs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    private static void assertEngineLayout(TrainingData d, int n, int c, int[] sp) {
        int z = sp.length == 3 ? sp[0] : 1;
        int h = sp[sp.length - 2];
        int w = sp[sp.length - 1];
        for (int s = 0; s < n; s++) {
            float[] x = d.x(s);
            int k = 0;
            for (int ci = 0; ci < c; ci++) {
                for (int zi = 0; zi < z; zi++) {
                    for (int yi = 0; yi < h; yi++) {
                        for (int xi = 0; xi < w; xi++) {
                            assertEquals(value(s, ci, zi, yi, xi), x[k++], "sample " + s);
                        }
                    }
                }
            }
        }
    }

    @Test
    void csbdeepLayoutIsTakenAsIs() {
        int[] shape = {3, 2, 4, 5};
        float[] x = array("SCYX", shape);
        TrainingData d = TrainingData.fromArrays(LongFloatArray.of(x), longs(shape), LongFloatArray.of(x.clone()),
                longs(shape), "SCYX");
        assertEquals("SCYX", d.axes());
        assertEquals(3, d.size());
        assertArrayEquals(new long[] {3, 2, 4, 5}, d.xShape());
        assertEngineLayout(d, 3, 2, new int[] {4, 5});
    }

    @Test
    void channelsLastAndPermutedSpatialAxesAreMovedToTheEngineLayout() {
        int[] shape = {2, 5, 3, 4, 2};
        float[] x = array("SXZYC", shape);
        int[] yShape = {2, 5, 3, 4, 1};
        float[] y = array("SXZYC", yShape);
        TrainingData d = TrainingData.fromArrays(LongFloatArray.of(x), longs(shape), LongFloatArray.of(y),
                longs(yShape), "sxzyc");
        assertEquals("SCZYX", d.axes());
        assertArrayEquals(new int[] {3, 4, 5}, d.spatialShape());
        assertEquals(2, d.channelsIn());
        assertEquals(1, d.channelsOut());
        assertArrayEquals(new long[] {2, 1, 3, 4, 5}, d.yShape());
        assertEngineLayout(d, 2, 2, new int[] {3, 4, 5});
    }

    @Test
    void withoutChannelAxisThereIsOneChannel() {
        int[] shape = {2, 4, 5};
        float[] x = array("SYX", shape);
        TrainingData d = TrainingData.fromArrays(LongFloatArray.of(x), longs(shape), LongFloatArray.of(x),
                longs(shape), "SYX");
        assertEquals(1, d.channelsIn());
        assertEngineLayout(d, 2, 1, new int[] {4, 5});
    }

    @Test
    void badArraysAreNamed() {
        LongFloatArray a = LongFloatArray.of(new float[2 * 4 * 5]);
        IllegalArgumentException axes = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.fromArrays(a, new long[] {2, 4, 5}, a, new long[] {2, 4, 5}, "YXS"));
        assertTrue(axes.getMessage().contains("must start with S"), axes.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.fromArrays(a, new long[] {2, 4, 5}, a, new long[] {2, 5, 4}, "SYX"));
        assertTrue(shapes.getMessage().contains("differ along axis Y"), shapes.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.fromArrays(a, new long[] {3, 4, 5}, a, new long[] {3, 4, 5}, "SYX"));
        assertTrue(length.getMessage().contains("needs 60"), length.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrainingData.fromArrays(a, new long[] {2, 2, 2, 5}, a, new long[] {2, 2, 2, 5}, "SZTX"));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingData.of("YX", new int[] {2, 2}, 1, 1, List.of(new float[4]), List.of(new float[5])));
    }

    private static TrainingData samples(int n) {
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x.add(new float[] {i, i, i, i});
            y.add(new float[] {-i, -i, -i, -i});
        }
        return TrainingData.of("YX", new int[] {2, 2}, 1, 1, x, y);
    }

    @Test
    void validationIsTheLastFractionRoundedHalfToEven() {
        TrainingData.Split s = samples(10).split(0.25);
        assertEquals(8, s.train().size(), "round(2.5) = 2 in Python");
        assertEquals(2, s.validation().size());
        assertEquals(8f, s.validation().x(0)[0]);
        assertEquals(9f, s.validation().x(1)[0]);
        assertEquals(2, samples(6).split(0.25).validation().size(), "round(1.5) = 2");
        assertEquals(0, samples(6).split(0).validation().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> samples(3).split(0.1));
        assertTrue(e.getMessage().contains("leaves 0 for validation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> samples(3).split(1.0));
    }

    @Test
    void subsetSharesArraysAndReportsBytes() {
        TrainingData d = samples(5);
        assertSame(d.x(3), d.subset(2, 5).x(1));
        assertEquals(4L * 5 * 2 * 4, d.bytes());
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(3, 6));
    }
}
