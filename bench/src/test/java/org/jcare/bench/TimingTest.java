package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Warm-up and timed iterations, each ended by the finish callback. */
class TimingTest {
    @Test
    void warmsUpThenTimesEveryIteration() {
        AtomicInteger bodies = new AtomicInteger();
        AtomicInteger finishes = new AtomicInteger();
        Timing.Result r = Timing.measure(2, 5, () -> {
            bodies.incrementAndGet();
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }, finishes::incrementAndGet);
        assertEquals(7, bodies.get());
        assertEquals(6, finishes.get(), "one after the warm-up, one per timed iteration");
        assertEquals(5, r.iterations());
        assertTrue(r.minMs() >= 0.2 && r.medianMs() >= r.minMs(), r.toString());
    }
}
