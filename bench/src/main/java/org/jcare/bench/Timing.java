package org.jcare.bench;

import java.util.Arrays;

/** Wall-clock timing of device work: warm-up, then timed iterations each ended by a queue finish. */
public final class Timing {
    /** Median and minimum of the timed iterations, in milliseconds. */
    public record Result(double medianMs, double minMs, int iterations) {
    }

    private Timing() {
    }

    /**
     * Runs {@code body} {@code warmup} times, then {@code iterations} times timing each; {@code finish} must
     * wait for the device (so asynchronous work is inside the measurement).
     */
    public static Result measure(int warmup, int iterations, Runnable body, Runnable finish) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        finish.run();
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            body.run();
            finish.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = iterations % 2 == 1 ? ms[iterations / 2] : (ms[iterations / 2 - 1] + ms[iterations / 2]) / 2;
        return new Result(median, ms[0], iterations);
    }
}
