package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.io.figure.CurvePng;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;

/**
 * Progress of an ensemble's training: one bar over every member's steps (members may train at once on several
 * devices, so updates come from several threads), one line per member epoch in logs, and each member's training
 * curve redrawn in its folder after every epoch.
 */
final class EnsembleProgress implements EnsembleTraining.Listeners {
    private final Progress bar;
    private final PrintWriter err;
    private final int members;
    private final long[] done;

    EnsembleProgress(Progress bar, PrintWriter err, int members, long stepsPerMember) {
        this.bar = bar;
        this.err = err;
        this.members = members;
        this.done = new long[members];
    }

    @Override
    public TrainingListener member(int index, Path folder, List<EpochResult> earlier) {
        List<EpochResult> history = new ArrayList<>(earlier);
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss) {
                String loss = Double.isNaN(runningLoss) ? "" : String.format(Locale.ROOT, " loss %.4g", runningLoss);
                update(index, (long) (epoch - 1) * stepsPerEpoch + step, "member " + (index + 1) + " epoch " + epoch
                        + loss);
            }

            @Override
            public void onEpoch(EpochResult r) {
                history.add(r);
                line("member " + (index + 1) + "/" + members + ": " + TrainingProgress.format(r));
                try {
                    if (Files.isDirectory(folder)) {
                        CurvePng.write(folder.resolve(TrainingProgress.CURVES_PNG), TrainingProgress.curves(history),
                                TrainingProgress.style(history), true);
                    }
                } catch (Exception e) {
                    line("warning: cannot draw the curves of member " + (index + 1) + ": " + ExitCodes.message(e));
                }
            }
        };
    }

    @Override
    public void finished(EnsembleTraining.MemberResult r) {
        line("member " + (r.index() + 1) + "/" + members + (r.skipped() ? ": already trained, kept"
                : ": done after " + r.history().size() + " epochs on " + r.device()));
    }

    private synchronized void update(int index, long steps, String extra) {
        done[index] = steps;
        long sum = 0;
        for (long d : done) {
            sum += d;
        }
        bar.update(sum, extra);
    }

    private synchronized void line(String text) {
        bar.line(text);
    }
}
