package org.jcare.kernels.deconv;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.optics.deconv.TotalVariation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeconvKernelsTest {
    private static Engine engine;
    /** D, H, W: 2D and 3D, odd sizes, sizes that are not multiples of the work-group, a single voxel. */
    private static final int[][] VOLUMES = {{1, 1, 1}, {1, 7, 9}, {1, 33, 65}, {3, 5, 4}, {5, 17, 13}, {2, 64, 31}};

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void ratioAndUpdateMatchTheReference() {
        long seed = 1;
        for (int[] v : VOLUMES) {
            Shape s = Shape.of(1, 1, v[0], v[1], v[2]);
            try (Scope scope = engine.scope()) {
                DoubleTensor d = DoubleTensor.uniform(s, seed++, 0, 2).roundedToFloat();
                DoubleTensor b = DoubleTensor.uniform(s, seed++, -0.01, 1).roundedToFloat();
                Tensor r = engine.empty(s);
                DeconvKernels.on(engine).ratio(r, DeviceChecks.upload(engine, d), DeviceChecks.upload(engine, b), 1e-3f);
                DeviceChecks.assertMatches("ratio " + s, DeconvRef.ratio(d, b, 1e-3f).roundedToFloat(), r, 1e-12, 1e-3);
                Tensor u1 = engine.empty(s);
                DeconvKernels.on(engine).update(u1, DeviceChecks.upload(engine, d), DeviceChecks.upload(engine, b));
                DeviceChecks.assertMatches("update " + s, DeconvRef.update(d, b).roundedToFloat(), u1, 1e-12, 1e-6);
            }
        }
    }

    @Test
    void totalVariationUpdateMatchesTheReference() {
        long seed = 100;
        for (int[] v : VOLUMES) {
            Shape s = Shape.of(1, 1, v[0], v[1], v[2]);
            try (Scope scope = engine.scope()) {
                DoubleTensor u = DoubleTensor.uniform(s, seed++, 0.5, 2).roundedToFloat();
                DoubleTensor c = DoubleTensor.uniform(s, seed++, 0.5, 1.5).roundedToFloat();
                for (double lambda : new double[] {0.002, 0.05, 5}) {
                    Tensor u1 = engine.empty(s);
                    DeconvKernels.on(engine).updateTv(u1, DeviceChecks.upload(engine, u), DeviceChecks.upload(engine, c),
                            v[0], v[1], v[2], (float) lambda, 1e-3f, 0.1f);
                    DeviceChecks.assertMatches("update_tv lambda " + lambda + " " + s,
                            updateTv(u, c, v[0], v[1], v[2], lambda, 1e-3f, 0.1), u1, 1e-10, 1e-4);
                }
            }
        }
    }

    /** The TV update of every voxel by optics' {@link TotalVariation}, the formula the host Richardson-Lucy runs. */
    static DoubleTensor updateTv(DoubleTensor u, DoubleTensor c, int d, int h, int w, double lambda, double eps,
                                 double minDenom) {
        double[] div = TotalVariation.divergence(u.data(), d, h, w, eps);
        double[] r = new double[div.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = TotalVariation.update(u.data()[i], c.data()[i], div[i], lambda, minDenom);
        }
        return new DoubleTensor(u.shape(), r);
    }
}
