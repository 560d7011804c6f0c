package org.jcare.training.loop;

/**
 * Keras's ReduceLROnPlateau as CSBDeep configures it (monitor val_loss, mode min, cooldown 0, min_lr 0):
 * an epoch improves when {@code val < best - minDelta}; after {@code patience} epochs without improvement
 * the learning rate is multiplied by {@code factor} and the wait starts again.
 */
public final class ReduceLrOnPlateau {
    private final double factor;
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;

    /** A schedule with CSBDeep's parameters (train_reduce_lr: factor 0.5, patience 10, min_delta 0). */
    public ReduceLrOnPlateau(double factor, int patience, double minDelta) {
        if (!(factor > 0 && factor < 1) || patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("train_reduce_lr: factor must be in (0,1), patience >= 0, min_delta >= 0;"
                    + " got factor " + factor + ", patience " + patience + ", min_delta " + minDelta);
        }
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Feeds one epoch's validation loss; returns the learning rate for the next epoch. */
    public double update(double valLoss, double learningRate) {
        if (valLoss < best - minDelta) {
            best = valLoss;
            wait = 0;
            return learningRate;
        }
        wait++;
        if (wait >= patience) {
            wait = 0;
            return learningRate * factor;
        }
        return learningRate;
    }

    /** Best validation loss seen. */
    public double best() {
        return best;
    }

    /** Epochs since the last improvement. */
    public int waited() {
        return wait;
    }

    /** Restores the state saved with a checkpoint. */
    public void restore(double best, int waited) {
        this.best = best;
        this.wait = waited;
    }
}
