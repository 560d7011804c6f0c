package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class PercentileNormalizerTest {
    private static FloatImage twoChannels() {
        SplittableRandom rng = new SplittableRandom(1);
        float[] d = new float[2 * 30 * 40];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (i < d.length / 2 ? rng.nextDouble(0, 100) : rng.nextDouble(-5000, 20));
        }
        return FloatImage.of("CYX", new long[] {2, 30, 40}, d);
    }

    @Test
    void fitsPerChannelPercentilesRoundedToFloat() {
        FloatImage img = twoChannels();
        PercentileNormalizer n = PercentileNormalizer.fit(img);
        double[][] p = Percentiles.perChannel(img, 2, 99.8);
        assertArrayEquals(new float[] {(float) p[0][0], (float) p[1][0]}, n.lo());
        assertArrayEquals(new float[] {(float) p[0][1], (float) p[1][1]}, n.hi());
        assertEquals(2, n.channels());
    }

    @Test
    void normalizesInFloat32WithoutClipping() {
        FloatImage img = twoChannels();
        PercentileNormalizer n = PercentileNormalizer.fit(img);
        FloatImage out = n.normalize(img);
        float[] lo = n.lo();
        float[] hi = n.hi();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    float v = img.get(c, y, x);
                    float expected = (v - lo[c]) / (hi[c] - lo[c] + 1e-20f);
                    assertEquals(expected, out.get(c, y, x), 0f);
                    min = Math.min(min, out.get(c, y, x));
                    max = Math.max(max, out.get(c, y, x));
                }
            }
        }
        assertTrue(min < 0 && max > 1, "no clipping");
        assertEquals(img.get(1, 2, 3), twoChannels().get(1, 2, 3), "input untouched");
        float[] buf = {img.get(1, 0, 0), img.get(1, 0, 1)};
        n.normalizeInPlace(buf, 0, 2, 1);
        assertEquals(out.get(1, 0, 0), buf[0], 0f);
        assertEquals(out.get(1, 0, 1), buf[1], 0f);
    }

    @Test
    void undoMapsMeanAndScaleBack() {
        PercentileNormalizer n = PercentileNormalizer.of(new float[] {10f}, new float[] {110f});
        FloatImage mean = FloatImage.of("YX", new long[] {1, 3}, new float[] {0f, 0.5f, 1f});
        FloatImage scale = FloatImage.of("YX", new long[] {1, 3}, new float[] {0.01f, 0.1f, 1f});
        FloatImage[] out = n.undo(mean, scale, 1, 1);
        assertArrayEquals(new float[] {10f, 60f, 110f}, out[0].toArray());
        assertArrayEquals(new float[] {0.01f * 100f, 0.1f * 100f, 100f}, out[1].toArray());
        FloatImage normalized = n.normalize(FloatImage.of("YX", new long[] {1, 2}, new float[] {35f, 72f}));
        assertArrayEquals(new float[] {35f, 72f}, n.undoMean(normalized).toArray(), 1e-5f);
        assertEquals(null, n.undo(mean, null, 1, 1)[1]);
    }

    @Test
    void undoIsSkippedWhenChannelCountsDiffer() {
        PercentileNormalizer n = PercentileNormalizer.of(new float[] {1f, 2f}, new float[] {3f, 4f});
        FloatImage mean = FloatImage.zeros("YX", 2, 2);
        FloatImage[] out = n.undo(mean, null, 2, 1);
        assertSame(mean, out[0]);
        assertTrue(PercentileNormalizer.undoApplies(3, 3));
    }

    @Test
    void channelMismatchAndBadPercentilesAreErrors() {
        PercentileNormalizer n = PercentileNormalizer.of(new float[] {1f, 2f}, new float[] {3f, 4f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> n.normalize(FloatImage.zeros("YX", 2, 2)));
        assertTrue(e.getMessage().contains("1 channels, the normalizer 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PercentileNormalizer.fit(twoChannels(), 50, 40));
        assertThrows(IllegalArgumentException.class,
                () -> PercentileNormalizer.of(new float[] {1f}, new float[] {1f, 2f}));
    }
}
