package org.jcare.training.loop;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.optim.Adam;
import org.jcare.kernels.optim.AdamState;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.BatchSource;
import org.jcare.training.data.TrainingData;
import org.jcare.training.model.CareNetwork;
import org.lwjgl.system.MemoryUtil;

/**
 * The CARE training loop (reference b.2): Adam at the configured rate, batches drawn as CSBDeep's
 * RollingSequence, epochs of a fixed number of steps, the validation loss after each epoch,
 * ReduceLROnPlateau, {@code weights_best}/{@code weights_last} checkpoints, an optional time budget. The loss
 * is summed on the device and read back every few steps without blocking, so steps never wait for the host.
 */
public final class Trainer {
    private final CareNetwork net;
    private final TrainingSettings settings;
    private final CheckpointSink checkpoints;
    private final TrainingListener listener;
    private final Augmentation augmentation;
    private final double adamEpsilon;

    /** A trainer for {@code net} without augmentation. */
    public Trainer(CareNetwork net, TrainingSettings settings, CheckpointSink checkpoints, TrainingListener listener) {
        this(net, settings, checkpoints, listener, Augmentation.NONE);
    }

    /** A trainer for {@code net} that augments training batches (flips, rotations; same transform for x and y). */
    public Trainer(CareNetwork net, TrainingSettings settings, CheckpointSink checkpoints, TrainingListener listener,
                   Augmentation augmentation) {
        this(net, settings, checkpoints, listener, augmentation, Adam.DEFAULT_EPSILON);
    }

    /**
     * A trainer whose Adam uses {@code adamEpsilon} (Keras' 1e-7 by default; PyTorch's is 1e-8).
     *
     * @throws IllegalArgumentException when {@code adamEpsilon} is not positive
     */
    public Trainer(CareNetwork net, TrainingSettings settings, CheckpointSink checkpoints, TrainingListener listener,
                   Augmentation augmentation, double adamEpsilon) {
        if (!(adamEpsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be > 0, got " + adamEpsilon);
        }
        this.adamEpsilon = adamEpsilon;
        this.augmentation = augmentation == null ? Augmentation.NONE : augmentation;
        this.net = net;
        this.settings = settings;
        this.checkpoints = checkpoints == null ? CheckpointSink.NONE : checkpoints;
        this.listener = listener == null ? TrainingListener.NONE : listener;
    }

    /** Trains from scratch. */
    public List<EpochResult> fit(TrainingData train, TrainingData validation) {
        return fit(train, validation, null);
    }

    /** Trains, resuming from {@code resume} when it is not null. Returns the whole history. */
    public List<EpochResult> fit(TrainingData train, TrainingData validation, TrainerState resume) {
        requireCompatible(train, "training");
        return fit(train.batches(settings.batchSize(), settings.seed(), augmentation), validation, resume);
    }

    /**
     * Trains on the batches of {@code batches} (batch {@code epoch * steps_per_epoch + step} at each step, for
     * example {@link org.jcare.training.data.FreshPatches}), resuming from {@code resume} when it is not null. The
     * source's batch size must be the settings'. Returns the whole history.
     */
    public List<EpochResult> fit(BatchSource batches, TrainingData validation, TrainerState resume) {
        if (batches.batchSize() != settings.batchSize()) {
            throw new IllegalArgumentException("batches of " + batches.batchSize() + " samples, the settings say "
                    + settings.batchSize());
        }
        requireCompatible(shape(batches.batchSize(), batches.channelsIn(), batches.spatialShape()),
                shape(batches.batchSize(), batches.channelsOut(), batches.targetSpatialShape()), "training");
        requireCompatible(validation, "validation");
        Engine engine = net.engine();
        ParameterSet params = net.parameters();
        int bs = settings.batchSize();
        long[] xShape = shape(bs, batches.channelsIn(), batches.spatialShape());
        long[] yShape = shape(bs, batches.channelsOut(), batches.targetSpatialShape());
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(settings.reduceLrFactor(), settings.reduceLrPatience(),
                settings.reduceLrMinDelta());
        List<EpochResult> history = new ArrayList<>();
        double lr = settings.learningRate();
        int startEpoch = 0;
        double bestValLoss = Double.POSITIVE_INFINITY;
        long started = System.nanoTime();
        FloatBuffer pinned = MemoryUtil.memAllocFloat(1);
        // the event of the asynchronous loss read in flight, 0 when none: that read writes into `pinned`, so an
        // exception (a cancelled listener, a failed step) must wait for it before the memory is freed
        long pendingRead = 0;
        try (TrainStep trainStep = new TrainStep(net, settings.loss(), adamEpsilon);
             Tensor xb = engine.empty(Shape.of(xShape));
             Tensor yb = engine.empty(Shape.of(yShape));
             Tensor lossSum = engine.zeros(Shape.of(1))) {
            if (resume != null) {
                startEpoch = resume.epochsDone();
                lr = resume.learningRate();
                plateau.restore(resume.plateauBest(), resume.plateauWait());
                trainStep.adam().writeState(new AdamState(resume.adamSteps(), resume.adamM(), resume.adamV()));
                history.addAll(resume.history());
                bestValLoss = resume.history().stream().mapToDouble(EpochResult::valLoss).min().orElse(bestValLoss);
            }
            float[] hx = new float[Math.toIntExact(xb.numel())];
            float[] hy = new float[Math.toIntExact(yb.numel())];
            params.zeroGrad();
            for (int epoch = startEpoch; epoch < settings.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                engine.tensorKernels().fill(lossSum.buffer(), 0f, 1);
                int stepsInRead = 0;
                double running = Double.NaN;
                for (int step = 0; step < settings.stepsPerEpoch(); step++) {
                    batches.fillBatch((long) epoch * settings.stepsPerEpoch() + step, hx, hy);
                    xb.copyFrom(hx);
                    yb.copyFrom(hy);
                    trainStep.run(xb, yb, (float) lr, lossSum);
                    if ((step + 1) % settings.readbackInterval() == 0 || step + 1 == settings.stepsPerEpoch()) {
                        if (pendingRead != 0) {
                            // the previous read has had a whole interval of steps to land: no stall
                            long landed = pendingRead;
                            pendingRead = 0;
                            engine.cl().await(landed);
                            running = pinned.get(0) / stepsInRead;
                        }
                        pinned.clear();
                        pendingRead = engine.cl().readAsync(lossSum.buffer(), 0, pinned);
                        stepsInRead = step + 1;
                        listener.onStep(epoch + 1, step + 1, settings.stepsPerEpoch(), running);
                    }
                }
                if (pendingRead != 0) {
                    long landed = pendingRead;
                    pendingRead = 0;
                    engine.cl().await(landed);
                }
                double loss = pinned.get(0) / settings.stepsPerEpoch();
                double valLoss = validationLoss(validation, bs);
                // ModelCheckpoint(save_best_only) compares without min_delta, unlike the schedule
                boolean improved = valLoss < bestValLoss;
                bestValLoss = Math.min(bestValLoss, valLoss);
                double nextLr = plateau.update(valLoss, lr);
                EpochResult r = new EpochResult(epoch + 1, settings.epochs(), loss, valLoss, lr,
                        (System.nanoTime() - epochStart) / 1e9, improved);
                history.add(r);
                if (!Double.isFinite(loss) || !Double.isFinite(valLoss)) {
                    throw new IllegalStateException("training diverged at epoch " + (epoch + 1) + " (loss " + loss
                            + ", val_loss " + valLoss + "); the last finite checkpoint is kept: lower --train-learning-rate");
                }
                AdamState adamState = trainStep.adam().readState();
                TrainerState state = new TrainerState(epoch + 1, nextLr, plateau.best(), plateau.waited(),
                        adamState.steps(), adamState.m(), adamState.v(), List.copyOf(history));
                if (improved) {
                    checkpoints.save("weights_best", params, state);
                }
                checkpoints.save("weights_last", params, state);
                listener.onEpoch(r);
                lr = nextLr;
                if (settings.timeBudget() != null
                        && System.nanoTime() - started > settings.timeBudget().toNanos()) {
                    break;
                }
            }
        } finally {
            try {
                if (pendingRead != 0) {
                    engine.cl().await(pendingRead);
                }
            } finally {
                MemoryUtil.memFree(pinned);
            }
        }
        return history;
    }

    /** Mean loss over every validation pair, in batches, without recording gradients. */
    public double validationLoss(TrainingData validation, int batchSize) {
        Engine engine = net.engine();
        double sum = 0;
        int n = validation.size();
        try (var noGrad = engine.noGrad()) {
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                try (Scope scope = engine.scope()) {
                    Shape xs = batchShape(validation.xShape(), b);
                    Shape ys = batchShape(validation.yShape(), b);
                    float[] hx = new float[Math.toIntExact(xs.numel())];
                    float[] hy = new float[Math.toIntExact(ys.numel())];
                    int sx = hx.length / b;
                    int sy = hy.length / b;
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(validation.x(start + i), 0, hx, i * sx, sx);
                        System.arraycopy(validation.y(start + i), 0, hy, i * sy, sy);
                    }
                    Tensor pred = net.forward(engine.tensor(xs, hx));
                    Tensor loss = settings.loss().apply(pred, engine.tensor(ys, hy));
                    sum += loss.toArray()[0] * (double) b;
                }
            }
        }
        return sum / n;
    }

    /** The shape of a batch of {@code batch} samples of a data set of {@code dataShape} [S, C, spatial...]. */
    private static Shape batchShape(long[] dataShape, int batch) {
        long[] d = dataShape.clone();
        d[0] = batch;
        return Shape.of(d);
    }

    private static long[] shape(int samples, int channels, int[] spatial) {
        long[] s = new long[2 + spatial.length];
        s[0] = samples;
        s[1] = channels;
        for (int i = 0; i < spatial.length; i++) {
            s[2 + i] = spatial[i];
        }
        return s;
    }

    private void requireCompatible(TrainingData set, String what) {
        if (set.size() < 1) {
            throw new IllegalArgumentException("no " + what + " patches: generate more patches or lower the validation split");
        }
        requireCompatible(set.xShape(), set.yShape(), what);
    }

    private void requireCompatible(long[] s, long[] t, String what) {
        if (s[1] != net.inputChannels()) {
            throw new IllegalArgumentException(what + " patches have " + s[1] + " source channels, the network takes "
                    + net.inputChannels());
        }
        long expectedTarget = settings.loss() == LossKind.LAPLACE ? net.outputChannels() / 2 : net.outputChannels();
        if (t[1] != expectedTarget) {
            throw new IllegalArgumentException(what + " patches have " + t[1] + " target channels, the network predicts "
                    + expectedTarget);
        }
        int[] div = net.divisibility();
        if (s.length - 2 != div.length) {
            throw new IllegalArgumentException(what + " patches " + java.util.Arrays.toString(s) + " have "
                    + (s.length - 2) + " spatial axes, the network " + div.length);
        }
        long[] out = net.outputSpatialShape(java.util.Arrays.copyOfRange(s, 2, s.length));
        if (!java.util.Arrays.equals(out, java.util.Arrays.copyOfRange(t, 2, t.length))) {
            throw new IllegalArgumentException(what + " targets " + java.util.Arrays.toString(t) + " do not match the"
                    + " network's output " + java.util.Arrays.toString(out) + " for sources "
                    + java.util.Arrays.toString(s));
        }
        for (int i = 2; i < s.length; i++) {
            if (s[i] % div[i - 2] != 0) {
                throw new IllegalArgumentException(what + " patch size " + java.util.Arrays.toString(s)
                        + " must match the target " + java.util.Arrays.toString(t) + " and be divisible by "
                        + java.util.Arrays.toString(div) + " (2^unet_n_depth) per spatial axis");
            }
        }
    }
}
