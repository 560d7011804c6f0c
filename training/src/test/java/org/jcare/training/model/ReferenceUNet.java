package org.jcare.training.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.activation.ActivationRef;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.concat.ConcatRef;
import org.jcare.kernels.conv.ConvRef;
import org.jcare.kernels.elementwise.ElementwiseRef;
import org.jcare.kernels.pool.PoolRef;
import org.jcare.kernels.upsample.UpsampleRef;

/**
 * The CARE U-Net built from the float64 references, with a hand-written backward: the specification the device
 * network's gradients are checked against. Weights are copied from a device {@link UNet}.
 */
final class ReferenceUNet {
    private final UNetSpec spec;
    private final Map<String, DoubleTensor> weights = new HashMap<>();
    private final Map<String, DoubleTensor> grads = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private DoubleTensor input;

    /** One recorded conv: its layer, input and output (for the relu mask). */
    private record Step(String layer, DoubleTensor in, DoubleTensor out, boolean relu) {
    }

    ReferenceUNet(UNet net) {
        this.spec = net.spec();
        for (Parameter p : net.parameters().list()) {
            weights.put(p.name(), DoubleTensor.of(p.shape(), p.value().toArray()));
        }
    }

    private DoubleTensor conv(DoubleTensor x, String layer, boolean relu) {
        DoubleTensor y = ConvRef.forward(x, weights.get(layer + ".weight"), weights.get(layer + ".bias"), relu);
        steps.add(new Step(layer, x, y, relu));
        return y;
    }

    // intermediate values kept for the backward pass
    private final List<DoubleTensor> skips = new ArrayList<>();
    private final List<DoubleTensor> pooledFrom = new ArrayList<>();
    private final List<Shape> upsampledFrom = new ArrayList<>();
    private DoubleTensor features;
    private DoubleTensor rawScale;
    private DoubleTensor inputGradient;

    DoubleTensor forward(DoubleTensor x) {
        input = x;
        int[] pf = spec.poolFactors();
        DoubleTensor h = x;
        for (int n = 0; n < spec.depth(); n++) {
            DoubleTensor a = conv(h, "down_level_" + n + "_no_0", true);
            DoubleTensor b = conv(a, "down_level_" + n + "_no_1", true);
            skips.add(b);
            pooledFrom.add(b);
            h = PoolRef.max(b, pf);
        }
        h = conv(conv(h, "middle_0", true), "middle_2", true);
        for (int n = spec.depth() - 1; n >= 0; n--) {
            upsampledFrom.add(h.shape());
            DoubleTensor u = UpsampleRef.nearest(h, pf);
            DoubleTensor cat = ConcatRef.channels(u, skips.get(n));
            h = conv(conv(cat, "up_level_" + n + "_no_0", true), "up_level_" + n + "_no_2", true);
        }
        features = h;
        DoubleTensor mean = conv(h, "head", false);
        if (spec.residual()) {
            mean = ElementwiseRef.add(mean, x);
        }
        if (!spec.probabilistic()) {
            return mean;
        }
        rawScale = conv(h, "head_scale", false);
        return ConcatRef.channels(mean, ActivationRef.softplus(rawScale, UNet.SCALE_EPSILON));
    }

    /** Back-propagates {@code dOut} (gradient of the output); returns parameter gradients by name. */
    Map<String, DoubleTensor> backward(DoubleTensor dOut) {
        int[] pf = spec.poolFactors();
        int cOut = spec.channelsOut();
        DoubleTensor dMean = spec.probabilistic() ? ConcatRef.slice(dOut, 0, cOut) : dOut;
        int stepIndex = steps.size() - 1;
        DoubleTensor dFeatures;
        if (spec.probabilistic()) {
            DoubleTensor dScale = ConcatRef.slice(dOut, cOut, cOut);
            DoubleTensor dRaw = ActivationRef.softplusBackward(rawScale, dScale);
            dFeatures = convBackward(steps.get(stepIndex--), dRaw);
        } else {
            dFeatures = null;
        }
        DoubleTensor dh = convBackward(steps.get(stepIndex--), dMean);
        dh = dFeatures == null ? dh : ElementwiseRef.add(dh, dFeatures);
        List<DoubleTensor> dSkips = new ArrayList<>();
        for (int i = 0; i < spec.depth(); i++) {
            dSkips.add(null);
        }
        // the decoder ran from the deepest level to level 0, so its backward starts at level 0
        for (int level = 0; level < spec.depth(); level++) {
            dh = convBackward(steps.get(stepIndex--), dh); // up_level_n_no_2
            DoubleTensor dCat = convBackward(steps.get(stepIndex--), dh); // up_level_n_no_0
            int cu = (int) dCat.shape().dim(1) - (int) skips.get(level).shape().dim(1);
            DoubleTensor du = ConcatRef.slice(dCat, 0, cu);
            dSkips.set(level, ConcatRef.slice(dCat, cu, (int) dCat.shape().dim(1) - cu));
            dh = UpsampleRef.nearestBackward(upsampledFrom.get(spec.depth() - 1 - level), du, pf);
        }
        dh = convBackward(steps.get(stepIndex--), dh); // middle_2
        dh = convBackward(steps.get(stepIndex--), dh); // middle_0
        for (int n = spec.depth() - 1; n >= 0; n--) {
            DoubleTensor db = PoolRef.maxBackward(pooledFrom.get(n), dh, pf);
            db = ElementwiseRef.add(db, dSkips.get(n));
            dh = convBackward(steps.get(stepIndex--), db); // down_level_n_no_1
            dh = convBackward(steps.get(stepIndex--), dh); // down_level_n_no_0
        }
        inputGradient = spec.residual() ? ElementwiseRef.add(dh, dMean) : dh;
        return grads;
    }

    /** The gradient of the input after {@link #backward} (the convolution path plus the residual). */
    DoubleTensor inputGradient() {
        return inputGradient;
    }

    private DoubleTensor convBackward(Step s, DoubleTensor dy) {
        DoubleTensor d = s.relu() ? ConvRef.reluMask(s.out(), dy) : dy;
        DoubleTensor w = weights.get(s.layer() + ".weight");
        grads.put(s.layer() + ".weight", ConvRef.backwardWeights(s.in(), d, w.shape()));
        grads.put(s.layer() + ".bias", ConvRef.backwardBias(d));
        return ConvRef.backwardData(d, w, s.in().shape());
    }

    DoubleTensor input() {
        return input;
    }
}
