package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slices of an isotropic restoration planned from a memory budget: the plan fits, and the device stays under it. */
class PlaneBatchesTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aHundredSliceGigapixelStackWithFactorFivePlansWithinFourGib() {
        // CSBDeep's default isotropic model; 100 x 1024 x 1024 upsampled by 5: slices of 1024 x 500 (padded 1024 x 500)
        try (UNet net = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false))) {
            long budget = 4L << 30;
            long perPixel = net.inferenceBytesPerVoxel();
            for (long rows : new long[] {1024, 1024}) {
                PlaneBatches p = new PlaneBatches(net, rows, 500, 1024, null, budget);
                long[] t = p.grid().tileShape();
                long bytes = DeviceBudget.parameterBytes(net) + p.batch() * t[0] * t[1] * perPixel;
                assertTrue(bytes <= budget, "batch " + p.batch() + " of tiles " + java.util.Arrays.toString(t)
                        + " needs " + bytes + " bytes");
                assertTrue(p.batch() >= 1 && p.launches(1024) >= 1);
            }
        }
    }

    @Test
    void theDeviceStaysWithinTheBudgetDuringARestoration() {
        try (UNet net = new UNet(engine, new UNetSpec(2, 1, 1, 2, new int[] {5, 5}, 8, true, false, false,
                new int[] {2, 2})).initialize(1)) {
            FloatImage img = IsotropicPredictorTest.random(2, 6, 96, 80);
            long budget = 24L << 20;
            engine.pool().resetPeak();
            Restoration r = new IsotropicPredictor(net, 4).predict(img, PredictOptions.defaults()
                    .withMemoryBudget(budget), PredictionListener.NONE);
            long peak = engine.pool().peakBytesInUse() + DeviceBudget.parameterBytes(net);
            assertTrue(peak <= budget, "peak " + peak + " bytes over the budget of " + budget);
            assertTrue(r.mean().size('Z') == 24);
        }
    }
}
