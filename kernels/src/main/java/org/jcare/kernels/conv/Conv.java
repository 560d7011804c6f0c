package org.jcare.kernels.conv;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * 2D and 3D convolution as an autograd op: stride 1, 'same' zero padding, odd kernel sizes per axis
 * (anisotropic such as 1x3x3 allowed), bias, residual add and ReLU fused in the epilogue. 2D runs the 3D kernels with D = 1 and kd = 1.
 * The math is {@link ConvRef}; the kernels are chosen per device by {@link ConvVariant#AUTO}.
 */
public final class Conv {
    private Conv() {
    }

    /**
     * y = relu?(conv(x, weight) + bias). x is [N, Cin, H, W] or [N, Cin, D, H, W], weight [Cout, Cin, kh, kw]
     * or [Cout, Cin, kd, kh, kw], bias [Cout] or null (no bias); y is [N, Cout, (D,) H, W]. Records one node
     * ("conv2d"/"conv3d") whose backward gives dx (if x needs a gradient), dw and db (if they need one); with
     * ReLU the incoming gradient is first masked by y > 0 (y is kept for that).
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming the op and both shapes
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, boolean relu) {
        return apply(x, weight, bias, relu, ConvVariant.AUTO);
    }

    /**
     * As {@link #apply(Tensor, Tensor, Tensor, boolean)} on an explicitly chosen kernel variant (tests run every
     * variant on every device; benchmarks compare them).
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, boolean relu, ConvVariant variant) {
        return apply(x, weight, bias, null, relu, variant);
    }

    /**
     * y = relu?(conv(x, weight) + bias + residual): as {@link #apply(Tensor, Tensor, Tensor, boolean)} with a residual
     * of y's shape added in the epilogue, before the activation (CARE's head: the input added to the linear output,
     * then the optional last ReLU), so the sum is never a separate pass. {@code residual} may be null (none). The node
     * has the residual as a fourth input; its gradient is dY (masked by y > 0 with ReLU).
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming the op and the shapes
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu) {
        return apply(x, weight, bias, residual, relu, ConvVariant.AUTO);
    }

    /** As {@link #apply(Tensor, Tensor, Tensor, Tensor, boolean)} on an explicitly chosen kernel variant. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu,
                               ConvVariant variant) {
        String op = ConvShapes.opName(x.shape());
        ConvShapes.check(op, x.shape(), weight.shape(), bias == null ? null : bias.shape());
        Engine e = x.engine();
        ConvGeometry g = ConvGeometry.of(x.shape(), weight.shape());
        Shape yShape = x.shape().with(1, g.cout());
        if (residual != null && !residual.shape().equals(yShape)) {
            throw new IllegalArgumentException(op + ": residual " + residual.shape() + " does not match the output "
                    + yShape + " of input " + x.shape() + " and weight " + weight.shape());
        }
        ConvPasses passes = ConvPasses.on(e, variant, g);
        Tensor y = passes.forward(x, weight, bias, residual, relu);
        String detail = "k=" + ConvShapes.kernelText(weight.shape()) + " " + g.cin() + "->" + g.cout()
                + (residual != null ? " +residual" : "") + (relu ? " relu" : "") + " "
                + passes.variant().name().toLowerCase(java.util.Locale.ROOT);
        Tensor[] inputs = residual == null ? new Tensor[] {x, weight, bias} : new Tensor[] {x, weight, bias, residual};
        e.tape().record(op, detail, inputs, new Tensor[] {y}, (node, gOut) -> {
            boolean needX = node.needsGrad(0);
            boolean needW = node.needsGrad(1);
            boolean needB = bias != null && node.needsGrad(2);
            boolean needR = residual != null && node.needsGrad(3);
            Tensor dx = null;
            Tensor dw = null;
            Tensor db = null;
            Tensor dr = null;
            try (ConvPasses.Gradient grad = passes.gradient(gOut[0], relu ? y : null)) {
                if (needR) {
                    dr = passes.residualGradient(grad, gOut[0], relu ? y : null);
                }
                if (needX) {
                    dx = passes.backwardData(grad, weight, x.shape());
                }
                if (needW || needB) {
                    // the bias gradient is fused into the weight pass; a frozen weight's dw is simply dropped
                    Tensor[] wb = passes.backwardWeights(x, grad, weight.shape(), needB);
                    dw = wb[0];
                    db = wb[1];
                    if (!needW) {
                        dw.close();
                        dw = null;
                    }
                }
            }
            return residual == null ? new Tensor[] {dx, dw, db} : new Tensor[] {dx, dw, db, dr};
        });
        return y;
    }

    /**
     * y = relu?(conv(concat([upsample_nearest(low, factors), skip], channels), weight) + bias): the U-Net decoder's
     * upsampling, concatenation and convolution as one op, the concatenated input read through by the kernels and
     * never materialized (see {@link ConvInput}). low is [N, C1, d, h, w], factors (fh, fw) or (fd, fh, fw), skip
     * [N, C2, d*fd, h*fh, w*fw] and weight [Cout, C1 + C2, (kd,) kh, kw]. Records one node ("conv2d"/"conv3d", detail
     * "up(..)+concat") with inputs low, skip, weight, bias; its backward computes dX of the concatenation into a
     * temporary and splits it into dLow (block sums) and dSkip (a launch each), dw and db reading the input through.
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming the op and the shapes
     */
    public static Tensor applyUpConcat(Tensor low, int[] factors, Tensor skip, Tensor weight, Tensor bias, boolean relu) {
        return applyUpConcat(low, factors, skip, weight, bias, relu, ConvVariant.AUTO);
    }

    /** As {@link #applyUpConcat(Tensor, int[], Tensor, Tensor, Tensor, boolean)} on an explicitly chosen variant. */
    public static Tensor applyUpConcat(Tensor low, int[] factors, Tensor skip, Tensor weight, Tensor bias, boolean relu,
                                       ConvVariant variant) {
        String op = ConvShapes.opName(skip.shape());
        ConvInput in = ConvInput.upConcat(op, low, skip, factors);
        Shape xShape = in.shape();
        ConvShapes.check(op, xShape, weight.shape(), bias == null ? null : bias.shape());
        Engine e = skip.engine();
        ConvGeometry g = ConvGeometry.of(xShape, weight.shape());
        ConvPasses passes = ConvPasses.on(e, variant, g);
        Tensor y = passes.forward(in, weight, bias, null, relu);
        String detail = "k=" + ConvShapes.kernelText(weight.shape()) + " up" + in.factors().describe(low.shape())
                + "+concat " + in.c1() + "+" + skip.shape().channels() + "->" + g.cout() + (relu ? " relu" : "") + " "
                + passes.variant().name().toLowerCase(java.util.Locale.ROOT);
        e.tape().record(op, detail, new Tensor[] {low, skip, weight, bias}, new Tensor[] {y}, (node, gOut) -> {
            boolean needLow = node.needsGrad(0);
            boolean needSkip = node.needsGrad(1);
            boolean needW = node.needsGrad(2);
            boolean needB = bias != null && node.needsGrad(3);
            Tensor[] split = {null, null};
            Tensor dw = null;
            Tensor db = null;
            try (ConvPasses.Gradient grad = passes.gradient(gOut[0], relu ? y : null)) {
                if (needLow || needSkip) {
                    try (Tensor dx = passes.backwardData(grad, weight, xShape)) {
                        split = passes.splitUpConcat(dx, in, needLow, needSkip);
                    }
                }
                if (needW || needB) {
                    Tensor[] wb = passes.backwardWeights(in, grad, weight.shape(), needB);
                    dw = wb[0];
                    db = wb[1];
                    if (!needW) {
                        dw.close();
                        dw = null;
                    }
                }
            }
            return new Tensor[] {split[0], split[1], dw, db};
        });
        return y;
    }
}
