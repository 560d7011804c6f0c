package org.jcare.bench.jmh;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvPasses;
import org.jcare.kernels.conv.ConvVariant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Convolution passes (32 -> 32 channels, k3 in 3D, k5 in 2D, {@link OpWorkloads#conv}) with the kernels the engine
 * picks for the device (tuned tunables included); each invocation is one pass and a queue finish. Forward fuses
 * bias and ReLU; the backward passes start from a prepared gradient, as in a training step.
 */
@State(Scope.Benchmark)
public class ConvOps extends DeviceOps {
    /** 2 or 3 spatial dimensions. */
    @Param({"3", "2"})
    public int rank;

    private ConvPasses passes;
    private Shape xShape;
    private Shape wShape;
    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor dy;
    private ConvPasses.Gradient grad;

    /** Opens the device and allocates the inputs. */
    @Setup(Level.Trial)
    public void setup() {
        openEngine();
        ConvGeometry g = OpWorkloads.conv(size, rank);
        xShape = OpWorkloads.activation(size, rank, g.cin(), false);
        wShape = rank == 3 ? Shape.of(g.cout(), g.cin(), g.kd(), g.kh(), g.kw()) : Shape.of(g.cout(), g.cin(), g.kh(), g.kw());
        x = engine.full(xShape, 0.5f);
        w = engine.full(wShape, 1f / (g.cin() * g.taps()));
        b = engine.full(Shape.of(g.cout()), 0.01f);
        dy = engine.full(xShape.with(1, g.cout()), 0.25f);
        passes = ConvPasses.on(engine, ConvVariant.AUTO, g);
        grad = passes.gradient(dy, null);
        engine.cl().finish();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        grad.close();
        closeEngine(x, w, b, dy);
    }

    /** y = relu(conv(x, w) + b). */
    @Benchmark
    public void forward() {
        Tensor y = passes.forward(x, w, b, true);
        engine.cl().finish();
        y.close();
    }

    /** dx from dy and the flipped weights. */
    @Benchmark
    public void backwardData() {
        Tensor dx = passes.backwardData(grad, w, xShape);
        engine.cl().finish();
        dx.close();
    }

    /** dw and db, split-K partials plus the fixed-order reduce. */
    @Benchmark
    public void backwardWeights() {
        Tensor[] r = passes.backwardWeights(x, grad, wShape, true);
        engine.cl().finish();
        r[0].close();
        r[1].close();
    }
}
