package org.jcare.training.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a CARE network and its training: every field of CSBDeep's {@code Config} (CSBDeep 0.8,
 * {@code csbdeep/models/config.py}) with its default and its meaning, plus a small jcare extension. Immutable; build
 * one with {@link #builder(String)} (defaults that depend on other fields, such as the kernel size, the residual
 * flag or the loss, are resolved when {@link Builder#build()} runs) and change one with {@link #toBuilder()}.
 *
 * <p>Validation reports every violation at once in a {@link ConfigException}. Deliberate differences from CSBDeep:
 * channel counts below 1 are an error (CSBDeep silently clamps them to 1); the kernel size must be odd (CSBDeep only
 * fails later, when the network is built); the JSON field {@code n_dim}, which CSBDeep ignores on load, must agree
 * with the axes.
 *
 * <p>JSON names and the file format are handled by {@link CareConfigJson}.
 */
public final class CareConfig {
    /** Version of the jcare extension section written by this code. */
    public static final int FORMAT_VERSION = 1;

    private final String axes;
    private final int nDim;
    private final int nChannelIn;
    private final int nChannelOut;
    private final boolean probabilistic;
    private final boolean unetResidual;
    private final int unetNDepth;
    private final int unetKernSize;
    private final int unetNFirst;
    private final String unetLastActivation;
    private final List<Integer> unetInputShape;
    private final String trainLoss;
    private final int trainEpochs;
    private final int trainStepsPerEpoch;
    private final double trainLearningRate;
    private final int trainBatchSize;
    private final boolean trainTensorboard;
    private final String trainCheckpoint;
    private final String trainCheckpointLast;
    private final String trainCheckpointEpoch;
    private final ReduceLr trainReduceLr;
    private final int[] unetKernSizePerAxis;
    private final Long seed;
    private final TaskSpec task;
    private final Map<String, String> unknownFields;

    private CareConfig(Builder b, String axes, int nDim) {
        this.axes = axes;
        this.nDim = nDim;
        this.nChannelIn = b.nChannelIn;
        this.nChannelOut = b.nChannelOut;
        this.probabilistic = b.probabilistic;
        this.unetResidual = b.unetResidual != null ? b.unetResidual : b.nChannelIn == b.nChannelOut;
        this.unetNDepth = b.unetNDepth;
        this.unetKernSize = b.unetKernSize != null ? b.unetKernSize : (nDim == 2 ? 5 : 3);
        this.unetNFirst = b.unetNFirst;
        this.unetLastActivation = b.unetLastActivation;
        List<Integer> shape = b.unetInputShape;
        if (shape == null) {
            shape = new ArrayList<>(Collections.nCopies(nDim, (Integer) null));
            shape.add(b.nChannelIn);
        }
        this.unetInputShape = Collections.unmodifiableList(new ArrayList<>(shape));
        this.trainLoss = b.trainLoss != null ? b.trainLoss : (b.probabilistic ? "laplace" : "mae");
        this.trainEpochs = b.trainEpochs;
        this.trainStepsPerEpoch = b.trainStepsPerEpoch;
        this.trainLearningRate = b.trainLearningRate;
        this.trainBatchSize = b.trainBatchSize;
        this.trainTensorboard = b.trainTensorboard;
        this.trainCheckpoint = b.trainCheckpoint;
        this.trainCheckpointLast = b.trainCheckpointLast;
        this.trainCheckpointEpoch = b.trainCheckpointEpoch;
        this.trainReduceLr = b.trainReduceLr;
        this.unetKernSizePerAxis = b.unetKernSizePerAxis == null ? null : b.unetKernSizePerAxis.clone();
        this.seed = b.seed;
        this.task = b.task.resolved(axes.replace("C", ""));
        this.unknownFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.unknownFields));
    }

    /**
     * A builder with CSBDeep's defaults for network axes {@code axes} (for example "YX", "ZYX", "SYXC"; normalized as
     * CSBDeep does: upper case, S dropped, C appended), one input and one output channel, not probabilistic.
     */
    public static Builder builder(String axes) {
        return new Builder().axes(axes);
    }

    /** CSBDeep's {@code Config(axes, n_channel_in, n_channel_out, probabilistic)} with every other field default. */
    public static CareConfig of(String axes, int nChannelIn, int nChannelOut, boolean probabilistic) {
        return builder(axes).nChannelIn(nChannelIn).nChannelOut(nChannelOut).probabilistic(probabilistic).build();
    }

    /**
     * A builder holding every value of this configuration. Derived defaults are not recomputed: changing the axes
     * from 2D to 3D keeps a kernel size of 5, changing {@code probabilistic} keeps the loss; set those too.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.axes = axes;
        b.nChannelIn = nChannelIn;
        b.nChannelOut = nChannelOut;
        b.probabilistic = probabilistic;
        b.unetResidual = unetResidual;
        b.unetNDepth = unetNDepth;
        b.unetKernSize = unetKernSize;
        b.unetNFirst = unetNFirst;
        b.unetLastActivation = unetLastActivation;
        b.unetInputShape = new ArrayList<>(unetInputShape);
        b.trainLoss = trainLoss;
        b.trainEpochs = trainEpochs;
        b.trainStepsPerEpoch = trainStepsPerEpoch;
        b.trainLearningRate = trainLearningRate;
        b.trainBatchSize = trainBatchSize;
        b.trainTensorboard = trainTensorboard;
        b.trainCheckpoint = trainCheckpoint;
        b.trainCheckpointLast = trainCheckpointLast;
        b.trainCheckpointEpoch = trainCheckpointEpoch;
        b.trainReduceLr = trainReduceLr;
        b.unetKernSizePerAxis = unetKernSizePerAxis == null ? null : unetKernSizePerAxis.clone();
        b.seed = seed;
        b.task = task;
        b.unknownFields.putAll(unknownFields);
        return b;
    }

    /** Network axes, normalized: "YXC", "ZYXC" or "TYXC" ({@code axes}). */
    public String axes() {
        return axes;
    }

    /** Number of spatial (non-channel) axes, 2 or 3 ({@code n_dim}). */
    public int nDim() {
        return nDim;
    }

    /** Input channels ({@code n_channel_in}, default 1). */
    public int nChannelIn() {
        return nChannelIn;
    }

    /** Output channels, not counting the scale channels of a probabilistic network ({@code n_channel_out}). */
    public int nChannelOut() {
        return nChannelOut;
    }

    /** Whether the network predicts a per-pixel Laplace distribution (mean and scale) ({@code probabilistic}). */
    public boolean probabilistic() {
        return probabilistic;
    }

    /** Whether the input is added to the output ({@code unet_residual}, default n_channel_in == n_channel_out). */
    public boolean unetResidual() {
        return unetResidual;
    }

    /** Number of pooling levels of the U-Net ({@code unet_n_depth}, default 2). */
    public int unetNDepth() {
        return unetNDepth;
    }

    /** Convolution kernel size, the same on every axis ({@code unet_kern_size}, default 5 in 2D, 3 in 3D). */
    public int unetKernSize() {
        return unetKernSize;
    }

    /**
     * Kernel size per spatial axis, in the order of {@link #axes()} without C: the jcare extension
     * ({@code jcare.unet_kern_size_per_axis}) when set, otherwise {@link #unetKernSize()} on every axis.
     */
    public int[] kernelSizePerAxis() {
        if (unetKernSizePerAxis != null) {
            return unetKernSizePerAxis.clone();
        }
        int[] k = new int[nDim];
        Arrays.fill(k, unetKernSize);
        return k;
    }

    /** True when the jcare extension sets a per-axis kernel size. */
    public boolean hasKernelSizePerAxis() {
        return unetKernSizePerAxis != null;
    }

    /** Filters of the first level, doubled at every level ({@code unet_n_first}, default 32). */
    public int unetNFirst() {
        return unetNFirst;
    }

    /** Activation after the head: "linear" or "relu" ({@code unet_last_activation}, default linear). */
    public String unetLastActivation() {
        return unetLastActivation;
    }

    /**
     * Network input shape, spatial sizes then channels, {@code null} for "any size" ({@code unet_input_shape},
     * default [null, null, n_channel_in] in 2D). Unmodifiable; may contain nulls.
     */
    public List<Integer> unetInputShape() {
        return unetInputShape;
    }

    /** Loss: "mae" or "mse", or "laplace" for a probabilistic network ({@code train_loss}). */
    public String trainLoss() {
        return trainLoss;
    }

    /** Number of epochs ({@code train_epochs}, default 100). */
    public int trainEpochs() {
        return trainEpochs;
    }

    /** Parameter updates per epoch ({@code train_steps_per_epoch}, default 400). */
    public int trainStepsPerEpoch() {
        return trainStepsPerEpoch;
    }

    /** Adam learning rate ({@code train_learning_rate}, default 4e-4). */
    public double trainLearningRate() {
        return trainLearningRate;
    }

    /** Patches per batch ({@code train_batch_size}, default 16). */
    public int trainBatchSize() {
        return trainBatchSize;
    }

    /** Whether to write training logs for a viewer ({@code train_tensorboard}, default true). */
    public boolean trainTensorboard() {
        return trainTensorboard;
    }

    /** File name of the best weights, or null to disable ({@code train_checkpoint}, default weights_best.h5). */
    public String trainCheckpoint() {
        return trainCheckpoint;
    }

    /** File name of the final weights, or null ({@code train_checkpoint_last}, default weights_last.h5). */
    public String trainCheckpointLast() {
        return trainCheckpointLast;
    }

    /** File name of the per-epoch weights, or null ({@code train_checkpoint_epoch}, default weights_now.h5). */
    public String trainCheckpointEpoch() {
        return trainCheckpointEpoch;
    }

    /** Learning-rate schedule, or null when disabled ({@code train_reduce_lr}). */
    public ReduceLr trainReduceLr() {
        return trainReduceLr;
    }

    /** Random seed of the jcare extension ({@code jcare.seed}), or null when not set. */
    public Long seed() {
        return seed;
    }

    /** The task (standard, isotropic, upsampling, projection) and its parameters; {@link TaskSpec#STANDARD} by default. */
    public TaskSpec task() {
        return task;
    }

    /**
     * Top-level fields of a loaded file that are neither CSBDeep's nor jcare's, name to raw JSON text, in file
     * order. They are kept and written back (a file round-trips), and listed here so a caller can warn about them.
     */
    public Map<String, String> unknownFields() {
        return unknownFields;
    }

    /** Spatial axes only (axes without C), for example "YX" or "ZYX". */
    public String spatialAxes() {
        return axes.replace("C", "");
    }

    /** Channels of the network output: n_channel_out, doubled for a probabilistic network (mean and scale). */
    public int nChannelOutTotal() {
        return probabilistic ? 2 * nChannelOut : nChannelOut;
    }

    /** The divisor every spatial size must meet: 2^unet_n_depth. */
    public int divisor() {
        return 1 << unetNDepth;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CareConfig c)) {
            return false;
        }
        return axes.equals(c.axes) && nDim == c.nDim && nChannelIn == c.nChannelIn && nChannelOut == c.nChannelOut
                && probabilistic == c.probabilistic && unetResidual == c.unetResidual && unetNDepth == c.unetNDepth
                && unetKernSize == c.unetKernSize && unetNFirst == c.unetNFirst
                && unetLastActivation.equals(c.unetLastActivation) && unetInputShape.equals(c.unetInputShape)
                && trainLoss.equals(c.trainLoss) && trainEpochs == c.trainEpochs
                && trainStepsPerEpoch == c.trainStepsPerEpoch
                && Double.compare(trainLearningRate, c.trainLearningRate) == 0 && trainBatchSize == c.trainBatchSize
                && trainTensorboard == c.trainTensorboard && Objects.equals(trainCheckpoint, c.trainCheckpoint)
                && Objects.equals(trainCheckpointLast, c.trainCheckpointLast)
                && Objects.equals(trainCheckpointEpoch, c.trainCheckpointEpoch)
                && Objects.equals(trainReduceLr, c.trainReduceLr)
                && Arrays.equals(unetKernSizePerAxis, c.unetKernSizePerAxis) && Objects.equals(seed, c.seed)
                && task.equals(c.task) && unknownFields.equals(c.unknownFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(axes, nChannelIn, nChannelOut, probabilistic, unetNDepth, unetKernSize, unetNFirst,
                trainLoss, trainEpochs, trainBatchSize, seed);
    }

    @Override
    public String toString() {
        return "CareConfig{axes=" + axes + ", n_channel_in=" + nChannelIn + ", n_channel_out=" + nChannelOut
                + ", probabilistic=" + probabilistic + ", unet_residual=" + unetResidual + ", unet_n_depth="
                + unetNDepth + ", unet_kern_size=" + (unetKernSizePerAxis != null
                        ? Arrays.toString(unetKernSizePerAxis) : unetKernSize)
                + ", unet_n_first=" + unetNFirst + ", unet_last_activation=" + unetLastActivation
                + ", train_loss=" + trainLoss + ", train_epochs=" + trainEpochs + ", train_steps_per_epoch="
                + trainStepsPerEpoch + ", train_learning_rate=" + trainLearningRate + ", train_batch_size="
                + trainBatchSize + ", train_reduce_lr=" + trainReduceLr + (seed != null ? ", seed=" + seed : "")
                + (task.isStandard() ? "" : ", task=" + task) + "}";
    }

    /**
     * Collects values before validation. Setters take boxed values where the JSON reader may leave a field unset;
     * {@link #build()} resolves derived defaults, validates everything and throws one {@link ConfigException}.
     */
    public static final class Builder {
        String axes = "YX";
        int nChannelIn = 1;
        int nChannelOut = 1;
        boolean probabilistic;
        Boolean unetResidual;
        int unetNDepth = 2;
        Integer unetKernSize;
        int unetNFirst = 32;
        String unetLastActivation = "linear";
        List<Integer> unetInputShape;
        String trainLoss;
        int trainEpochs = 100;
        int trainStepsPerEpoch = 400;
        double trainLearningRate = 4e-4;
        int trainBatchSize = 16;
        boolean trainTensorboard = true;
        String trainCheckpoint = "weights_best.h5";
        String trainCheckpointLast = "weights_last.h5";
        String trainCheckpointEpoch = "weights_now.h5";
        ReduceLr trainReduceLr = ReduceLr.DEFAULT;
        int[] unetKernSizePerAxis;
        Long seed;
        TaskSpec task = TaskSpec.STANDARD;
        Integer declaredNDim;
        final Map<String, String> unknownFields = new LinkedHashMap<>();
        final List<Violation> extraViolations = new ArrayList<>();

        private Builder() {
        }

        /** Network axes ({@code axes}). */
        public Builder axes(String v) {
            axes = v;
            return this;
        }

        /** Input channels ({@code n_channel_in}). */
        public Builder nChannelIn(int v) {
            nChannelIn = v;
            return this;
        }

        /** Output channels ({@code n_channel_out}). */
        public Builder nChannelOut(int v) {
            nChannelOut = v;
            return this;
        }

        /** Probabilistic (Laplace) output ({@code probabilistic}). */
        public Builder probabilistic(boolean v) {
            probabilistic = v;
            return this;
        }

        /** Residual connection; null restores the default n_channel_in == n_channel_out ({@code unet_residual}). */
        public Builder unetResidual(Boolean v) {
            unetResidual = v;
            return this;
        }

        /** U-Net depth ({@code unet_n_depth}). */
        public Builder unetNDepth(int v) {
            unetNDepth = v;
            return this;
        }

        /** Kernel size; null restores the default 5 (2D) / 3 (3D) ({@code unet_kern_size}). */
        public Builder unetKernSize(Integer v) {
            unetKernSize = v;
            return this;
        }

        /** Kernel size per spatial axis (jcare extension), or null for {@code unet_kern_size} on every axis. */
        public Builder unetKernSizePerAxis(int... v) {
            unetKernSizePerAxis = v == null ? null : v.clone();
            return this;
        }

        /** First-level filters ({@code unet_n_first}). */
        public Builder unetNFirst(int v) {
            unetNFirst = v;
            return this;
        }

        /** Last activation, "linear" or "relu" ({@code unet_last_activation}). */
        public Builder unetLastActivation(String v) {
            unetLastActivation = v;
            return this;
        }

        /** Input shape (spatial sizes or null, then channels); null restores the default ({@code unet_input_shape}). */
        public Builder unetInputShape(List<Integer> v) {
            unetInputShape = v == null ? null : new ArrayList<>(v);
            return this;
        }

        /** Loss; null restores the default laplace / mae ({@code train_loss}). */
        public Builder trainLoss(String v) {
            trainLoss = v;
            return this;
        }

        /** Epochs ({@code train_epochs}). */
        public Builder trainEpochs(int v) {
            trainEpochs = v;
            return this;
        }

        /** Steps per epoch ({@code train_steps_per_epoch}). */
        public Builder trainStepsPerEpoch(int v) {
            trainStepsPerEpoch = v;
            return this;
        }

        /** Learning rate ({@code train_learning_rate}). */
        public Builder trainLearningRate(double v) {
            trainLearningRate = v;
            return this;
        }

        /** Batch size ({@code train_batch_size}). */
        public Builder trainBatchSize(int v) {
            trainBatchSize = v;
            return this;
        }

        /** Training logs ({@code train_tensorboard}). */
        public Builder trainTensorboard(boolean v) {
            trainTensorboard = v;
            return this;
        }

        /** Best-weights file name or null ({@code train_checkpoint}). */
        public Builder trainCheckpoint(String v) {
            trainCheckpoint = v;
            return this;
        }

        /** Last-weights file name or null ({@code train_checkpoint_last}). */
        public Builder trainCheckpointLast(String v) {
            trainCheckpointLast = v;
            return this;
        }

        /** Per-epoch weights file name or null ({@code train_checkpoint_epoch}). */
        public Builder trainCheckpointEpoch(String v) {
            trainCheckpointEpoch = v;
            return this;
        }

        /** Learning-rate schedule or null to disable ({@code train_reduce_lr}). */
        public Builder trainReduceLr(ReduceLr v) {
            trainReduceLr = v;
            return this;
        }

        /** Random seed (jcare extension) or null. */
        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        /** The task and its parameters (jcare extension and CSBDeep's proj_* fields); null restores standard. */
        public Builder task(TaskSpec v) {
            task = v == null ? TaskSpec.STANDARD : v;
            return this;
        }

        /** Keeps an unknown top-level field (raw JSON text) so that it is written back. */
        public Builder unknownField(String name, String rawJson) {
            unknownFields.put(name, rawJson);
            return this;
        }

        /** The {@code n_dim} found in a file, checked against the axes; null when absent. */
        Builder declaredNDim(Integer v) {
            declaredNDim = v;
            return this;
        }

        /** A problem found while reading (for example a wrong JSON type), reported together with the others. */
        Builder violation(Violation v) {
            extraViolations.add(v);
            return this;
        }

        /**
         * Resolves derived defaults and validates every field.
         *
         * @throws ConfigException listing every invalid value
         */
        public CareConfig build() {
            return build("CareConfig");
        }

        CareConfig build(String source) {
            String[] norm = new String[1];
            List<Violation> bad = ConfigValidation.validate(this, norm);
            if (!bad.isEmpty()) {
                throw new ConfigException(source, bad);
            }
            return new CareConfig(this, norm[0], norm[0].length() - 1);
        }
    }
}
