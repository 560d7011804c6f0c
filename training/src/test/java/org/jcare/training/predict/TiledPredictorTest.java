package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TiledPredictorTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static FloatImage random(String axes, long seed, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05));
            }
        }
        return img;
    }

    private static float maxAbsDiff(FloatImage a, FloatImage b) {
        assertArrayEquals(a.shape(), b.shape());
        float worst = 0;
        for (int p = 0; p < a.planeCount(); p++) {
            for (int i = 0; i < a.planeSize(); i++) {
                worst = Math.max(worst, Math.abs(a.plane(p)[i] - b.plane(p)[i]));
            }
        }
        return worst;
    }

    @Test
    void tiledEqualsWholeIn2dForSeveralGrids() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, true, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(5)) {
            // large enough that the whole image and the 2x1 tiles are cut and written back on every core, while the 4x4
            // tiles (below TiledPredictor's threshold) take the sequential path: the two paths must agree
            FloatImage img = random("YX", 1, 300, 347);
            TiledPredictor p = new TiledPredictor(net);
            // normalization off: the 1e-4 bound is on normalized data, so compare raw network outputs
            PredictOptions opts = PredictOptions.defaults().withoutNormalization();
            Restoration whole = p.predict(scaled(img), opts.withTiles(1, 1), PredictionListener.NONE);
            for (int[] grid : new int[][] {{2, 1}, {1, 3}, {3, 2}, {4, 4}}) {
                List<long[]> progress = new ArrayList<>();
                Restoration tiled = p.predict(scaled(img), opts.withTiles(grid), (d, t) -> progress.add(new long[] {d, t}));
                assertTrue(maxAbsDiff(whole.mean(), tiled.mean()) <= 1e-4, "mean, grid " + grid[0] + "x" + grid[1]);
                assertTrue(maxAbsDiff(whole.scale(), tiled.scale()) <= 1e-4, "scale, grid " + grid[0] + "x" + grid[1]);
                long tiles = (long) tiled.tilesPerAxis()[0] * tiled.tilesPerAxis()[1];
                assertTrue(tiles > 1, "grid " + grid[0] + "x" + grid[1] + " gave " + tiles + " tiles");
                assertEquals(tiles, progress.size());
                assertEquals(tiles, progress.get(progress.size() - 1)[1]);
            }
        }
    }

    @Test
    void tiledEqualsWholeIn3d() {
        UNetSpec spec = new UNetSpec(3, 1, 1, 2, new int[] {3, 3, 3}, 4, true, false, false, new int[] {2, 2, 2});
        try (UNet net = new UNet(engine, spec).initialize(6)) {
            FloatImage img = scaled(random("ZYX", 2, 44, 52, 61));
            TiledPredictor p = new TiledPredictor(net);
            PredictOptions opts = PredictOptions.defaults().withoutNormalization();
            FloatImage whole = p.predict(img, opts.withTiles(1, 1, 1), PredictionListener.NONE).mean();
            for (int[] grid : new int[][] {{2, 1, 1}, {1, 2, 2}, {2, 2, 3}}) {
                FloatImage tiled = p.predict(img, opts.withTiles(grid), PredictionListener.NONE).mean();
                assertTrue(maxAbsDiff(whole, tiled) <= 1e-4, "grid " + java.util.Arrays.toString(grid));
            }
        }
    }

    @Test
    void memoryBudgetPlansTilesThatStillEqualTheWholeImage() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(7)) {
            FloatImage img = random("YX", 3, 200, 240);
            TiledPredictor p = new TiledPredictor(net);
            Restoration whole = p.predict(img, PredictOptions.defaults().withTiles(1, 1), PredictionListener.NONE);
            long tileBytes = p.costModel().bytes(new long[] {100, 120});
            Restoration planned = p.predict(img, PredictOptions.defaults().withMemoryBudget(tileBytes),
                    PredictionListener.NONE);
            assertTrue(planned.tilesPerAxis()[0] * planned.tilesPerAxis()[1] > 1);
            // normalized data: the outputs are un-normalized with a range of about 100, so scale the bound
            assertTrue(maxAbsDiff(whole.mean(), planned.mean()) <= 1e-4 * 100);
        }
    }

    @Test
    void normalizationIsUndoneAndExtraAxesAreRestoredOneByOne() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(8)) {
            FloatImage stack = random("TYX", 4, 3, 40, 44);
            Restoration r = new TiledPredictor(net).predict(stack, PredictOptions.defaults(), PredictionListener.NONE);
            assertEquals("TYX", r.mean().axes().letters());
            assertArrayEquals(stack.shape(), r.mean().shape());
            // a residual net with small random weights stays near its input, in the input's units
            double mean = 0;
            for (float v : r.mean().toArray()) {
                mean += v / r.mean().numel();
            }
            assertEquals(140, mean, 30);
            // each time point equals restoring it alone (normalization is computed over the whole stack)
            PercentileNormalizer n = PercentileNormalizer.fit(stack);
            FloatImage second = FloatImage.of("YX", new long[] {40, 44}, stack.plane(1).clone());
            PredictOptions fixed = PredictOptions.defaults().withoutNormalization();
            FloatImage normalizedSecond = n.normalize(second.withAxes("CYX", 1, 40, 44)).withAxes("YX", 40, 44);
            FloatImage alone = new TiledPredictor(net).predict(normalizedSecond, fixed, PredictionListener.NONE).mean();
            for (int i = 0; i < 40 * 44; i++) {
                assertEquals(n.undoMean(0, alone.plane(0)[i]), r.mean().plane(1)[i], 1e-3f);
            }
        }
    }

    @Test
    void channelMismatchAndMissingZAreClearErrors() {
        UNetSpec spec3 = new UNetSpec(3, 1, 1, 1, new int[] {3, 3, 3}, 2, true, false, false, new int[] {2, 2, 2});
        UNetSpec spec2 = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 2, true, false, false, new int[] {2, 2});
        try (UNet net3 = new UNet(engine, spec3); UNet net2 = new UNet(engine, spec2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TiledPredictor(net3).predict(random("YX", 1, 16, 16), PredictOptions.defaults(),
                            PredictionListener.NONE));
            assertTrue(e.getMessage().contains("Z axis"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new TiledPredictor(net2).predict(random("CYX", 1, 2, 16, 16), PredictOptions.defaults(),
                            PredictionListener.NONE));
            assertTrue(e.getMessage().contains("2 channel"), e.getMessage());
            // issue 10, item 11: it said "give the channel axis as C" when the axis was C, and printed FloatImage(...)
            assertTrue(e.getMessage().contains("give an image with that many channels"), e.getMessage());
            assertFalse(e.getMessage().contains("as C") || e.getMessage().contains("FloatImage"), e.getMessage());
            UNetSpec twoIn = new UNetSpec(2, 2, 1, 1, new int[] {3, 3}, 2, false, false, false, new int[] {2, 2});
            try (UNet net2c = new UNet(engine, twoIn)) {
                e = assertThrows(IllegalArgumentException.class, () -> new TiledPredictor(net2c).predict(
                        random("YX", 1, 16, 16), PredictOptions.defaults(), PredictionListener.NONE));
                assertTrue(e.getMessage().contains("(axes YX, shape [16, 16]) has 1 channel(s); the model takes 2:"
                        + " give the channel axis as C"), e.getMessage());
            }
        }
    }

    /**
     * Transfers overlapped on the second queue through pinned memory ({@link TileTransfers}) give the same bits as the
     * blocking path, for tiles of different sizes (the buffers grow), a probabilistic network (two outputs per channel),
     * normalization undone, and a stack restored plane by plane (more tiles than slots); the whole image too.
     */
    @Test
    void overlappedTransfersGiveTheSameBitsAsBlockingOnes() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, true, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(9)) {
            FloatImage stack = random("TYX", 4, 3, 70, 93);
            TiledPredictor blocking = new TiledPredictor(net, false);
            TiledPredictor overlapped = new TiledPredictor(net, true);
            for (int[] grid : new int[][] {{1, 1}, {2, 3}}) {
                List<long[]> progress = new ArrayList<>();
                Restoration a = blocking.predict(stack, PredictOptions.defaults().withTiles(grid), PredictionListener.NONE);
                Restoration b = overlapped.predict(stack, PredictOptions.defaults().withTiles(grid),
                        (d, t) -> progress.add(new long[] {d, t}));
                assertArrayEquals(a.mean().toArray(), b.mean().toArray(), "mean, grid " + grid[0] + "x" + grid[1]);
                assertArrayEquals(a.scale().toArray(), b.scale().toArray(), "scale, grid " + grid[0] + "x" + grid[1]);
                long tiles = 3L * b.tilesPerAxis()[0] * b.tilesPerAxis()[1];
                assertEquals(tiles, progress.size(), "one progress call per tile");
                assertEquals(tiles, progress.get(progress.size() - 1)[0]);
            }
        }
    }

    /** The image mapped into [0, 1], like normalized data, so absolute differences compare with 1e-4. */
    private static FloatImage scaled(FloatImage img) {
        float[] a = img.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - 100) / 100;
        }
        return FloatImage.of(img.axes().letters(), img.shape(), a);
    }
}
