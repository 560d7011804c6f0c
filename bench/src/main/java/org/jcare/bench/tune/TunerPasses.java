package org.jcare.bench.tune;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvPasses;
import org.jcare.kernels.conv.ConvVariant;

/**
 * The passes of one candidate as the tuner validates and times them: those of {@link ConvPasses}. An interface so
 * that tests can hand the tuner deliberately broken passes and check that validation rejects them.
 */
public interface TunerPasses {
    /** y = relu?(conv(x, w) + b), see {@link ConvPasses#forward}. */
    Tensor forward(Tensor x, Tensor weight, Tensor bias, boolean relu);

    /** The prepared incoming gradient, see {@link ConvPasses#gradient}. */
    ConvPasses.Gradient gradient(Tensor dy, Tensor reluOutput);

    /** dx, see {@link ConvPasses#backwardData}. */
    Tensor backwardData(ConvPasses.Gradient grad, Tensor weight, Shape xShape);

    /** {dw, db}, see {@link ConvPasses#backwardWeights}. */
    Tensor[] backwardWeights(Tensor x, ConvPasses.Gradient grad, Shape weightShape, boolean bias);

    /** Opens the passes of a launcher (and so of a candidate's tunables) for one geometry. */
    @FunctionalInterface
    interface Factory {
        /** The passes of {@code variant} with {@code kernels} for {@code g}; fails when the variant cannot run g. */
        TunerPasses open(Engine engine, ConvKernels kernels, ConvVariant variant, ConvGeometry g);
    }

    /** The real passes. */
    static Factory real() {
        return (engine, kernels, variant, g) -> of(ConvPasses.on(engine, kernels, variant, g));
    }

    /** {@code p} as tuner passes. */
    static TunerPasses of(ConvPasses p) {
        return new TunerPasses() {
            @Override
            public Tensor forward(Tensor x, Tensor weight, Tensor bias, boolean relu) {
                return p.forward(x, weight, bias, relu);
            }

            @Override
            public ConvPasses.Gradient gradient(Tensor dy, Tensor reluOutput) {
                return p.gradient(dy, reluOutput);
            }

            @Override
            public Tensor backwardData(ConvPasses.Gradient grad, Tensor weight, Shape xShape) {
                return p.backwardData(grad, weight, xShape);
            }

            @Override
            public Tensor[] backwardWeights(Tensor x, ConvPasses.Gradient grad, Shape weightShape, boolean bias) {
                return p.backwardWeights(x, grad, weightShape, bias);
            }
        };
    }
}
