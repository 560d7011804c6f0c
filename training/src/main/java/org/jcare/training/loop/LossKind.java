package org.jcare.training.loop;

import java.util.Locale;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.loss.Loss;

/** The training losses of CSBDeep (reference b.3): mean absolute error, mean squared error, Laplace NLL. */
public enum LossKind {
    /** mean |mu - y|. */
    MAE,
    /** mean (mu - y)^2. */
    MSE,
    /** mean |mu - y| / sigma + log sigma + log 2, for probabilistic nets. */
    LAPLACE;

    /** The loss of a prediction batch against its target batch, a 1-element tensor. */
    public Tensor apply(Tensor prediction, Tensor target) {
        return switch (this) {
            case MAE -> Loss.mae(prediction, target);
            case MSE -> Loss.mse(prediction, target);
            case LAPLACE -> Loss.laplace(prediction, target);
        };
    }

    /** CSBDeep's name: "mae", "mse" or "laplace". */
    public String csbdeepName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses CSBDeep's name. */
    public static LossKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("train_loss '" + name + "' unknown: use mae, mse or laplace", e);
        }
    }
}
