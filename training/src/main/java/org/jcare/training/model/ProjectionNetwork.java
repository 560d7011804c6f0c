package org.jcare.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.Conv;
import org.jcare.kernels.pool.Pool;
import org.jcare.kernels.softmax.Softmax;
import org.jcare.kernels.upsample.Upsample;
import org.jcare.kernels.weightedsum.WeightedSum;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.predict.ReceptiveField;

/**
 * CSBDeep's {@code ProjectionCARE} network on the device, trained as one: a stack [N, C, Z, Y, X] goes through the
 * projection encoder-decoder (3D convolutions with ReLU, max-pooling and nearest up-sampling by {@code proj_pool},
 * which is 1 along Z, no skips), a 1-filter linear 3D convolution gives per-voxel logits, their softmax along Z the
 * surface weights w [N, 1, Z, Y, X], and the weighted sum of the input over Z the projected image [N, C, Y, X]; the
 * 2D CARE U-Net restores it (its residual adds the projected image). One flat parameter set holds both parts, so a
 * training step is one forward, one backward, one Adam launch.
 *
 * <p>Parameter names: the projection convolutions in CSBDeep's creation order (Keras names them {@code conv3d},
 * {@code conv3d_1}, ...): {@code proj_down_level_<n>_no_<i>}, {@code proj_middle_no_<i>},
 * {@code proj_up_level_<n>_no_<i>} (n counting down from the deepest level, as the decoder runs) and
 * {@code proj_out}, then the U-Net's CSBDeep names.
 */
public final class ProjectionNetwork implements CareNetwork {
    private final Engine engine;
    private final ProjectionSpec spec;
    private final ParameterSet params;
    private final List<UNet.Layer> down = new ArrayList<>();
    private final List<UNet.Layer> middle = new ArrayList<>();
    private final List<UNet.Layer> up = new ArrayList<>();
    private final UNet.Layer out;
    private final UNet denoiser;

    /** The result of a forward pass with its surface weights. */
    public record Output(Tensor restored, Tensor weights) {
    }

    /** Builds the network with zero weights; call {@link #initialize(long)} or load weights. */
    public ProjectionNetwork(Engine engine, ProjectionSpec spec) {
        this.engine = engine;
        this.spec = spec;
        this.params = new ParameterSet(engine);
        ProjectionParams p = spec.projection();
        int[] k = p.kern();
        int f = p.nFilt();
        int channels = spec.channelsIn();
        for (int n = 0; n < p.nDepth(); n++) {
            for (int i = 0; i < p.nConvPerDepth(); i++) {
                down.add(layer("proj_down_level_" + n + "_no_" + i, channels, f, k));
                channels = f;
            }
        }
        for (int i = 0; i < p.nConvPerDepth(); i++) {
            middle.add(layer("proj_middle_no_" + i, channels, f, k));
            channels = f;
        }
        for (int n = p.nDepth() - 1; n >= 0; n--) {
            for (int i = 0; i < p.nConvPerDepth(); i++) {
                up.add(layer("proj_up_level_" + n + "_no_" + i, channels, f, k));
                channels = f;
            }
        }
        out = layer("proj_out", channels, 1, k);
        denoiser = UNet.inside(engine, spec.denoiser(), params);
        params.allocate();
    }

    private UNet.Layer layer(String name, int in, int outChannels, int[] kernel) {
        long[] dims = {outChannels, in, kernel[0], kernel[1], kernel[2]};
        return new UNet.Layer(name, params.add(name + ".weight", Shape.of(dims)),
                params.add(name + ".bias", Shape.of(outChannels)));
    }

    /** Glorot-uniform weights (Keras's default), projection layers first, then the U-Net; zero biases. */
    public ProjectionNetwork initialize(long seed) {
        float[] flat = new float[Math.toIntExact(params.flatLength())];
        SplittableRandom random = new SplittableRandom(seed);
        UNet.fillGlorot(flat, projectionLayers(), random);
        UNet.fillGlorot(flat, denoiser.layers(), random);
        params.writeValues(flat);
        return this;
    }

    /** The projection convolutions in creation order (down, middle, up, output). */
    public List<UNet.Layer> projectionLayers() {
        List<UNet.Layer> all = new ArrayList<>(down);
        all.addAll(middle);
        all.addAll(up);
        all.add(out);
        return all;
    }

    /** Every convolution: the projection's, then the U-Net's. */
    public List<UNet.Layer> layers() {
        List<UNet.Layer> all = projectionLayers();
        all.addAll(denoiser.layers());
        return all;
    }

    /** The architecture. */
    public ProjectionSpec spec() {
        return spec;
    }

    /** The 2D U-Net that restores the projected image. */
    public UNet denoiser() {
        return denoiser;
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
        Output o = forward(input, false);
        return o.restored();
    }

    /**
     * Runs the network on a stack [N, C, Z, Y, X]; the restored image is [N, C_out(x2), Y, X]. With {@code keepWeights}
     * the surface weights [N, 1, Z, Y, X] (the softmax along Z) are returned too, otherwise null.
     */
    public Output forward(Tensor input, boolean keepWeights) {
        Shape s = input.shape().requireActivation("projection network");
        if (s.spatialRank() != 3 || s.channels() != spec.channelsIn()) {
            throw new IllegalArgumentException("projection network " + spec + " cannot take input " + s + ": expected"
                    + " N, " + spec.channelsIn() + " channel(s), Z, Y, X");
        }
        int[] div = divisibility();
        for (int i = 1; i < 3; i++) {
            if (s.dim(2 + i) % div[i] != 0) {
                throw new IllegalArgumentException("projection network input " + s + ": " + (i == 1 ? "Y" : "X")
                        + " size " + s.dim(2 + i) + " is not a multiple of " + div[i] + "; pad the image first");
            }
        }
        boolean training = engine.tape().isRecording();
        int[] pool = spec.projection().pool();
        Tensor h = input;
        int perLevel = spec.projection().nConvPerDepth();
        for (int n = 0; n < spec.projection().nDepth(); n++) {
            for (int i = 0; i < perLevel; i++) {
                h = conv(h, down.get(n * perLevel + i), true, input, training);
            }
            Tensor pooled = Pool.max(h, pool);
            release(h, input, training);
            h = pooled;
        }
        for (UNet.Layer l : middle) {
            h = conv(h, l, true, input, training);
        }
        for (int n = 0; n < spec.projection().nDepth(); n++) {
            Tensor u = Upsample.nearest(h, pool);
            release(h, input, training);
            h = u;
            for (int i = 0; i < perLevel; i++) {
                h = conv(h, up.get(n * perLevel + i), true, input, training);
            }
        }
        Tensor logits = conv(h, out, false, input, training);
        Tensor weights = Softmax.apply(logits, 2);
        release(logits, input, training);
        Tensor projected = WeightedSum.apply(input, weights, 2);
        if (!keepWeights) {
            release(weights, input, training);
        }
        Tensor restored = denoiser.forward(projected);
        release(projected, input, training);
        return new Output(restored, keepWeights ? weights : null);
    }

    private static Tensor conv(Tensor x, UNet.Layer l, boolean relu, Tensor input, boolean training) {
        Tensor y = Conv.apply(x, l.weight().value(), l.bias().value(), relu);
        release(x, input, training);
        return y;
    }

    /** Without a tape, an intermediate goes back to the pool as soon as its consumer ran: bounded tile memory. */
    private static void release(Tensor t, Tensor input, boolean training) {
        if (!training && t != input) {
            t.close();
        }
    }

    /** Z: 1 (never pooled); Y, X: the least common multiple of both networks' pooling grids (CSBDeep: 16). */
    @Override
    public int[] divisibility() {
        return spec.divisibility();
    }

    /**
     * Z: 0, since the whole stack is always processed (tiles never split Z, as in CSBDeep); Y, X: the exact halo of
     * the projection network followed by the U-Net ({@link ReceptiveField#projection1d}).
     */
    @Override
    public int[] halo() {
        ProjectionParams p = spec.projection();
        int[] k = p.kern();
        int[] pool = p.pool();
        int[] uk = spec.denoiser().kernelSize();
        int[] h = new int[3];
        for (int i = 1; i < 3; i++) {
            h[i] = ReceptiveField.projection1d(p.nDepth(), k[i], p.nConvPerDepth(), pool[i], spec.denoiser().depth(),
                    uk[i - 1]);
        }
        return h;
    }

    @Override
    public int inputChannels() {
        return spec.channelsIn();
    }

    @Override
    public int outputChannels() {
        return spec.denoiser().outputChannels();
    }

    /** Z is projected away: [Z, Y, X] gives [Y, X]. */
    @Override
    public long[] outputSpatialShape(long[] inputSpatial) {
        return new long[] {inputSpatial[1], inputSpatial[2]};
    }

    /** Whether the U-Net predicts a Laplace scale too. */
    public boolean probabilistic() {
        return spec.denoiser().probabilistic();
    }

    /**
     * Device bytes per voxel of the stack for the projection part without a tape: the input, a layer's output and its
     * pooled or up-sampled copy ({@code proj_n_filt} each), logits and weights; float32, doubled for safety.
     */
    public long projectionBytesPerVoxel() {
        long level0 = spec.channelsIn() + 3L * spec.projection().nFilt() + 2;
        return 4 * level0 * 2;
    }

    /** Bound per stack voxel, as if the stack had one plane: the projection plus the U-Net per projected pixel. */
    @Override
    public long inferenceBytesPerVoxel() {
        return projectionBytesPerVoxel() + denoiser.inferenceBytesPerVoxel();
    }

    @Override
    public void close() {
        params.close();
    }
}
