package org.jcare.training.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.conv.ConvRef;
import org.jcare.kernels.pool.PoolRef;
import org.jcare.kernels.softmax.SoftmaxRef;
import org.jcare.kernels.upsample.UpsampleRef;
import org.jcare.kernels.weightedsum.WeightedSumRef;

/**
 * CSBDeep's projection network built from the float64 references with a hand-written backward (the specification
 * the device network's gradients are checked against): projection encoder-decoder, softmax along Z, weighted sum,
 * then {@link ReferenceUNet}. Projection weights are copied from a device {@link ProjectionNetwork} and may be
 * replaced (finite differences).
 */
final class ReferenceProjection {
    private final ProjectionNetwork net;
    private final Map<String, DoubleTensor> weights = new HashMap<>();
    private final Map<String, DoubleTensor> grads = new HashMap<>();
    private final List<Object[]> steps = new ArrayList<>();
    private DoubleTensor input;
    private DoubleTensor softmax;
    private ReferenceUNet unet;

    ReferenceProjection(ProjectionNetwork net) {
        this.net = net;
        for (Parameter p : net.parameters().list()) {
            weights.put(p.name(), DoubleTensor.of(p.shape(), p.value().toArray()));
        }
    }

    /** A copy with one projection parameter replaced. */
    ReferenceProjection with(String name, DoubleTensor value) {
        ReferenceProjection r = new ReferenceProjection(net);
        r.weights.putAll(weights);
        r.weights.put(name, value);
        return r;
    }

    DoubleTensor weight(String name) {
        return weights.get(name);
    }

    private DoubleTensor conv(DoubleTensor x, UNet.Layer l, boolean relu) {
        String n = l.name();
        DoubleTensor y = ConvRef.forward(x, weights.get(n + ".weight"), weights.get(n + ".bias"), relu);
        steps.add(new Object[] {"conv", n, x, y, relu});
        return y;
    }

    /** The surface weights of the last forward. */
    DoubleTensor softmax() {
        return softmax;
    }

    DoubleTensor forward(DoubleTensor x) {
        input = x;
        int[] pool = net.spec().projection().pool();
        int per = net.spec().projection().nConvPerDepth();
        List<UNet.Layer> layers = net.projectionLayers();
        int li = 0;
        DoubleTensor h = x;
        for (int n = 0; n < net.spec().projection().nDepth(); n++) {
            for (int i = 0; i < per; i++) {
                h = conv(h, layers.get(li++), true);
            }
            steps.add(new Object[] {"pool", h});
            h = PoolRef.max(h, pool);
        }
        for (int i = 0; i < per; i++) {
            h = conv(h, layers.get(li++), true);
        }
        for (int n = 0; n < net.spec().projection().nDepth(); n++) {
            steps.add(new Object[] {"up", h.shape()});
            h = UpsampleRef.nearest(h, pool);
            for (int i = 0; i < per; i++) {
                h = conv(h, layers.get(li++), true);
            }
        }
        DoubleTensor logits = conv(h, layers.get(li), false);
        softmax = SoftmaxRef.apply(logits, 2);
        DoubleTensor projected = WeightedSumRef.apply(x, softmax, 2);
        unet = new ReferenceUNet(net.denoiser());
        return unet.forward(projected);
    }

    /** Parameter gradients for {@code dOut} (gradient of the output). */
    Map<String, DoubleTensor> backward(DoubleTensor dOut) {
        grads.putAll(unet.backward(dOut));
        DoubleTensor dProjected = unet.inputGradient();
        DoubleTensor dSoftmax = WeightedSumRef.backwardWeights(input, softmax, dProjected, 2);
        DoubleTensor dh = SoftmaxRef.backward(softmax, dSoftmax, 2);
        int[] pool = net.spec().projection().pool();
        for (int s = steps.size() - 1; s >= 0; s--) {
            Object[] st = steps.get(s);
            switch ((String) st[0]) {
                case "conv" -> {
                    String n = (String) st[1];
                    DoubleTensor in = (DoubleTensor) st[2];
                    DoubleTensor d = (Boolean) st[4] ? ConvRef.reluMask((DoubleTensor) st[3], dh) : dh;
                    DoubleTensor w = weights.get(n + ".weight");
                    grads.put(n + ".weight", ConvRef.backwardWeights(in, d, w.shape()));
                    grads.put(n + ".bias", ConvRef.backwardBias(d));
                    dh = ConvRef.backwardData(d, w, in.shape());
                }
                case "pool" -> dh = PoolRef.maxBackward((DoubleTensor) st[1], dh, pool);
                case "up" -> dh = UpsampleRef.nearestBackward((Shape) st[1], dh, pool);
                default -> throw new IllegalStateException();
            }
        }
        return grads;
    }
}
