package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    private static final JsonNode FIXTURE = Fixtures.json("percentiles.json");

    @Test
    void matchesNumpyBitForBitOnEveryFixture() {
        for (JsonNode c : FIXTURE.get("cases")) {
            float[] data = Fixtures.floats(c.get("data"));
            double[] q = Fixtures.doubles(c.get("q"));
            double[] expected = Fixtures.doubles(c.get("expected_float32"));
            String name = c.get("name").asText();
            assertArrayEquals(expected, Percentiles.of(data, q), 0.0, name + " (public path)");
            ChannelRuns runs = ChannelRuns.of(data, new long[] {data.length}, -1, 0);
            assertArrayEquals(expected, Percentiles.select(runs, q, name, 0), 0.0, name + " (selection)");
            assertArrayEquals(expected, Percentiles.select(runs, q, name, Integer.MAX_VALUE), 0.0, name + " (sort)");
            float[] sorted = data.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < q.length; i++) {
                assertEquals(expected[i], Percentiles.ofSorted(sorted, q[i]), 0.0, name + " q=" + q[i]);
            }
        }
    }

    @Test
    void perChannelMatchesNumpyForEveryPositionOfTheChannelAxis() {
        JsonNode pc = FIXTURE.get("per_channel");
        long[] shape = Fixtures.longs(pc.get("shape"));
        float[] data = Fixtures.floats(pc.get("data"));
        double[] q = Fixtures.doubles(pc.get("q"));
        double[][] expected = new double[pc.get("expected").size()][];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = Fixtures.doubles(pc.get("expected").get(c));
        }
        FloatImage img = FloatImage.of(pc.get("axes").asText(), shape, data);
        for (String axes : new String[] {"ZCYX", "CZYX", "ZYXC", "ZYCX"}) {
            FloatImage p = img.permute(axes);
            double[][] got = Percentiles.perChannel(p, q);
            for (int c = 0; c < expected.length; c++) {
                assertArrayEquals(expected[c], got[c], 0.0, axes + " channel " + c);
            }
            double[][] flat = Percentiles.perChannel(p.toArray(), p.shape(), p.axes().indexOf('C'), q);
            for (int c = 0; c < expected.length; c++) {
                assertArrayEquals(expected[c], flat[c], 0.0, axes + " as array, channel " + c);
            }
        }
    }

    @Test
    void withoutChannelAxisTheWholeImageIsOneChannel() {
        float[] data = Fixtures.floats(FIXTURE.get("cases").get(3).get("data"));
        FloatImage img = FloatImage.of("YX", new long[] {25, 40}, data);
        double[] q = {2, 99.8};
        assertArrayEquals(Percentiles.of(data, q), Percentiles.perChannel(img, q)[0], 0.0);
        assertArrayEquals(Percentiles.of(data, q), Percentiles.of(img, q), 0.0);
    }

    @Test
    void nanGivesNanAsInNumpy() {
        float[] data = new float[5000];
        Arrays.fill(data, 1f);
        data[17] = Float.NaN;
        assertTrue(Double.isNaN(Percentiles.of(data, 50)[0]));
        assertTrue(Double.isNaN(Percentiles.of(Arrays.copyOf(data, 100), 50)[0]));
    }

    @Test
    void keysPreserveFloatOrder() {
        float[] v = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1e30f, -1f, -Float.MIN_VALUE, -0f, 0f,
            Float.MIN_VALUE, 1e-30f, 1f, 3e38f, Float.POSITIVE_INFINITY};
        for (int i = 0; i + 1 < v.length; i++) {
            assertTrue(Integer.compareUnsigned(Percentiles.key(v[i]), Percentiles.key(v[i + 1])) < 0, "at " + i);
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(Percentiles.fromKey(
                    Percentiles.key(v[i]))));
        }
    }

    @Test
    void selectionIsExactOnRandomDataWithTiesAndManyBuckets() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] data = new float[20011];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 7 == 0 ? 5f : (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6));
        }
        float[] sorted = data.clone();
        Arrays.sort(sorted);
        ChannelRuns runs = ChannelRuns.of(data, new long[] {data.length}, -1, 0);
        for (double q = 0; q <= 100; q += 1.37) {
            assertEquals(Percentiles.ofSorted(sorted, q), Percentiles.select(runs, new double[] {q}, "r", 0)[0], 0.0,
                    "q=" + q);
        }
    }

    /**
     * More than 2^31 voxels: 2049 planes of 2^20 values that share one array, so the test needs 4 MiB. Rank k of the
     * volume is rank k / 2049 of the plane; the selection must count in longs to get it right. The values lie in
     * [1000, 1002), so a few buckets of the first pass hold more than 2^31 values each (and the passes stay in
     * cache, which keeps the test at a few seconds).
     */
    @Test
    void volumesBeyondTwoToTheThirtyOneVoxelsAreExact() {
        int side = 1024;
        int planes = 2049;
        float[] plane = new float[side * side];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (float) rng.nextDouble(1000, 1002);
        }
        float[][] all = new float[planes][];
        Arrays.fill(all, plane);
        FloatImage img = new FloatImage(Axes.of("ZYX"), new long[] {planes, side, side}, all, null);
        long n = img.numel();
        assertTrue(n > Integer.MAX_VALUE);
        float[] sorted = plane.clone();
        Arrays.sort(sorted);
        double[] q = {2, 99.8};
        double[] got = Percentiles.of(img, q);
        for (int i = 0; i < q.length; i++) {
            double v = Percentiles.virtualIndex(n, q[i]);
            float a = sorted[(int) (Percentiles.lowerIndex(n, v) / planes)];
            float b = sorted[(int) (Percentiles.upperIndex(n, v) / planes)];
            assertEquals(Percentiles.lerp(a, b, v - Math.floor(v)), got[i], 0.0, "q=" + q[i]);
        }
    }

    /**
     * Channels of 4.2 million strided values (channel axis last): enough for the counting passes to split over tasks
     * wherever there is more than one core, with pieces that start inside runs; the answer is that of a sort.
     */
    @Test
    void countingSplitOverTasksGivesTheSortedAnswerOnStridedRuns() {
        long[] shape = {2050, 2048, 2};
        float[] data = new float[2050 * 2048 * 2];
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.floor(r.nextGaussian() * 1000) / 7;
        }
        double[] q = {0.1, 3, 50, 99.8};
        double[][] got = Percentiles.perChannel(FloatImage.of("YXC", shape, data), q);
        for (int c = 0; c < 2; c++) {
            float[] channel = new float[data.length / 2];
            for (int i = 0; i < channel.length; i++) {
                channel[i] = data[2 * i + c];
            }
            Arrays.sort(channel);
            for (int i = 0; i < q.length; i++) {
                assertEquals(Percentiles.ofSorted(channel, q[i]), got[c][i], 0.0, "channel " + c + " q=" + q[i]);
            }
        }
    }

    @Test
    void rejectsBadPercentilesAndEmptyData() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new float[] {1}, 101));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new float[] {1}, -1));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new float[0], 50));
    }
}
