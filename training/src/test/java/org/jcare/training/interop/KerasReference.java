package org.jcare.training.interop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.tensor.Shape;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.keras.KerasWeightsFile;
import org.jcare.kernels.activation.ActivationRef;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.concat.ConcatRef;
import org.jcare.kernels.conv.ConvRef;
import org.jcare.kernels.elementwise.ElementwiseRef;
import org.jcare.kernels.pool.PoolRef;
import org.jcare.kernels.upsample.UpsampleRef;

/**
 * A CSBDeep U-Net evaluated in float64 by the kernels' references (ConvRef, PoolRef, UpsampleRef, ConcatRef,
 * ActivationRef) straight from a Keras weights file: the kernels are moved from Keras's [k..., in, out] to the
 * references' [out, in, k...] here, element by element with explicit indices, independently of the import code.
 * Keras layers are identified as CSBDeep builds them: named layers by name, the 1x1 heads by automatic name.
 */
final class KerasReference {
    private final UNetLayout layout;
    private final Map<String, DoubleTensor[]> layers = new HashMap<>();

    KerasReference(KerasWeightsFile.Content file, UNetLayout layout) {
        this.layout = layout;
        Map<String, KerasWeightsFile.Weight> kernels = new HashMap<>();
        Map<String, KerasWeightsFile.Weight> biases = new HashMap<>();
        for (KerasWeightsFile.Weight w : file.weights()) {
            (w.variable().equals("kernel") ? kernels : biases).put(w.kerasLayer(), w);
        }
        String head = layout.nDim() == 3 ? "conv3d" : "conv2d";
        for (UNetLayout.Conv c : layout.convs()) {
            String keras = c.name().equals("head") ? head : c.name().equals("head_scale") ? head + "_1" : c.name();
            layers.put(c.name(), new DoubleTensor[] {transpose(kernels.get(keras)), bias(biases.get(keras))});
        }
    }

    private static DoubleTensor transpose(KerasWeightsFile.Weight k) {
        long[] s = k.shape();
        int nd = s.length - 2;
        int kd = nd == 3 ? (int) s[0] : 1;
        int kh = (int) s[nd - 2];
        int kw = (int) s[nd - 1];
        int in = (int) s[nd];
        int out = (int) s[nd + 1];
        double[] d = new double[k.values().length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int z = 0; z < kd; z++) {
                    for (int y = 0; y < kh; y++) {
                        for (int x = 0; x < kw; x++) {
                            d[(((o * in + i) * kd + z) * kh + y) * kw + x] =
                                    k.values()[((((z * kh + y) * kw + x) * in) + i) * out + o];
                        }
                    }
                }
            }
        }
        return new DoubleTensor(nd == 3 ? Shape.of(out, in, kd, kh, kw) : Shape.of(out, in, kh, kw), d);
    }

    private static DoubleTensor bias(KerasWeightsFile.Weight b) {
        return DoubleTensor.of(Shape.of(b.values().length), b.values());
    }

    private DoubleTensor conv(DoubleTensor x, String layer, boolean relu) {
        DoubleTensor[] wb = layers.get(layer);
        return ConvRef.forward(x, wb[0], wb[1], relu);
    }

    /** The network's output for {@code x} [1, C, (D,) H, W]. */
    DoubleTensor forward(DoubleTensor x) {
        int[] pf = layout.poolFactors();
        List<DoubleTensor> skips = new java.util.ArrayList<>();
        DoubleTensor h = x;
        for (int n = 0; n < layout.depth(); n++) {
            h = conv(conv(h, "down_level_" + n + "_no_0", true), "down_level_" + n + "_no_1", true);
            skips.add(h);
            h = PoolRef.max(h, pf);
        }
        h = conv(conv(h, "middle_0", true), "middle_2", true);
        for (int n = layout.depth() - 1; n >= 0; n--) {
            DoubleTensor cat = ConcatRef.channels(UpsampleRef.nearest(h, pf), skips.get(n));
            h = conv(conv(cat, "up_level_" + n + "_no_0", true), "up_level_" + n + "_no_2", true);
        }
        DoubleTensor mean = conv(h, "head", false);
        if (layout.residual()) {
            mean = ElementwiseRef.add(mean, x);
        }
        if (layout.lastActivationRelu()) {
            mean = ActivationRef.relu(mean);
        }
        if (!layout.probabilistic()) {
            return mean;
        }
        return ConcatRef.channels(mean, ActivationRef.softplus(conv(h, "head_scale", false), UNetLayout.SCALE_EPSILON));
    }
}
