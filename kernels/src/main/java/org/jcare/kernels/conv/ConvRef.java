package org.jcare.kernels.conv;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.concat.ConcatRef;
import org.jcare.kernels.upsample.UpsampleRef;

/**
 * Float64 reference of the convolution family: the specification every kernel variant is tested against.
 *
 * <p>The convolution is a cross-correlation (as in Keras and PyTorch) with stride 1 and 'same' zero padding of
 * {@code k / 2} on each side of every spatial axis, for odd kernel sizes. 2D tensors (N C H W, weights
 * Cout Cin kh kw) are treated as 3D with depth 1 and kd = 1, exactly as the device code does:
 *
 * <pre>
 *   y[n][co][d][h][w] = b[co] + sum_{ci, kd, kh, kw} w[co][ci][kd][kh][kw] * x[n][ci][d+kd-pd][h+kh-ph][w+kw-pw]
 * </pre>
 *
 * with x = 0 outside the volume and pd = kd_size / 2 (and so on), plus an optional residual r of y's shape added
 * before the activation. With ReLU, y = max(y, 0), and every backward takes the incoming gradient already masked by
 * {@link #reluMask} (dy * (y > 0)); the residual's gradient is that masked gradient itself.
 */
public final class ConvRef {
    private ConvRef() {
    }

    /** y = relu?(conv(x, w) + b); {@code bias} may be null (no bias). */
    public static DoubleTensor forward(DoubleTensor x, DoubleTensor weight, DoubleTensor bias, boolean relu) {
        return forward(x, weight, bias, null, relu);
    }

    /**
     * y = relu?(conv(x, w) + b + r): the residual r [N, Cout, (D,) H, W] added before the activation; {@code bias}
     * and {@code residual} may be null.
     */
    public static DoubleTensor forward(DoubleTensor x, DoubleTensor weight, DoubleTensor bias, DoubleTensor residual,
                                       boolean relu) {
        ConvShapes.check("ConvRef.forward", x.shape(), weight.shape(), bias == null ? null : bias.shape());
        ConvGeometry g = ConvGeometry.of(x.shape(), weight.shape());
        Shape yShape = x.shape().with(1, g.cout());
        if (residual != null && !residual.shape().equals(yShape)) {
            throw new IllegalArgumentException("ConvRef.forward: residual " + residual.shape() + " does not match the output "
                    + yShape);
        }
        double[] y = new double[Math.toIntExact(yShape.numel())];
        double[] xs = x.data();
        double[] ws = weight.data();
        int pd = g.kd() / 2;
        int ph = g.kh() / 2;
        int pw = g.kw() / 2;
        // x: [N][Cin][D][H][W], w: [Cout][Cin][KD][KH][KW], y: [N][Cout][D][H][W]
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                double b = bias == null ? 0 : bias.data()[co];
                for (int d = 0; d < g.d(); d++) {
                    for (int h = 0; h < g.h(); h++) {
                        for (int w = 0; w < g.w(); w++) {
                            double s = b;
                            for (int ci = 0; ci < g.cin(); ci++) {
                                for (int kd = 0; kd < g.kd(); kd++) {
                                    int id = d + kd - pd;
                                    if (id < 0 || id >= g.d()) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < g.kh(); kh++) {
                                        int ih = h + kh - ph;
                                        if (ih < 0 || ih >= g.h()) {
                                            continue;
                                        }
                                        for (int kw = 0; kw < g.kw(); kw++) {
                                            int iw = w + kw - pw;
                                            if (iw < 0 || iw >= g.w()) {
                                                continue;
                                            }
                                            s += ws[(((co * g.cin() + ci) * g.kd() + kd) * g.kh() + kh) * g.kw() + kw]
                                                    * xs[(((n * g.cin() + ci) * g.d() + id) * g.h() + ih) * g.w() + iw];
                                        }
                                    }
                                }
                            }
                            int o = (((n * g.cout() + co) * g.d() + d) * g.h() + h) * g.w() + w;
                            if (residual != null) {
                                s += residual.data()[o];
                            }
                            y[o] = relu ? Math.max(s, 0) : s;
                        }
                    }
                }
            }
        }
        return new DoubleTensor(yShape, y);
    }

    /** The incoming gradient of a ReLU conv masked by its saved output: dy * (y > 0). */
    public static DoubleTensor reluMask(DoubleTensor y, DoubleTensor dy) {
        double[] g = new double[dy.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = y.data()[i] > 0 ? dy.data()[i] : 0;
        }
        return new DoubleTensor(dy.shape(), g);
    }

    /**
     * dr = d(sum(y * dy))/dr of the residual input: dy masked by y > 0 with ReLU, dy itself without (the residual
     * enters the sum with weight 1).
     */
    public static DoubleTensor backwardResidual(DoubleTensor y, DoubleTensor dy, boolean relu) {
        return relu ? reluMask(y, dy) : new DoubleTensor(dy.shape(), dy.data().clone());
    }

    /**
     * dx = d(sum(y * dy))/dx for the conv without ReLU (mask dy first for a ReLU conv):
     * dx[n][ci][d][h][w] = sum_{co, kd, kh, kw} w[co][ci][kd][kh][kw] * dy[n][co][d-kd+pd][h-kh+ph][w-kw+pw].
     */
    public static DoubleTensor backwardData(DoubleTensor dy, DoubleTensor weight, Shape xShape) {
        ConvShapes.check("ConvRef.backwardData", xShape, weight.shape(), null);
        ConvGeometry g = ConvGeometry.of(xShape, weight.shape());
        double[] dx = new double[Math.toIntExact(xShape.numel())];
        double[] gs = dy.data();
        double[] ws = weight.data();
        int pd = g.kd() / 2;
        int ph = g.kh() / 2;
        int pw = g.kw() / 2;
        // dy: [N][Cout][D][H][W], w: [Cout][Cin][KD][KH][KW], dx: [N][Cin][D][H][W]
        for (int n = 0; n < g.n(); n++) {
            for (int ci = 0; ci < g.cin(); ci++) {
                for (int d = 0; d < g.d(); d++) {
                    for (int h = 0; h < g.h(); h++) {
                        for (int w = 0; w < g.w(); w++) {
                            double s = 0;
                            for (int co = 0; co < g.cout(); co++) {
                                for (int kd = 0; kd < g.kd(); kd++) {
                                    int od = d - kd + pd;
                                    if (od < 0 || od >= g.d()) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < g.kh(); kh++) {
                                        int oh = h - kh + ph;
                                        if (oh < 0 || oh >= g.h()) {
                                            continue;
                                        }
                                        for (int kw = 0; kw < g.kw(); kw++) {
                                            int ow = w - kw + pw;
                                            if (ow < 0 || ow >= g.w()) {
                                                continue;
                                            }
                                            s += ws[(((co * g.cin() + ci) * g.kd() + kd) * g.kh() + kh) * g.kw() + kw]
                                                    * gs[(((n * g.cout() + co) * g.d() + od) * g.h() + oh) * g.w() + ow];
                                        }
                                    }
                                }
                            }
                            dx[(((n * g.cin() + ci) * g.d() + d) * g.h() + h) * g.w() + w] = s;
                        }
                    }
                }
            }
        }
        return new DoubleTensor(xShape, dx);
    }

    /**
     * dw = d(sum(y * dy))/dw for the conv without ReLU (mask dy first for a ReLU conv):
     * dw[co][ci][kd][kh][kw] = sum_{n, d, h, w} dy[n][co][d][h][w] * x[n][ci][d+kd-pd][h+kh-ph][w+kw-pw].
     */
    public static DoubleTensor backwardWeights(DoubleTensor x, DoubleTensor dy, Shape weightShape) {
        ConvShapes.check("ConvRef.backwardWeights", x.shape(), weightShape, null);
        ConvGeometry g = ConvGeometry.of(x.shape(), weightShape);
        double[] dw = new double[Math.toIntExact(weightShape.numel())];
        double[] xs = x.data();
        double[] gs = dy.data();
        int pd = g.kd() / 2;
        int ph = g.kh() / 2;
        int pw = g.kw() / 2;
        // x: [N][Cin][D][H][W], dy: [N][Cout][D][H][W], dw: [Cout][Cin][KD][KH][KW]
        for (int co = 0; co < g.cout(); co++) {
            for (int ci = 0; ci < g.cin(); ci++) {
                for (int kd = 0; kd < g.kd(); kd++) {
                    for (int kh = 0; kh < g.kh(); kh++) {
                        for (int kw = 0; kw < g.kw(); kw++) {
                            double s = 0;
                            for (int n = 0; n < g.n(); n++) {
                                for (int d = 0; d < g.d(); d++) {
                                    int id = d + kd - pd;
                                    if (id < 0 || id >= g.d()) {
                                        continue;
                                    }
                                    for (int h = 0; h < g.h(); h++) {
                                        int ih = h + kh - ph;
                                        if (ih < 0 || ih >= g.h()) {
                                            continue;
                                        }
                                        for (int w = 0; w < g.w(); w++) {
                                            int iw = w + kw - pw;
                                            if (iw < 0 || iw >= g.w()) {
                                                continue;
                                            }
                                            s += gs[(((n * g.cout() + co) * g.d() + d) * g.h() + h) * g.w() + w]
                                                    * xs[(((n * g.cin() + ci) * g.d() + id) * g.h() + ih) * g.w() + iw];
                                        }
                                    }
                                }
                            }
                            dw[(((co * g.cin() + ci) * g.kd() + kd) * g.kh() + kh) * g.kw() + kw] = s;
                        }
                    }
                }
            }
        }
        return new DoubleTensor(weightShape, dw);
    }

    /** db[co] = sum over n, d, h, w of dy[n][co][d][h][w] (mask dy first for a ReLU conv). */
    public static DoubleTensor backwardBias(DoubleTensor dy) {
        Shape s = dy.shape().requireActivation("ConvRef.backwardBias");
        int n = s.batch();
        int c = s.channels();
        int v = Math.toIntExact(s.spatialSize());
        double[] db = new double[c];
        // dy: [N][Cout][D*H*W], db: [Cout]
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < c; co++) {
                for (int j = 0; j < v; j++) {
                    db[co] += dy.data()[(i * c + co) * v + j];
                }
            }
        }
        return new DoubleTensor(Shape.of(c), db);
    }

    /**
     * The U-Net decoder's composition, the specification of {@link Conv#applyUpConcat}: y = relu?(conv(
     * concat([upsample_nearest(low, factors), skip], channels), w) + b).
     */
    public static DoubleTensor forwardUpConcat(DoubleTensor low, int[] factors, DoubleTensor skip, DoubleTensor weight,
                                               DoubleTensor bias, boolean relu) {
        return forward(upConcat(low, factors, skip), weight, bias, relu);
    }

    /** The concatenated input [upsample_nearest(low, factors), skip] of {@link #forwardUpConcat}, materialized. */
    public static DoubleTensor upConcat(DoubleTensor low, int[] factors, DoubleTensor skip) {
        return ConcatRef.channels(UpsampleRef.nearest(low, factors), skip);
    }

    /**
     * {dLow, dSkip} of {@link #forwardUpConcat} for the gradient {@code g} (dy, masked first for a ReLU conv): dX of the
     * concatenation, its channels C1.. for skip and its channels ..C1 summed over the upsampling blocks for low. The
     * weight and bias gradients are {@link #backwardWeights} and {@link #backwardBias} of the concatenated input.
     */
    public static DoubleTensor[] backwardUpConcat(DoubleTensor g, DoubleTensor weight, Shape lowShape, int[] factors,
                                                  Shape skipShape) {
        int c1 = lowShape.channels();
        int c2 = skipShape.channels();
        DoubleTensor dx = backwardData(g, weight, skipShape.with(1, (long) c1 + c2));
        DoubleTensor dLow = UpsampleRef.nearestBackward(lowShape, ConcatRef.slice(dx, 0, c1), factors);
        return new DoubleTensor[] {dLow, ConcatRef.slice(dx, c1, c2)};
    }
}
