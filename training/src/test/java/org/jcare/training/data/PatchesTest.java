package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.Percentiles;
import org.junit.jupiter.api.Test;

class PatchesTest {
    private static FloatImage random(String axes, long[] shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) rng.nextDouble(0, 500);
        }
        return FloatImage.of(axes, shape, d);
    }

    private static FloatImage map(FloatImage img, float a, float b) {
        float[] d = img.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = a * d[i] + b;
        }
        return FloatImage.of(img.axes().letters(), img.shape(), d);
    }

    private static PatchOptions.Builder plain(int[] patch, int n) {
        return PatchOptions.builder(patch, n).noFilter().noNormalization().shuffle(false).seed(5);
    }

    @Test
    void sourceAndTargetPatchesShareTheirLocationAndLieInTheImage() throws IOException {
        FloatImage x = random("YX", new long[] {20, 24}, 1);
        RawData raw = RawData.fromImages(List.of(x), List.of(map(x, 2, 1)), "YX");
        TrainingData d = Patches.create(raw, plain(new int[] {8, 6}, 10).build());
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new long[] {10, 1, 8, 6}, d.xShape());
        float[] img = x.toArray();
        for (int i = 0; i < d.size(); i++) {
            float[] px = d.x(i);
            float[] py = d.y(i);
            for (int k = 0; k < px.length; k++) {
                assertEquals(2 * px[k] + 1, py[k], "same location in target, patch " + i);
            }
            assertTrue(findsAt(img, 20, 24, px, 8, 6), "patch " + i + " is a crop of the image");
        }
    }

    private static boolean findsAt(float[] img, int h, int w, float[] p, int ph, int pw) {
        for (int y0 = 0; y0 + ph <= h; y0++) {
            for (int x0 = 0; x0 + pw <= w; x0++) {
                boolean ok = true;
                for (int y = 0; y < ph && ok; y++) {
                    for (int xx = 0; xx < pw && ok; xx++) {
                        ok = img[(y0 + y) * w + x0 + xx] == p[y * pw + xx];
                    }
                }
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    /** value = 1e6 c + 1e4 z + 100 y + x, so a patch tells where each of its voxels came from. */
    private static FloatImage coded(String axes, long[] shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        long[] idx = new long[shape.length];
        long n = img.numel();
        for (long f = 0; f < n; f++) {
            float v = 0;
            for (int i = 0; i < shape.length; i++) {
                char a = axes.charAt(i);
                v += idx[i] * (a == 'C' ? 1e6f : a == 'Z' ? 1e4f : a == 'Y' ? 100f : 1f);
            }
            img.set(v, idx);
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return img;
    }

    @Test
    void channelsAnywhereBecomeTheEngineLayoutCZYX() throws IOException {
        for (String axes : new String[] {"ZCYX", "ZYXC", "CZYX"}) {
            long[] shape = new long[4];
            for (int i = 0; i < 4; i++) {
                shape[i] = switch (axes.charAt(i)) {
                    case 'C' -> 2;
                    case 'Z' -> 6;
                    case 'Y' -> 10;
                    default -> 12;
                };
            }
            FloatImage img = coded(axes, shape);
            RawData raw = RawData.fromImages(List.of(img), List.of(img), axes);
            TrainingData d = Patches.create(raw, plain(new int[] {4, 4, 8}, 5).build());
            assertEquals("SCZYX", d.axes(), axes);
            assertArrayEquals(new long[] {5, 2, 4, 4, 8}, d.xShape(), axes);
            for (int s = 0; s < d.size(); s++) {
                float[] p = d.x(s);
                float origin = p[0];
                int k = 0;
                for (int c = 0; c < 2; c++) {
                    for (int z = 0; z < 4; z++) {
                        for (int y = 0; y < 4; y++) {
                            for (int x = 0; x < 8; x++) {
                                assertEquals(origin + 1e6f * c + 1e4f * z + 100f * y + x, p[k++], axes);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A 64x64 target, dark but for a bright 4x4 square at rows 30-33, columns 40-43. */
    private static FloatImage square() {
        float[] d = new float[64 * 64];
        for (int y = 30; y < 34; y++) {
            for (int x = 40; x < 44; x++) {
                d[y * 64 + x] = 1f;
            }
        }
        return FloatImage.of("YX", new long[] {64, 64}, d);
    }

    @Test
    void backgroundFilterKeepsOnlyPatchesNearSignal() throws IOException {
        FloatImage y = square();
        RawData raw = RawData.fromImages(List.of(y), List.of(y), "YX");
        // window 8 (offsets -4..3): eligible centres are rows 27..36 and columns 37..46, i.e. 100 of them
        TrainingData d = Patches.create(raw, PatchOptions.builder(new int[] {16, 16}, 60).noNormalization()
                .shuffle(false).seed(1).build());
        Set<Integer> where = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            float[] p = d.y(i);
            float sum = 0;
            int first = -1;
            for (int k = 0; k < p.length; k++) {
                sum += p[k];
                if (p[k] > 0 && first < 0) {
                    first = k;
                }
            }
            assertEquals(16f, sum, "every patch holds the whole square");
            where.add(first);
        }
        assertEquals(60, where.size(), "sampled without replacement: 60 distinct locations");
        TrainingData more = Patches.create(raw, PatchOptions.builder(new int[] {16, 16}, 150).noNormalization()
                .seed(1).build());
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < more.size(); i++) {
            distinct.add(Arrays.toString(more.y(i)));
        }
        assertEquals(150, more.size());
        assertTrue(distinct.size() <= 100, "with replacement once the 100 eligible centres are too few");
    }

    @Test
    void filterWithoutSignalIsAClearError() {
        FloatImage zero = FloatImage.zeros("YX", 32, 32);
        RawData raw = RawData.fromImages(List.of(zero), List.of(zero), "YX");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Patches.create(raw, PatchOptions.builder(new int[] {8, 8}, 4).build()));
        assertTrue(e.getMessage().contains("image pair 0") && e.getMessage().contains("no patch centre"),
                e.getMessage());
    }

    @Test
    void normalizationUsesRandomWholeImagePercentilesPerPatch() throws IOException {
        FloatImage x = random("YX", new long[] {40, 40}, 3);
        FloatImage y = map(random("YX", new long[] {40, 40}, 4), 3, -200);
        RawData raw = RawData.fromImages(List.of(x), List.of(y), "YX");
        PatchOptions.Builder opt = PatchOptions.builder(new int[] {8, 8}, 12).noFilter().shuffle(false).seed(9);
        TrainingData norm = Patches.create(raw, opt.build());
        TrainingData plainData = Patches.create(raw, opt.noNormalization().build());
        float[] xs = x.toArray();
        float[] ys = y.toArray();
        Set<Float> los = new HashSet<>();
        for (int i = 0; i < norm.size(); i++) {
            float[] bx = bounds(plainData.x(i), norm.x(i));
            assertBetween(Percentiles.of(xs, 1)[0], Percentiles.of(xs, 3)[0], bx[0], "x lo of patch " + i);
            assertBetween(Percentiles.of(xs, 99.5)[0], Percentiles.of(xs, 99.9)[0], bx[1], "x hi of patch " + i);
            float[] by = bounds(plainData.y(i), norm.y(i));
            assertBetween(Percentiles.of(ys, 1)[0], Percentiles.of(ys, 3)[0], by[0], "y lo of patch " + i);
            assertBetween(Percentiles.of(ys, 99.5)[0], Percentiles.of(ys, 99.9)[0], by[1], "y hi of patch " + i);
            los.add(bx[0]);
        }
        assertTrue(los.size() > 6, "percentiles are drawn per patch");
        TrainingData relu = Patches.create(raw, PatchOptions.builder(new int[] {8, 8}, 12).noFilter().shuffle(false)
                .seed(9).reluLast(true).build());
        float min = Float.MAX_VALUE;
        for (float v : ys) {
            min = Math.min(min, v);
        }
        float[] b = bounds(plainData.y(0), relu.y(0));
        assertEquals(min, b[0], 0.05, "relu_last: the target's low bound is its minimum");
    }

    /** The {lo, hi} of the affine map from raw to normalized values. */
    private static float[] bounds(float[] raw, float[] norm) {
        int j = 1;
        while (raw[j] == raw[0]) {
            j++;
        }
        double d = (raw[0] - raw[j]) / (double) (norm[0] - norm[j]);
        double lo = raw[0] - norm[0] * d;
        return new float[] {(float) lo, (float) (lo + d)};
    }

    private static void assertBetween(double a, double b, double v, String what) {
        double tol = 1e-3 * Math.max(1, Math.abs(b));
        assertTrue(v >= a - tol && v <= b + tol, what + ": " + v + " not in [" + a + ", " + b + "]");
    }

    @Test
    void seededAndShuffled() throws IOException {
        FloatImage x = random("YX", new long[] {30, 30}, 5);
        RawData raw = RawData.fromImages(List.of(x, x), List.of(x, x), "YX");
        PatchOptions.Builder o = PatchOptions.builder(new int[] {8, 8}, 10).noFilter();
        TrainingData a = Patches.create(raw, o.seed(1).build());
        TrainingData b = Patches.create(raw, o.seed(1).build());
        TrainingData c = Patches.create(raw, o.seed(2).build());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.x(i), b.x(i));
        }
        assertFalse(Arrays.equals(a.x(0), c.x(0)));
        TrainingData unshuffled = Patches.create(raw, o.seed(1).shuffle(false).noNormalization().build());
        TrainingData shuffled = Patches.create(raw, o.seed(1).shuffle(true).noNormalization().build());
        Set<String> s1 = new HashSet<>();
        Set<String> s2 = new HashSet<>();
        List<String> l1 = new ArrayList<>();
        List<String> l2 = new ArrayList<>();
        for (int i = 0; i < unshuffled.size(); i++) {
            l1.add(Arrays.toString(unshuffled.x(i)));
            l2.add(Arrays.toString(shuffled.x(i)));
        }
        s1.addAll(l1);
        s2.addAll(l2);
        assertEquals(s1, s2, "the same patches");
        assertFalse(l1.equals(l2), "in another order");
    }

    @Test
    void singletonZPatchGivesTwoDimensionalData() throws IOException {
        FloatImage x = random("ZYX", new long[] {5, 16, 16}, 6);
        RawData raw = RawData.fromImages(List.of(x), List.of(x), "ZYX");
        TrainingData d = Patches.create(raw, plain(new int[] {1, 8, 8}, 4).build());
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new int[] {8, 8}, d.spatialShape());
    }

    @Test
    void patchAsLargeAsTheImageHasOneCentre() throws IOException {
        FloatImage x = random("YX", new long[] {8, 12}, 7);
        RawData raw = RawData.fromImages(List.of(x), List.of(x), "YX");
        TrainingData d = Patches.create(raw, plain(new int[] {8, 12}, 3).build());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(x.toArray(), d.x(i));
        }
    }

    @Test
    void sizesAndMemoryProblemsAreNamed() {
        FloatImage x = random("CYX", new long[] {2, 16, 16}, 8);
        RawData raw = RawData.fromImages(List.of(x), List.of(x), "CYX");
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Patches.create(raw, plain(new int[] {32, 8}, 1).build()));
        assertTrue(big.getMessage().contains("larger than the image"), big.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> Patches.create(raw, plain(new int[] {1, 8, 8}, 1).build()));
        assertTrue(channels.getMessage().contains("must contain all channels"), channels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Patches.create(raw, plain(new int[] {8}, 1).build()));
        IllegalStateException mem = assertThrows(IllegalStateException.class,
                () -> Patches.create(raw, plain(new int[] {8, 8}, 100).memoryLimitBytes(1000).build()));
        assertTrue(mem.getMessage().contains("MiB") && mem.getMessage().contains("lower the patches per image"),
                mem.getMessage());
        RawData mixed = RawData.fromImages(List.of(x, random("CYX", new long[] {3, 16, 16}, 9)),
                List.of(x, random("CYX", new long[] {3, 16, 16}, 9)), "CYX");
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> Patches.create(mixed, plain(new int[] {8, 8}, 1).build()));
        assertTrue(m.getMessage().contains("same axes and channels"), m.getMessage());
    }

    @Test
    void drawIsDistinctWhenPossible() {
        long[] r = Patches.draw(new SplittableRandom(1), 10, 10);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, r);
        long[] big = Patches.draw(new SplittableRandom(2), 1L << 40, 1000);
        assertEquals(1000, Arrays.stream(big).distinct().count());
        long[] rep = Patches.draw(new SplittableRandom(3), 3, 10);
        assertTrue(Arrays.stream(rep).allMatch(v -> v >= 0 && v < 3));
    }
}
