package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageVolume;
import org.jcare.io.image.Tczyx;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingPredictorTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static FloatImage random(String axes, long seed, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05 + p));
            }
        }
        return img;
    }

    /** A sink that assembles cells into a TCZYX image in memory and records them. */
    static final class MemorySink implements StreamingPredictor.CellSink {
        final FloatImage out;
        final Set<String> cells = new HashSet<>();

        MemorySink(long[] shape) {
            out = FloatImage.zeros("TCZYX", shape);
        }

        @Override
        public synchronized void write(long[] start, int[] size, float[] data) {
            assertTrue(cells.add(java.util.Arrays.toString(start)), "each cell is written once");
            int i = 0;
            for (int t = 0; t < size[0]; t++) {
                for (int c = 0; c < size[1]; c++) {
                    for (int z = 0; z < size[2]; z++) {
                        for (int y = 0; y < size[3]; y++) {
                            for (int x = 0; x < size[4]; x++) {
                                out.set(data[i++], start[0] + t, start[1] + c, start[2] + z, start[3] + y,
                                        start[4] + x);
                            }
                        }
                    }
                }
            }
        }

        @Override
        public synchronized boolean isWritten(long[] start, int[] size) {
            return cells.contains(java.util.Arrays.toString(start));
        }
    }

    private static PercentileNormalizer[] norms(Tczyx v, PredictOptions o) throws IOException {
        long frames = v.shape()[0];
        PercentileNormalizer[] n = new PercentileNormalizer[(int) frames];
        for (int t = 0; t < frames; t++) {
            double[][] p = StreamingPercentiles.ofFrame(v, t, 2, o.pmin(), o.pmax());
            float[] lo = new float[p.length];
            float[] hi = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                lo[c] = (float) p[c][0];
                hi[c] = (float) p[c][1];
            }
            n[t] = PercentileNormalizer.of(lo, hi);
        }
        return n;
    }

    private static void assertBitEqual(FloatImage expected, FloatImage got, String what) {
        float[] e = expected.toArray();
        float[] g = got.toArray();
        assertEquals(e.length, g.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(g[i])) {
                throw new AssertionError(what + ": voxel " + i + " is " + g[i] + ", in memory " + e[i]);
            }
        }
    }

    @Test
    void volumeEqualsTheInMemoryRestorationBitForBit() throws IOException {
        UNetSpec spec = new UNetSpec(3, 1, 1, 1, new int[] {3, 3, 3}, 2, true, false, false, new int[] {2, 2, 2});
        try (UNet net = new UNet(engine, spec).initialize(3)) {
            FloatImage img = random("ZYX", 1, 27, 45, 38);
            PredictOptions o = PredictOptions.defaults().withTiles(2, 2, 3);
            FloatImage whole = new TiledPredictor(net).predict(img, o, PredictionListener.NONE).mean();
            StreamingPredictor sp = new StreamingPredictor(net);
            Tczyx v = new Tczyx(new ImageVolume(img, "img"));
            StreamPlan plan = sp.plan(v.shape(), o, 8, 0);
            long units = plan.unitCount();
            assertTrue(units >= 8, plan.toString());
            MemorySink sink = new MemorySink(plan.outputShape());
            long[] progress = {0};
            long n = sp.run(v, plan, norms(v, o), k -> true, sink, null, false, (d, t) -> progress[0] = d);
            assertEquals(units, n);
            assertEquals(units, progress[0]);
            assertBitEqual(whole, sink.out.withAxes("ZYX", 27, 45, 38), "3D volume");
            // a resumed run restores nothing more
            assertEquals(0, sp.run(v, plan, norms(v, o), k -> true, sink, null, true, PredictionListener.NONE));
        }
    }

    @Test
    void timeLapseFramesAreNormalizedAndRestoredOneByOne() throws IOException {
        UNetSpec spec = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 4, true, true, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(6)) {
            // 2D probabilistic network on a TZYX stack: per frame, Z planes restored one by one in groups of 3
            FloatImage tl = random("TZYX", 2, 2, 5, 30, 41);
            PredictOptions o = PredictOptions.defaults().withTiles(2, 2);
            StreamingPredictor sp = new StreamingPredictor(net);
            Tczyx v = new Tczyx(new ImageVolume(tl, "tl"));
            StreamPlan plan = sp.plan(v.shape(), o, 3, 0);
            assertEquals(2 * 2 * plan.grid().count(), plan.unitCount());
            assertTrue(plan.grid().count() > 1);
            MemorySink mean = new MemorySink(plan.outputShape());
            MemorySink scale = new MemorySink(plan.outputShape());
            sp.run(v, plan, norms(v, o), k -> true, mean, scale, false, PredictionListener.NONE);
            for (int t = 0; t < 2; t++) {
                float[][] planes = new float[5][];
                float[][] outM = new float[5][];
                float[][] outS = new float[5][];
                for (int z = 0; z < 5; z++) {
                    planes[z] = tl.plane(t * 5 + z);
                    outM[z] = mean.out.plane(t * 5 + z);
                    outS[z] = scale.out.plane(t * 5 + z);
                }
                FloatImage frame = new FloatImage(org.jcare.io.image.Axes.of("ZYX"), new long[] {5, 30, 41}, planes,
                        null);
                Restoration r = new TiledPredictor(net).predict(frame, o, PredictionListener.NONE);
                long[] s = {5, 30, 41};
                assertBitEqual(r.mean(), new FloatImage(org.jcare.io.image.Axes.of("ZYX"), s, outM, null), "mean t" + t);
                assertBitEqual(r.scale(), new FloatImage(org.jcare.io.image.Axes.of("ZYX"), s, outS, null),
                        "scale t" + t);
            }
        }
    }

    @Test
    void cellsPartitionTheOutputAndPlannedTilesRespectTheHostBudget() {
        UNetSpec spec = new UNetSpec(2, 2, 2, 2, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(1)) {
            StreamingPredictor sp = new StreamingPredictor(net);
            long[] shape = {3, 2, 7, 301, 250};
            StreamPlan small = sp.plan(shape, PredictOptions.defaults(), 4, 2L << 20);
            StreamPlan big = sp.plan(shape, PredictOptions.defaults(), 4, 0);
            assertTrue(small.grid().count() > big.grid().count(), small + " vs " + big);
            long[][] cuts = small.cuts();
            assertArrayEquals(new long[] {0, 4, 7}, cuts[2]);
            long covered = 0;
            Set<String> seen = new HashSet<>();
            for (long k = 0; k < small.unitCount(); k++) {
                long[][] c = small.cell(small.unit(k));
                covered += c[1][0] * c[1][1] * c[1][2] * c[1][3] * c[1][4];
                assertTrue(seen.add(java.util.Arrays.toString(c[0])));
                for (int a = 0; a < 5; a++) {
                    assertTrue(java.util.Arrays.binarySearch(cuts[a], c[0][a]) >= 0, "cell starts on a cut");
                    assertTrue(java.util.Arrays.binarySearch(cuts[a], c[0][a] + c[1][a]) >= 0, "cell ends on a cut");
                }
            }
            assertEquals(3L * 2 * 7 * 301 * 250, covered);
            assertFalse(seen.isEmpty());
        }
    }
}
