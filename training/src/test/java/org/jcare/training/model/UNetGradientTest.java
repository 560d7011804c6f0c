package org.jcare.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.loss.LossRef;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.training.loop.LossKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The composite check of issue "Engine and kernels": a 2-level U-Net assembled from the device ops (2D and 3D,
 * residual, standard and probabilistic heads) gives, for every parameter, the gradient that the same network
 * evaluated with the float64 references gives.
 */
class UNetGradientTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @ParameterizedTest(name = "{0}D probabilistic={1}")
    @CsvSource({"2, false", "2, true", "3, false", "3, true"})
    void everyParameterGradientMatchesTheFloat64Network(int nDim, boolean probabilistic) {
        int[] kernel = nDim == 2 ? new int[] {3, 3} : new int[] {3, 3, 3};
        int[] pool = nDim == 2 ? new int[] {2, 2} : new int[] {2, 2, 2};
        UNetSpec spec = new UNetSpec(nDim, 1, 1, 2, kernel, 4, true, probabilistic, false, pool);
        Shape shape = nDim == 2 ? Shape.of(2, 1, 12, 16) : Shape.of(1, 1, 8, 8, 12);
        try (UNet net = new UNet(engine, spec).initialize(7); Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(shape, 11, 0, 1).roundedToFloat();
            ReferenceUNet ref = new ReferenceUNet(net);
            DoubleTensor refOut = ref.forward(x);
            DoubleTensor target = targetAwayFrom(refOut, spec.channelsOut(), 13);
            LossKind loss = probabilistic ? LossKind.LAPLACE : LossKind.MAE;

            Tensor out = net.forward(DeviceChecks.upload(engine, x));
            DeviceChecks.assertMatches("U-Net forward", refOut, out, 1e-10, 1e-4);
            Tensor l = loss.apply(out, DeviceChecks.upload(engine, target));
            double refLoss = (probabilistic ? LossRef.laplace(refOut, target) : LossRef.mae(refOut, target)).data()[0];
            assertEquals(refLoss, l.toArray()[0], 1e-5 * Math.abs(refLoss));
            net.parameters().zeroGrad();
            engine.tape().backward(l);

            DoubleTensor dOut = probabilistic ? LossRef.laplaceBackward(refOut, target, 1)
                    : LossRef.maeBackward(refOut, target, 1);
            Map<String, DoubleTensor> refGrads = ref.backward(dOut);
            assertEquals(net.parameters().list().size(), refGrads.size(), "every parameter has a reference gradient");
            for (Parameter p : net.parameters().list()) {
                DoubleTensor expected = refGrads.get(p.name());
                Comparison c = Comparison.of(expected.data(), p.grad().toArray());
                assertTrue(c.within(1e-8, 1e-3), () -> c.describe(nDim + "D grad of " + p.name(), p.shape()));
            }
        }
    }

    /** Targets at least 0.1 from the reference output, so |mu - y| has the same sign in float32 and float64. */
    private static DoubleTensor targetAwayFrom(DoubleTensor out, int meanChannels, long seed) {
        Shape s = out.shape();
        Shape ts = s.with(1, meanChannels);
        double[] t = new double[Math.toIntExact(ts.numel())];
        long perSample = ts.numel() / ts.dim(0);
        long outPerSample = s.numel() / s.dim(0);
        Random r = new Random(seed);
        for (int i = 0; i < t.length; i++) {
            long n = i / perSample;
            double mu = out.data()[(int) (n * outPerSample + i % perSample)];
            t[i] = mu + (r.nextBoolean() ? 1 : -1) * (0.1 + 0.4 * r.nextDouble());
        }
        return new DoubleTensor(ts, t).roundedToFloat();
    }
}
