package org.jcare.training.loop;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.model.ModelDirectory;
import org.jcare.training.data.TrainingData;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static UNetSpec tiny() {
        return new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 8, true, false, false, new int[] {2, 2});
    }

    /** Smooth targets and noisy sources, 16x16 patches: something a tiny U-Net can learn in a few steps. */
    private static TrainingData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            float[] x = new float[256];
            float[] y = new float[256];
            double fx = 0.2 + 0.3 * r.nextDouble();
            double fy = 0.2 + 0.3 * r.nextDouble();
            for (int i = 0; i < 256; i++) {
                y[i] = (float) (0.5 + 0.4 * Math.sin(fx * (i % 16)) * Math.cos(fy * (i / 16)));
                x[i] = (float) (y[i] + 0.3 * (r.nextDouble() - 0.5));
            }
            xs.add(x);
            ys.add(y);
        }
        return TrainingData.of("YX", new int[] {16, 16}, 1, 1, xs, ys);
    }

    @Test
    void adamDrivesTheLossOfATinyUNetOnAFixedPairDownTenfold() {
        try (UNet net = new UNet(engine, tiny()).initialize(1);
             TrainStep step = new TrainStep(net, LossKind.MSE);
             Scope scope = engine.scope()) {
            TrainingData d = data(1, 3);
            Tensor x = engine.tensor(Shape.of(1, 1, 16, 16), d.x(0));
            Tensor y = engine.tensor(Shape.of(1, 1, 16, 16), d.y(0));
            Tensor sum = engine.zeros(Shape.of(1));
            step.run(x, y, 1e-3f, sum);
            float first = sum.toArray()[0];
            for (int i = 0; i < 150; i++) {
                step.run(x, y, 1e-3f, null);
            }
            engine.tensorKernels().fill(sum.buffer(), 0, 1);
            step.run(x, y, 1e-3f, sum);
            float last = sum.toArray()[0];
            assertTrue(last < first / 10, "loss " + first + " -> " + last);
        }
    }

    @Test
    void fiftyTrainingStepsAllocateNoDeviceMemoryAfterTheFirst() {
        try (UNet net = new UNet(engine, tiny()).initialize(1);
             TrainStep step = new TrainStep(net, LossKind.MAE);
             Scope scope = engine.scope()) {
            Tensor x = engine.tensor(Shape.of(2, 1, 16, 16), new float[512]);
            Tensor y = engine.zeros(Shape.of(2, 1, 16, 16));
            Tensor sum = engine.zeros(Shape.of(1));
            step.run(x, y, 1e-3f, sum);
            long pool = engine.pool().allocations();
            long device = engine.cl().allocations();
            for (int i = 1; i < 50; i++) {
                step.run(x, y, 1e-3f, sum);
            }
            assertEquals(pool, engine.pool().allocations(), "pool allocations after step 1");
            assertEquals(device, engine.cl().allocations(), "device allocations after step 1");
        }
    }

    @Test
    void sameSeedSameWeightsAndResumeContinuesExactly(@TempDir Path dir) throws Exception {
        TrainingData train = data(12, 5);
        TrainingData val = data(4, 6);
        TrainingSettings settings = new TrainingSettings(4, 3, 4, 1e-3, LossKind.MAE, 0.5, 1, 0, 9, null, 2);
        float[] straight;
        List<EpochResult> straightHistory;
        try (UNet net = new UNet(engine, tiny()).initialize(2)) {
            straightHistory = new Trainer(net, settings, null, null).fit(train, val);
            straight = net.parameters().readValues();
        }
        try (UNet net = new UNet(engine, tiny()).initialize(2)) {
            assertArrayEquals(straight, runAgain(net, train, val, settings), "same seed, same device: same weights");
        }
        // two epochs, "crash", then resume from the checkpoint folder for the remaining two
        Path out = dir.resolve("model");
        TrainerState state;
        try (UNet net = new UNet(engine, tiny()).initialize(2)) {
            new Trainer(net, settings.withLength(2, 3), new ModelCheckpoints(out, new com.fasterxml.jackson.databind
                    .ObjectMapper().createObjectNode().put("axes", "YXC")), null).fit(train, val);
            ModelDirectory.Loaded saved = ModelDirectory.load(out);
            assertTrue(saved.files().trainingState().isPresent());
            state = ModelCheckpoints.decode(saved.files().trainingState().get(), saved.files().historyCsv().orElseThrow(), 4);
            assertEquals(2, state.epochsDone());
            assertEquals(2, state.history().size());
        }
        try (UNet net = new UNet(engine, tiny())) {
            org.jcare.training.model.Weights.write(net.parameters(), ModelDirectory.load(out).files().weights()
                    .get(org.jcare.io.model.ModelFiles.Kind.LAST), "weights_last");
            List<EpochResult> h = new Trainer(net, settings, null, null).fit(train, val, state);
            assertEquals(4, h.size());
            assertArrayEquals(straight, net.parameters().readValues(), "resumed run ends with the same weights");
            for (int i = 0; i < 4; i++) {
                assertEquals(straightHistory.get(i).valLoss(), h.get(i).valLoss(), 0, "val_loss of epoch " + (i + 1));
                assertEquals(straightHistory.get(i).learningRate(), h.get(i).learningRate(), 0);
            }
        }
    }

    @Test
    void listenerSeesStepsAndEpochsAndTimeBudgetStops() {
        TrainingData train = data(8, 7);
        TrainingData val = data(2, 8);
        TrainingSettings settings = new TrainingSettings(50, 2, 2, 1e-3, LossKind.MAE, 0.5, 10, 0, 1,
                java.time.Duration.ZERO, 1);
        List<String> events = new ArrayList<>();
        try (UNet net = new UNet(engine, tiny()).initialize(3)) {
            List<EpochResult> h = new Trainer(net, settings, null, new TrainingListener() {
                @Override
                public void onStep(int epoch, int step, int steps, double loss) {
                    events.add("step " + epoch + "." + step);
                }

                @Override
                public void onEpoch(EpochResult r) {
                    events.add("epoch " + r.epoch());
                }
            }).fit(train, val);
            assertEquals(1, h.size(), "a zero time budget stops after the first epoch");
            assertEquals(List.of("step 1.1", "step 1.2", "epoch 1"), events);
            assertTrue(h.get(0).improved());
            assertTrue(Double.isFinite(h.get(0).loss()) && h.get(0).loss() > 0);
        }
    }

    /**
     * A listener that throws (the Fiji command's Esc) leaves the asynchronous loss read in flight; the trainer must
     * wait for it before freeing the host memory it writes into (CI once aborted with "malloc(): unaligned tcache
     * chunk" here). Repeated so a write after free has many chances to corrupt the heap; the engine must stay usable.
     */
    @Test
    void aListenerThatThrowsStopsTrainingCleanlyEveryTime() {
        TrainingData train = data(8, 9);
        TrainingData val = data(2, 10);
        TrainingSettings settings = new TrainingSettings(3, 4, 2, 1e-3, LossKind.MAE, 0.5, 10, 0, 1, null, 1);
        for (int i = 0; i < 20; i++) {
            try (UNet net = new UNet(engine, tiny()).initialize(i)) {
                int stopAt = 1 + i % 4;
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> new Trainer(net, settings, null, new TrainingListener() {
                            @Override
                            public void onStep(int epoch, int step, int steps, double loss) {
                                if (step == stopAt) {
                                    throw new IllegalStateException("cancelled at step " + step);
                                }
                            }
                        }).fit(train, val));
                assertEquals("cancelled at step " + stopAt, e.getMessage());
            }
        }
        try (UNet net = new UNet(engine, tiny()).initialize(1)) {
            assertEquals(3, new Trainer(net, settings, null, TrainingListener.NONE).fit(train, val).size());
        }
    }

    @Test
    void patchesThatDoNotFitTheNetworkAreRefused() {
        TrainingData odd = TrainingData.of("YX", new int[] {6, 6}, 1, 1, List.of(new float[36]), List.of(new float[36]));
        try (UNet net = new UNet(engine, tiny())) {
            Trainer t = new Trainer(net, TrainingSettings.defaults(LossKind.MAE, 1), null, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(odd, odd));
            assertTrue(e.getMessage().contains("divisible"), e.getMessage());
        }
    }

    private static float[] runAgain(UNet net, TrainingData train, TrainingData val, TrainingSettings s) {
        new Trainer(net, s, null, null).fit(train, val);
        return net.parameters().readValues();
    }
}
