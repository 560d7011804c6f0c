package org.jcare.kernels.upsample;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.common.SpatialFactors;

/** Float64 reference of {@code upsample.cl}: the specification the kernels are tested against. */
public final class UpsampleRef {
    private UpsampleRef() {
    }

    /** y[p][z][h][w] = x[p][z / fd][h / fh][w / fw] (p = n*C + c; integer division). */
    public static DoubleTensor nearest(DoubleTensor x, int... factors) {
        Shape s = x.shape();
        SpatialFactors f = SpatialFactors.of("UpsampleRef.nearest", s, factors);
        Shape out = f.multiply(s);
        int d = s.depth();
        int h = s.height();
        int w = s.width();
        int ho = h * f.fh();
        int wo = w * f.fw();
        int dout = d * f.fd();
        double[] y = new double[Math.toIntExact(out.numel())];
        int planes = s.batch() * s.channels();
        for (int p = 0; p < planes; p++) {
            for (int z = 0; z < dout; z++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        y[((p * dout + z) * ho + i) * wo + j] = x.data()[((p * d + z / f.fd()) * h + i / f.fh()) * w + j / f.fw()];
                    }
                }
            }
        }
        return new DoubleTensor(out, y);
    }

    /** dx[p][z][h][w] = sum of dy over the block (z*fd.., h*fh.., w*fw..). */
    public static DoubleTensor nearestBackward(Shape xShape, DoubleTensor dy, int... factors) {
        SpatialFactors f = SpatialFactors.of("UpsampleRef.nearestBackward", xShape, factors);
        int d = xShape.depth();
        int h = xShape.height();
        int w = xShape.width();
        int ho = h * f.fh();
        int wo = w * f.fw();
        int dout = d * f.fd();
        double[] dx = new double[Math.toIntExact(xShape.numel())];
        int planes = xShape.batch() * xShape.channels();
        for (int p = 0; p < planes; p++) {
            for (int z = 0; z < dout; z++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        dx[((p * d + z / f.fd()) * h + i / f.fh()) * w + j / f.fw()] += dy.data()[((p * dout + z) * ho + i) * wo + j];
                    }
                }
            }
        }
        return new DoubleTensor(xShape, dx);
    }
}
