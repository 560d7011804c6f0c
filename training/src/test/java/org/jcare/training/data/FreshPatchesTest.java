package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.Percentiles;
import org.junit.jupiter.api.Test;

class FreshPatchesTest {
    /** A YX image whose pixel (y, x) holds {@code offset + y * 1000 + x}: each patch shows where it was cut. */
    private static FloatImage ramp(int h, int w, float offset) {
        float[] a = new float[h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = offset + (i / w) * 1000 + (i % w);
        }
        return FloatImage.of("YX", new long[] {h, w}, a);
    }

    private static FloatImage map(FloatImage img, float scale, float shift) {
        float[] a = img.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * scale + shift;
        }
        return FloatImage.of(img.axes().letters(), img.shape(), a);
    }

    @Test
    void patchesAreCropsAtTheSameLocationDrawnAfreshForEveryBatchAndRepeatable() throws Exception {
        FloatImage x = ramp(40, 50, 0);
        FreshPatches fp = FreshPatches.prepare(RawData.fromImages(List.of(x), List.of(map(x, 2, 1)), "YX"),
                PatchOptions.builder(new int[] {8, 6}, 1).noFilter().noNormalization().build());
        assertEquals(33 * 45, fp.eligible(0), "every valid position");
        BatchSource b = fp.batches(4, 7, Augmentation.NONE);
        Set<Float> corners = new HashSet<>();
        for (long i = 0; i < 200; i++) {
            float[] bx = new float[4 * 48];
            float[] by = new float[4 * 48];
            b.fillBatch(i, bx, by);
            for (int k = 0; k < 4; k++) {
                float c = bx[k * 48];
                int y0 = (int) (c / 1000);
                int x0 = (int) (c % 1000);
                assertTrue(y0 + 8 <= 40 && x0 + 6 <= 50, "inside the image");
                for (int j = 0; j < 48; j++) {
                    assertEquals(c + (j / 6) * 1000 + (j % 6), bx[k * 48 + j], "a crop");
                    assertEquals(2 * bx[k * 48 + j] + 1, by[k * 48 + j], "the target at the same place");
                }
                corners.add(c);
            }
        }
        assertTrue(corners.size() > 500, "800 samples from 1485 positions: " + corners.size() + " distinct");
        float[][] again = {new float[4 * 48], new float[4 * 48]};
        float[][] first = {new float[4 * 48], new float[4 * 48]};
        b.fillBatch(123, first[0], first[1]);
        fp.batches(4, 7, Augmentation.NONE).fillBatch(123, again[0], again[1]);
        assertArrayEquals(first[0], again[0], "batch 123 alone, in another source of the same seed");
        fp.batches(4, 8, Augmentation.NONE).fillBatch(123, again[0], again[1]);
        assertFalse(java.util.Arrays.equals(first[0], again[0]), "another seed, other patches");
    }

    @Test
    void everyImageEquallyOftenWithTheBackgroundFilterAndPercentilesOfPatches() throws Exception {
        // a dark image with one bright square: the filter keeps the centres near it (Patches' rule)
        float[] a = new float[64 * 64];
        for (int y = 40; y < 48; y++) {
            for (int x = 10; x < 18; x++) {
                a[y * 64 + x] = 100;
            }
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) r.nextDouble();
        }
        FloatImage spot = FloatImage.of("YX", new long[] {64, 64}, a);
        FloatImage other = ramp(64, 64, 5);
        PatchOptions opt = PatchOptions.builder(new int[] {16, 16}, 1).build();
        FreshPatches fp = FreshPatches.prepare(RawData.fromImages(List.of(spot, other), List.of(spot, other), "YX"),
                opt);
        float[] filtered = MaxFilter.apply(a, new int[] {64, 64}, new int[] {8, 8});
        double threshold = 0.4 * Percentiles.of(a, 99.9)[0];
        int eligible = 0;
        for (int y = 8; y <= 56; y++) {
            for (int x = 8; x <= 56; x++) {
                eligible += filtered[y * 64 + x] > threshold ? 1 : 0;
            }
        }
        assertEquals(eligible, fp.eligible(0), "the filter of Patches");
        assertTrue(eligible < 49 * 49 / 4, "most of the dark image is filtered out: " + eligible);
        float[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        BatchSource b = fp.batches(2, 1, Augmentation.flipsAndRotations());
        for (long i = 0; i < 50; i++) {
            float[] bx = new float[2 * 256];
            float[] by = new float[2 * 256];
            b.fillBatch(i, bx, by);
            // sample 0 of each batch comes from the spot image (2 i mod 2 = 0), sample 1 from the ramp
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < 256; j++) {
                max = Math.max(max, bx[j]);
            }
            assertTrue(max > 0.9, "the spot is in the patch (normalized to about 1): " + max);
            assertArrayEquals(java.util.Arrays.copyOf(bx, 256), java.util.Arrays.copyOf(by, 256),
                    "same image as source and target, same normalization draw");
        }
    }

    @Test
    void nonFiniteTrainingImagesAreRefusedNamingTheImageAndTheCount() {
        FloatImage x = ramp(20, 20, 0);
        FloatImage y = ramp(20, 20, 0);
        y.plane(0)[21] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FreshPatches.prepare(
                RawData.fromImages(List.of(x), List.of(y), "YX"), PatchOptions.builder(new int[] {8, 8}, 1).build()));
        assertTrue(e.getMessage().contains("image pair 0 (target) holds 1 non-finite pixel (NaN or infinity) at Y=1,"
                + " X=1; training needs finite values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Patches.create(RawData.fromImages(List.of(x), List.of(y),
                "YX"), PatchOptions.builder(new int[] {8, 8}, 1).build()));
    }
}
