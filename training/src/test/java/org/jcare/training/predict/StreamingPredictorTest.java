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
import org.junit.jupiter.api.Tag;
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
    static class MemorySink implements StreamingPredictor.CellSink {
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

    /** A value of the lazily generated volume at a 64-bit position. */
    private static float lazy(long z, long y, long x) {
        return (float) (100 + 40 * Math.sin(x * 0.013 + z) * Math.cos(y * 0.011)) + ((x * 31 + y * 17 + z * 7) % 11);
    }

    /** A Zarr store whose chunks are computed when read (uncompressed float32): a volume that never exists. */
    private static final class LazyStore implements org.jcare.io.zarr.ZarrStore {
        private final java.util.Map<String, byte[]> meta = new java.util.concurrent.ConcurrentHashMap<>();
        private org.jcare.io.zarr.ArrayMetadata m;

        @Override
        public byte[] get(String key) {
            if (meta.containsKey(key)) {
                return meta.get(key);
            }
            String[] p = key.split("/");
            long[] c = {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
            int[] ch = m.chunks();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * m.chunkElements())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int z = 0; z < ch[0]; z++) {
                for (int y = 0; y < ch[1]; y++) {
                    for (int x = 0; x < ch[2]; x++) {
                        b.putFloat(lazy(c[0] * ch[0] + z, c[1] * ch[1] + y, c[2] * ch[2] + x));
                    }
                }
            }
            return b.array();
        }

        @Override
        public void set(String key, byte[] value) {
            meta.put(key, value);
        }

        @Override
        public boolean contains(String key) {
            return true;
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public String describe(String key) {
            return "lazy:" + key;
        }
    }

    /** A lazily generated ZYX volume of {@code shape} in a {@link LazyStore}, read through a Zarr array. */
    private static org.jcare.io.image.VolumeReader lazyVolume(long[] shape, int[] chunks) throws IOException {
        LazyStore store = new LazyStore();
        org.jcare.io.zarr.ZarrArray a = org.jcare.io.zarr.ZarrArray.create(store, "",
                org.jcare.io.zarr.ArrayMetadata.create(2, shape, chunks, org.jcare.io.zarr.DataType.FLOAT32, null,
                        null));
        store.m = a.metadata();
        return new org.jcare.io.image.VolumeReader() {
            @Override
            public org.jcare.io.image.Axes axes() {
                return org.jcare.io.image.Axes.of("ZYX");
            }

            @Override
            public long[] shape() {
                return shape.clone();
            }

            @Override
            public org.jcare.io.image.Calibration calibration() {
                return org.jcare.io.image.Calibration.NONE;
            }

            @Override
            public float[] read(long[] start, int[] size) throws IOException {
                return a.read(start, size);
            }

            @Override
            public int[] blockShape() {
                return a.metadata().chunks();
            }

            @Override
            public String describe() {
                return "lazy volume";
            }
        };
    }

    /**
     * 64-bit indices in the default suite: the last planes of a lazily generated ZYX volume of 524,289 planes of
     * 64 x 64 (2^31 + 4096 voxels; the last plane starts at flat index 2^31) are restored, unit numbers, cells and chunk
     * keys past 2^31 voxels included, and equal their in-memory restoration bit for bit.
     */
    @Test
    void thePlanesPastTwoToTheThirtyOneVoxelsOfAVolumeRestore() throws IOException {
        UNetSpec spec = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 1, true, false, false, new int[] {2, 2});
        long[] shape = {(1L << 19) + 1, 64, 64};
        assertTrue(shape[0] * shape[1] * shape[2] > (1L << 31));
        Tczyx v = new Tczyx(lazyVolume(shape, new int[] {1, 64, 64}));
        try (UNet net = new UNet(engine, spec).initialize(2)) {
            StreamingPredictor sp = new StreamingPredictor(net);
            PredictOptions o = PredictOptions.defaults().withTiles(1, 1).withoutNormalization();
            StreamPlan plan = sp.plan(v.shape(), o, 1, 0);
            long total = plan.unitCount();
            assertEquals(shape[0], total);
            long first = total - 3;
            MemorySink sink = new MemorySink(new long[] {1, 1, 3, 64, 64}) {
                @Override
                public synchronized void write(long[] start, int[] size, float[] data) {
                    long[] local = start.clone();
                    local[2] -= shape[0] - 3;
                    super.write(local, size, data);
                }
            };
            long[] progress = {0};
            assertEquals(3, sp.run(v, plan, null, k -> k >= first, sink, null, false, (d, t) -> progress[0] = d));
            assertEquals(total, progress[0]);
            for (int p = 0; p < 3; p++) {
                long z = shape[0] - 3 + p;
                float[] plane = v.read(new long[] {0, 0, z, 0, 0}, new int[] {1, 1, 1, 64, 64});
                assertEquals(lazy(z, 63, 63), plane[64 * 64 - 1], "the volume's values at z " + z);
                FloatImage img = FloatImage.of("YX", new long[] {64, 64}, plane);
                assertBitEqual(new TiledPredictor(net).predict(img, o, PredictionListener.NONE).mean(),
                        FloatImage.of("YX", new long[] {64, 64}, sink.out.plane(p)), "plane " + z);
            }
        }
    }

    /**
     * 64-bit indices end to end: a lazily generated ZYX volume of 33 x 8192 x 8000 = 2.16e9 voxels (past 2^31)
     * restored by a 1-filter network; every cell is written once, the voxel count is exact, and the last plane (whose
     * first voxel lies at flat index 2.1e9) equals its in-memory restoration bit for bit. About 3 minutes on two
     * cores (165 s for the 528 units at e7f6004): tagged slow (mvn verify -Pslow-tests), to keep CI short.
     */
    @Test
    @Tag("slow")
    void aVolumePastTwoToTheThirtyOneVoxelsStreams() throws IOException {
        UNetSpec spec = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 1, true, false, false, new int[] {2, 2});
        long[] shape = {33, 8192, 8000};
        assertTrue(shape[0] * shape[1] * shape[2] > (1L << 31));
        org.jcare.io.image.VolumeReader reader = lazyVolume(shape, new int[] {1, 1024, 1000});
        try (UNet net = new UNet(engine, spec).initialize(2)) {
            StreamingPredictor sp = new StreamingPredictor(net);
            Tczyx v = new Tczyx(reader);
            PredictOptions o = PredictOptions.defaults().withTiles(4, 4).withoutNormalization();
            StreamPlan plan = sp.plan(v.shape(), o, 1, 0);
            float[] last = new float[(int) (shape[1] * shape[2])];
            long[] voxels = {0};
            Set<String> cells = new HashSet<>();
            StreamingPredictor.CellSink sink = new StreamingPredictor.CellSink() {
                @Override
                public void write(long[] start, int[] size, float[] data) {
                    assertTrue(cells.add(java.util.Arrays.toString(start)));
                    voxels[0] += (long) size[2] * size[3] * size[4];
                    if (start[2] == shape[0] - 1) {
                        for (int y = 0; y < size[3]; y++) {
                            System.arraycopy(data, y * size[4], last, (int) ((start[3] + y) * shape[2] + start[4]),
                                    size[4]);
                        }
                    }
                }

                @Override
                public boolean isWritten(long[] start, int[] size) {
                    return false;
                }
            };
            long t0 = System.nanoTime();
            sp.run(v, plan, null, k -> true, sink, null, false, PredictionListener.NONE);
            System.out.printf("2^31+ voxels: %d units in %.1f s%n", plan.unitCount(), (System.nanoTime() - t0) / 1e9);
            assertEquals(shape[0] * shape[1] * shape[2], voxels[0]);
            float[] plane = v.read(new long[] {0, 0, shape[0] - 1, 0, 0}, new int[] {1, 1, 1, (int) shape[1],
                (int) shape[2]});
            FloatImage img = FloatImage.of("YX", new long[] {shape[1], shape[2]}, plane);
            float[] expected = new TiledPredictor(net).predict(img, o, PredictionListener.NONE).mean().toArray();
            for (int i = 0; i < expected.length; i++) {
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(last[i])) {
                    throw new AssertionError("last plane, voxel " + i + ": " + last[i] + " vs " + expected[i]);
                }
            }
        }
    }
}
