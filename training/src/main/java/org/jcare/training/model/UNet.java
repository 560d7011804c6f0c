package org.jcare.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.activation.Activations;
import org.jcare.kernels.concat.Concat;
import org.jcare.kernels.conv.Conv;
import org.jcare.kernels.pool.Pool;
import org.jcare.training.predict.ReceptiveField;

/**
 * The CARE U-Net exactly as CSBDeep builds it (reference b.4): per level two convolutions with ReLU, stored as
 * skip, max-pooled; a middle of two convolutions; per level on the way up nearest upsampling, concatenation
 * [upsampled, skip], two convolutions with ReLU (the last one too); a 1x1 linear head, the residual add of the
 * input, the optional last ReLU; and, when probabilistic, a second 1x1 head with softplus + 1e-3 whose output
 * is concatenated after the mean. Layer names are CSBDeep's Keras names, so weights map one to one. The math is
 * CSBDeep's, the launches are fewer: each decoder level's upsampling and concatenation are read through by its first
 * convolution ({@link Conv#applyUpConcat}), and the residual add and last ReLU run in the head's epilogue.
 */
public final class UNet implements CareNetwork {
    /** CSBDeep adds this to the softplus of the scale head so the Laplace scale never reaches zero. */
    public static final float SCALE_EPSILON = 1e-3f;

    private final Engine engine;
    private final UNetSpec spec;
    private final ParameterSet params;
    private final List<Layer> down = new ArrayList<>();
    private final Layer middle0;
    private final Layer middle2;
    private final List<Layer> up = new ArrayList<>();
    private final Layer head;
    private final Layer headScale;
    private final boolean ownsParameters;

    /** A convolution layer: weight [out, in, (kd,) kh, kw] and bias [out]. */
    public record Layer(String name, Parameter weight, Parameter bias) {
    }

    /** Builds the network with zero weights; call {@link #initialize(long)} or load weights. */
    public UNet(Engine engine, UNetSpec spec) {
        this(engine, spec, new ParameterSet(engine), true);
    }

    /**
     * A U-Net whose parameters are declared in {@code shared}, the flat set of a composite network (the denoiser of
     * the projection network): the caller allocates the set after declaring its own layers, initializes the weights
     * ({@link #fillGlorot}) and closes it; closing this network leaves the set alone.
     */
    public static UNet inside(Engine engine, UNetSpec spec, ParameterSet shared) {
        return new UNet(engine, spec, shared, false);
    }

    private UNet(Engine engine, UNetSpec spec, ParameterSet params, boolean ownsParameters) {
        this.engine = engine;
        this.spec = spec;
        this.params = params;
        this.ownsParameters = ownsParameters;
        int[] ks = spec.kernelSize();
        int channels = spec.channelsIn();
        for (int n = 0; n < spec.depth(); n++) {
            down.add(layer("down_level_" + n + "_no_0", channels, spec.filters(n), ks));
            down.add(layer("down_level_" + n + "_no_1", spec.filters(n), spec.filters(n), ks));
            channels = spec.filters(n);
        }
        middle0 = layer("middle_0", channels, spec.filters(spec.depth()), ks);
        middle2 = layer("middle_2", spec.filters(spec.depth()), spec.filters(Math.max(0, spec.depth() - 1)), ks);
        channels = spec.filters(Math.max(0, spec.depth() - 1));
        for (int n = spec.depth() - 1; n >= 0; n--) {
            int skip = spec.filters(n);
            up.add(layer("up_level_" + n + "_no_0", channels + skip, spec.filters(n), ks));
            up.add(layer("up_level_" + n + "_no_2", spec.filters(n), spec.filters(Math.max(0, n - 1)), ks));
            channels = spec.filters(Math.max(0, n - 1));
        }
        int[] one = new int[spec.nDim()];
        java.util.Arrays.fill(one, 1);
        head = layer("head", channels, spec.channelsOut(), one);
        headScale = spec.probabilistic() ? layer("head_scale", channels, spec.channelsOut(), one) : null;
        if (ownsParameters) {
            params.allocate();
        }
    }

    private Layer layer(String name, int in, int out, int[] kernel) {
        long[] dims = new long[2 + kernel.length];
        dims[0] = out;
        dims[1] = in;
        for (int i = 0; i < kernel.length; i++) {
            dims[2 + i] = kernel[i];
        }
        return new Layer(name, params.add(name + ".weight", Shape.of(dims)), params.add(name + ".bias", Shape.of(out)));
    }

    /**
     * Glorot-uniform weights (Keras's default: limit sqrt(6 / (fan_in + fan_out)), fans = channels x kernel
     * volume) and zero biases, from {@code seed}.
     */
    public UNet initialize(long seed) {
        return initialize(seed, WeightInit.GLOROT);
    }

    /** Weights (and, for {@link WeightInit#PYTORCH}, biases) drawn by {@code init} from {@code seed}. */
    public UNet initialize(long seed, WeightInit init) {
        if (!ownsParameters) {
            throw new IllegalStateException("this U-Net is part of a composite network: initialize the composite");
        }
        if (init == WeightInit.PYTORCH) {
            params.writeValues(init.draw(layers(), params.flatLength(), seed));
            return this;
        }
        float[] flat = new float[Math.toIntExact(params.flatLength())];
        fillGlorot(flat, layers(), new SplittableRandom(seed));
        params.writeValues(flat);
        return this;
    }

    /**
     * Writes Glorot-uniform weights of {@code layers} into {@code flat} (the flat value array of their parameter set),
     * in layer order from {@code random}; biases are left as they are (zero).
     */
    public static void fillGlorot(float[] flat, List<Layer> layers, SplittableRandom random) {
        for (Layer l : layers) {
            long[] d = l.weight().shape().dims();
            long receptive = 1;
            for (int i = 2; i < d.length; i++) {
                receptive *= d[i];
            }
            double limit = Math.sqrt(6.0 / (d[1] * receptive + d[0] * receptive));
            int off = (int) l.weight().offset();
            long n = l.weight().shape().numel();
            for (int i = 0; i < n; i++) {
                flat[off + i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
    }

    /** All convolution layers in creation order (the order of CSBDeep's model summary). */
    public List<Layer> layers() {
        List<Layer> all = new ArrayList<>(down);
        all.add(middle0);
        all.add(middle2);
        all.addAll(up);
        all.add(head);
        if (headScale != null) {
            all.add(headScale);
        }
        return all;
    }

    /** The architecture. */
    public UNetSpec spec() {
        return spec;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public Tensor forward(Tensor input) {
        Shape s = input.shape().requireActivation("U-Net");
        if (s.spatialRank() != spec.nDim() || s.channels() != spec.channelsIn()) {
            throw new IllegalArgumentException("U-Net " + spec + " cannot take input " + s + ": expected N, "
                    + spec.channelsIn() + " channels and " + spec.nDim() + " spatial axes");
        }
        int[] div = spec.divisibility();
        for (int i = 0; i < spec.nDim(); i++) {
            if (s.dim(2 + i) % div[i] != 0) {
                throw new IllegalArgumentException("U-Net input " + s + ": spatial size " + s.dim(2 + i)
                        + " is not a multiple of " + div[i] + " (2^depth); pad the image first");
            }
        }
        boolean training = engine.tape().isRecording();
        int[] pool = spec.poolFactors();
        List<Tensor> skips = new ArrayList<>();
        Tensor h = input;
        for (int n = 0; n < spec.depth(); n++) {
            Tensor a = conv(h, down.get(2 * n), true);
            release(h, input, training);
            Tensor b = conv(a, down.get(2 * n + 1), true);
            release(a, input, training);
            skips.add(b);
            h = Pool.max(b, pool);
        }
        Tensor m = conv(h, middle0, true);
        release(h, input, training);
        h = conv(m, middle2, true);
        release(m, input, training);
        for (int n = spec.depth() - 1, i = 0; n >= 0; n--, i++) {
            // upsampling and concatenation [upsampled, skip] are read through by the convolution, never materialized
            Tensor skip = skips.get(n);
            Layer l = up.get(2 * i);
            Tensor a = Conv.applyUpConcat(h, pool, skip, l.weight().value(), l.bias().value(), true);
            release(h, input, training);
            release(skip, input, training);
            h = conv(a, up.get(2 * i + 1), true);
            release(a, input, training);
        }
        // the residual add and the last ReLU run in the head convolution's epilogue, in CSBDeep's order: relu?(head + input)
        Tensor mean = Conv.apply(h, head.weight().value(), head.bias().value(), spec.residual() ? input : null,
                spec.lastActivationRelu());
        if (!spec.probabilistic()) {
            release(h, input, training);
            return mean;
        }
        Tensor raw = conv(h, headScale, false);
        release(h, input, training);
        Tensor scale = Activations.softplus(raw, SCALE_EPSILON);
        release(raw, input, training);
        Tensor out = Concat.channels(mean, scale);
        release(mean, input, training);
        release(scale, input, training);
        return out;
    }

    private static Tensor conv(Tensor x, Layer l, boolean relu) {
        return Conv.apply(x, l.weight().value(), l.bias().value(), relu);
    }

    /** Without a tape, an intermediate can go back to the pool as soon as its consumer ran: bounded tile memory. */
    private static void release(Tensor t, Tensor input, boolean training) {
        if (!training && t != input) {
            t.close();
        }
    }

    @Override
    public int[] divisibility() {
        return spec.divisibility();
    }

    @Override
    public int[] halo() {
        return ReceptiveField.unet(spec.depth(), spec.kernelSize(), 2, spec.poolFactors());
    }

    @Override
    public int inputChannels() {
        return spec.channelsIn();
    }

    @Override
    public int outputChannels() {
        return spec.outputChannels();
    }

    @Override
    public long inferenceBytesPerVoxel() {
        // Peak live set without a tape is at the last decoder level: input, skip (F), the coarse input (F/2^nDim),
        // the zero-padded concatenation the CPU convolution makes (2F; the GPU kernels read it through), the conv
        // output (F) and the head outputs; coarser levels add at most 1/2^nDim of that per level (geometric series
        // < 1x more). Kept at the bound of the unfused decoder (upsampled and concatenated copies, 5F). Float32, so
        // 4 bytes each, doubled for safety.
        long f = spec.firstFilters();
        long level0 = spec.channelsIn() + 5 * f + 2L * spec.outputChannels();
        return 4 * level0 * 2;
    }

    @Override
    public void close() {
        if (ownsParameters) {
            params.close();
        }
    }
}
