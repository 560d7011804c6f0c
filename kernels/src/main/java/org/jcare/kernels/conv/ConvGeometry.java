package org.jcare.kernels.conv;

import org.jcare.engine.tensor.Shape;

/**
 * The sizes of one convolution, 2D promoted to 3D (D = 1, kd = 1), and the zero-padded geometry the CPU kernels
 * work in: every activation plane padded to Dp x Hp x Wp = (D + kd - 1) x (H + kh - 1) x (W + kw - 1).
 *
 * @param n    batch
 * @param cin  input channels
 * @param cout output channels
 * @param d    depth (1 for 2D)
 * @param h    height
 * @param w    width
 * @param kd   kernel depth (1 for 2D)
 * @param kh   kernel height
 * @param kw   kernel width
 */
public record ConvGeometry(int n, int cin, int cout, int d, int h, int w, int kd, int kh, int kw) {

    /** The geometry of x [N, Cin, (D,) H, W] convolved with weight [Cout, Cin, (kd,) kh, kw] (shapes not checked here). */
    public static ConvGeometry of(Shape x, Shape weight) {
        int r = x.rank();
        int kd = r == 5 ? weight.dimInt(2) : 1;
        return new ConvGeometry(x.batch(), x.channels(), weight.dimInt(0), x.depth(), x.height(), x.width(),
                kd, weight.dimInt(r - 2), weight.dimInt(r - 1));
    }

    /** The geometry of the backward-data convolution: dY convolved with the flipped weights, Cin and Cout swapped. */
    public ConvGeometry transposed() {
        return new ConvGeometry(n, cout, cin, d, h, w, kd, kh, kw);
    }

    /** Number of taps kd * kh * kw. */
    public int taps() {
        return kd * kh * kw;
    }

    /** Voxels per channel and sample, D * H * W. */
    public long plane() {
        return (long) d * h * w;
    }

    /** Padded depth D + kd - 1. */
    public int dp() {
        return d + kd - 1;
    }

    /** Padded height H + kh - 1. */
    public int hp() {
        return h + kh - 1;
    }

    /** Padded width W + kw - 1. */
    public int wp() {
        return w + kw - 1;
    }

    /** Elements of a zero-padded activation with {@code channels} channels, without slack. */
    public long paddedElements(int channels) {
        return (long) n * channels * dp() * hp() * wp();
    }

    /** Multiply-adds times two: the FLOPs of one pass (forward, backward data or backward weights). */
    public double flops() {
        return 2.0 * n * (double) cout * plane() * cin * taps();
    }

    /** Weight elements Cout * Cin * taps. */
    public int weightCount() {
        return Math.multiplyExact(Math.multiplyExact(cout, cin), taps());
    }

    /** Short text for tape details and benchmark rows, for example {@code 3x3x3 32->64}. */
    public String describe() {
        return (kd == 1 && d == 1 ? kh + "x" + kw : kd + "x" + kh + "x" + kw) + " " + cin + "->" + cout;
    }
}
