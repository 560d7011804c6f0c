package org.jcare.kernels.pool;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.common.SpatialFactors;

/** Float64 reference of {@code pool.cl}: the specification the kernels are tested against. */
public final class PoolRef {
    private PoolRef() {
    }

    /** y[p][zo][ho][wo] = max over the window (zo*fd.., ho*fh.., wo*fw..) of plane p (p = n*C + c). */
    public static DoubleTensor max(DoubleTensor x, int... factors) {
        Shape s = x.shape();
        SpatialFactors f = SpatialFactors.of("PoolRef.max", s, factors);
        Shape out = f.divide(s);
        double[] y = new double[Math.toIntExact(out.numel())];
        int[] arg = argmax(x, f);
        for (int o = 0; o < y.length; o++) {
            y[o] = x.data()[arg[o]];
        }
        return new DoubleTensor(out, y);
    }

    /**
     * dx = dy routed to the winner of each window (the first maximum in scan order d, h, w), 0 elsewhere.
     */
    public static DoubleTensor maxBackward(DoubleTensor x, DoubleTensor dy, int... factors) {
        SpatialFactors f = SpatialFactors.of("PoolRef.maxBackward", x.shape(), factors);
        int[] arg = argmax(x, f);
        double[] dx = new double[x.size()];
        for (int o = 0; o < arg.length; o++) {
            dx[arg[o]] += dy.data()[o];
        }
        return new DoubleTensor(x.shape(), dx);
    }

    /** Flat index into x of the winner of each pooled element (first maximum in scan order). */
    static int[] argmax(DoubleTensor x, SpatialFactors f) {
        Shape s = x.shape();
        int d = s.depth();
        int h = s.height();
        int w = s.width();
        int dout = d / f.fd();
        int hout = h / f.fh();
        int wout = w / f.fw();
        int planes = s.batch() * s.channels();
        int[] arg = new int[planes * dout * hout * wout];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int zo = 0; zo < dout; zo++) {
                for (int ho = 0; ho < hout; ho++) {
                    for (int wo = 0; wo < wout; wo++) {
                        int best = -1;
                        for (int a = 0; a < f.fd(); a++) {
                            for (int b = 0; b < f.fh(); b++) {
                                for (int c = 0; c < f.fw(); c++) {
                                    int i = ((p * d + zo * f.fd() + a) * h + ho * f.fh() + b) * w + wo * f.fw() + c;
                                    if (best < 0 || x.data()[i] > x.data()[best]) {
                                        best = i;
                                    }
                                }
                            }
                        }
                        arg[o++] = best;
                    }
                }
            }
        }
        return arg;
    }
}
