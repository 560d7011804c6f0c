package org.jcare.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.io.figure.CurvePng;
import org.jcare.io.figure.TrainingCurves;
import org.jcare.training.loop.CurvesFigure;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;

/**
 * Shows training progress (a bar with loss, val_loss and ETA on a terminal, one line per epoch otherwise). The
 * training-curve PNG is part of every checkpoint ({@link CurvesFigure}), so a long run can be watched in the model
 * folder.
 */
final class TrainingProgress implements TrainingListener {
    /** The curve PNG's file name in the model folder. */
    static final String CURVES_PNG = CurvesFigure.FILE_NAME;

    private final Progress progress;
    private final List<EpochResult> history;
    private final java.time.Duration budget;
    private final long total;
    private final long started = System.nanoTime();
    private String lastEpoch = "";

    /**
     * A listener drawing on {@code progress}, with {@code earlier} epochs of a resumed run.
     *
     * @param total    steps planned (all epochs)
     * @param budget   the time budget, or null
     */
    TrainingProgress(Progress progress, List<EpochResult> earlier, long total, java.time.Duration budget) {
        this.progress = progress;
        this.total = total;
        this.budget = budget;
        this.history = new ArrayList<>(earlier);
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss) {
        String loss = Double.isNaN(runningLoss) ? "" : String.format(Locale.ROOT, " loss %.4g", runningLoss);
        long done = (long) (epoch - 1) * stepsPerEpoch + step;
        progress.update(done, "epoch " + epoch + loss + lastEpoch);
        if (budget != null) {
            progress.maxHint(projectedSteps(done, stepsPerEpoch));
        }
    }

    @Override
    public void onEpoch(EpochResult r) {
        history.add(r);
        lastEpoch = String.format(Locale.ROOT, " | loss %.4g val_loss %.4g", r.loss(), r.valLoss());
        progress.line(format(r));
    }

    /**
     * The steps a time-budgeted run will reach: the rate so far until the budget ends, rounded up to a whole epoch
     * (the trainer stops after the epoch in which the budget runs out), at most the planned total.
     */
    long projectedSteps(long done, int stepsPerEpoch) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (done <= 0 || elapsed <= 0) {
            return total;
        }
        double left = Math.max(0, budget.toMillis() / 1e3 - elapsed);
        long projected = done + (long) Math.ceil(done / elapsed * left);
        long epochs = (projected + stepsPerEpoch - 1) / stepsPerEpoch;
        return Math.min(total, Math.max(done, epochs * stepsPerEpoch));
    }

    /** One epoch in words. */
    static String format(EpochResult r) {
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.5g  val_loss %.5g  lr %.2e  %.1f s%s", r.epoch(),
                r.epochs(), r.loss(), r.valLoss(), r.learningRate(), r.seconds(), r.improved() ? "  (best)" : "");
    }

    /** Every epoch so far, earlier runs included. */
    List<EpochResult> history() {
        return history;
    }

    static TrainingCurves curves(List<EpochResult> h) {
        return CurvesFigure.curves(h);
    }

    /** A logarithmic loss axis when every loss is positive (not so for the Laplace loss). */
    static CurvePng.Style style(List<EpochResult> h) {
        return CurvesFigure.style(h);
    }
}
