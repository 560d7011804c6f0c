package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageVolume;
import org.jcare.io.image.Tczyx;
import org.junit.jupiter.api.Test;

class StreamingPercentilesTest {
    private static FloatImage image(String axes, long seed, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                // ties (a 12-bit camera), negatives, zeros and a few large values
                plane[i] = r.nextInt(20) == 0 ? (float) (r.nextDouble() * 1e6) : r.nextInt(4096) - 100;
            }
        }
        return img;
    }

    @Test
    void equalsTheInMemoryPercentilesExactly() throws IOException {
        double[] q = {0, 2, 50, 99.8, 100, 33.333};
        // one small channel (the in-memory path sorts it) and large ones (it selects): the same numbers either way
        for (long[] shape : new long[][] {{2, 1, 7, 9}, {2, 19, 61, 67}, {1, 3, 200, 131}}) {
            FloatImage img = image("CZYX", shape[1], shape);
            double[][] expected = Percentiles.perChannel(img, q);
            Tczyx v = new Tczyx(new ImageVolume(img, "test"));
            double[][] got = StreamingPercentiles.ofFrame(v, 0, 2, q);
            for (int c = 0; c < expected.length; c++) {
                assertArrayEquals(expected[c], got[c], "shape " + java.util.Arrays.toString(shape) + " channel " + c);
            }
        }
    }

    @Test
    void framesOfATimeLapseAreSeparate() throws IOException {
        FloatImage tl = image("TZYX", 3, 3, 4, 30, 40);
        Tczyx v = new Tczyx(new ImageVolume(tl, "tl"));
        for (int t = 0; t < 3; t++) {
            float[] frame = new float[4 * 30 * 40];
            for (int z = 0; z < 4; z++) {
                System.arraycopy(tl.plane(t * 4 + z), 0, frame, z * 1200, 1200);
            }
            assertArrayEquals(Percentiles.of(frame, 2, 99.8), StreamingPercentiles.ofFrame(v, t, 1, 2, 99.8)[0]);
        }
    }

    @Test
    void histogramsMergeInAnyOrderAndNanPropagates() {
        float[] a = new float[5000];
        float[] b = new float[3000];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian() * 3;
        }
        StreamingPercentiles x = new StreamingPercentiles(1, 1, 99);
        StreamingPercentiles y = new StreamingPercentiles(1, 1, 99);
        x.countUpper(a);
        y.countUpper(b);
        x.merge(y).refine();
        StreamingPercentiles p = x.emptyCopyForPass2();
        StreamingPercentiles s = x.emptyCopyForPass2();
        p.countLower(b);
        s.countLower(a);
        p.merge(s);
        float[] all = new float[8000];
        System.arraycopy(a, 0, all, 0, 5000);
        System.arraycopy(b, 0, all, 5000, 3000);
        assertArrayEquals(Percentiles.of(all, 1, 99), p.result()[0]);
        StreamingPercentiles n = new StreamingPercentiles(1, 50);
        n.countUpper(new float[] {1, Float.NaN, 2});
        n.refine();
        n.countLower(new float[] {1, Float.NaN, 2});
        assertTrue(Double.isNaN(n.result()[0][0]));
        assertThrows(IllegalStateException.class, () -> n.countUpper(a));
        assertThrows(IllegalStateException.class, () -> new StreamingPercentiles(2, 1).emptyCopyForPass2());
        // an infinity counts as non-finite too, and requireFinite refuses naming the time point and channel
        StreamingPercentiles inf = new StreamingPercentiles(2, 3, 99.8);
        inf.countUpper(new float[] {1, 2, 3, 4, Float.POSITIVE_INFINITY, 5});
        inf.refine();
        StreamingPercentiles inf2 = inf.emptyCopyForPass2();
        inf2.countLower(new float[] {1, 2, 3, 4, Float.POSITIVE_INFINITY, 5});
        double[][] withInf = inf2.result();
        assertTrue(Double.isFinite(withInf[0][0]) && Double.isNaN(withInf[1][0]),
                java.util.Arrays.deepToString(withInf));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamingPercentiles.requireFinite(withInf, 7, "in.zarr"));
        assertTrue(e.getMessage().startsWith("in.zarr holds non-finite voxels (NaN or infinity) in time point 7,"
                + " channel 1"), e.getMessage());
    }
}
