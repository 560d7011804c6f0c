package org.jcare.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * Progress of a long step: on a terminal a redrawn bar (me.tongfei progressbar: count, rate, extra message, ETA) on
 * stderr; otherwise (logs, pipes, tests) nothing but the {@linkplain #line lines} the caller prints, so logs stay
 * readable. The ETA is capped by a deadline when one is given (a time budget ends training early).
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter err;

    private Progress(ProgressBar bar, PrintWriter err) {
        this.bar = bar;
        this.err = err;
    }

    /**
     * Starts a bar of {@code total} units.
     *
     * @param interactive whether stderr is a terminal the bar may redraw (else the bar is silent)
     * @param start       units already done (a resumed run)
     * @param deadline    time after which the work stops whatever the count, or null
     */
    static Progress start(String task, long total, long start, PrintWriter err, boolean interactive, Duration deadline) {
        if (!interactive) {
            return new Progress(null, err);
        }
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setEtaFunction(state -> eta(state, deadline));
        if (start > 0) {
            b.startsFrom(start, Duration.ZERO);
        }
        return new Progress(b.build(), err);
    }

    /** Linear extrapolation of the rate so far, capped by the deadline. */
    static Optional<Duration> eta(ProgressState s, Duration deadline) {
        return eta(s.getCurrent() - s.getStart(), s.getMax() - s.getCurrent(), s.getElapsedAfterStart(),
                s.getTotalElapsed(), deadline);
    }

    /**
     * The time left: {@code left} units at the rate of the {@code done} units in {@code elapsed}, at most the time to
     * the deadline ({@code deadline} after the start, {@code total} elapsed); empty before the first unit.
     */
    static Optional<Duration> eta(long done, long left, Duration elapsed, Duration total, Duration deadline) {
        if (done <= 0) {
            return Optional.empty();
        }
        Duration linear = Duration.ofNanos((long) (elapsed.toNanos() / (double) done * Math.max(0, left)));
        if (deadline == null) {
            return Optional.of(linear);
        }
        Duration toDeadline = deadline.minus(total);
        if (toDeadline.isNegative()) {
            toDeadline = Duration.ZERO;
        }
        return Optional.of(linear.compareTo(toDeadline) < 0 ? linear : toDeadline);
    }

    /** True when a bar is drawn. */
    boolean drawn() {
        return bar != null;
    }

    /** Moves the bar to {@code done} units with {@code extra} shown beside it. */
    void update(long done, String extra) {
        if (bar != null) {
            bar.stepTo(done);
            if (extra != null) {
                bar.setExtraMessage(extra);
            }
        }
    }

    /** Changes the bar's total (a time budget ends the work before the planned count). */
    void maxHint(long total) {
        if (bar != null && total != bar.getMax()) {
            bar.maxHint(total);
        }
    }

    /** Marks the work complete at its current count (it may end early, as a time budget ends training). */
    void done() {
        if (bar != null) {
            bar.maxHint(bar.getCurrent());
        }
    }

    /** Prints a line when no bar is drawn (log mode); silent under a bar, whose extra message carries the news. */
    void line(String text) {
        if (bar == null) {
            err.println(text);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
