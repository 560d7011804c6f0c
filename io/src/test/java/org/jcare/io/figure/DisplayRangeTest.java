package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DisplayRangeTest {
    @Test
    void percentilesInterpolateLikeNumpyAndIgnoreNonFinite() {
        float[] v = new float[1001];
        for (int i = 0; i <= 1000; i++) {
            v[i] = i;
        }
        DisplayRange r = DisplayRange.of(v);
        // numpy.percentile(arange(1001), [0.5, 99.8]) == [5.0, 998.0]
        assertEquals(5.0, r.low(), 1e-9);
        assertEquals(998.0, r.high(), 1e-9);
        assertEquals(2.5, DisplayRange.percentile(new float[] {1, 2, 3, 4}, 50), 1e-12);
        DisplayRange n = DisplayRange.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 3, 3});
        assertEquals(3.0, n.low());
        assertEquals(new DisplayRange(0, 1), DisplayRange.of(new float[] {Float.NaN}));
    }

    @Test
    void greyClipsAndShowsNanBlack() {
        DisplayRange r = new DisplayRange(10, 20);
        assertEquals(0, r.grey(5));
        assertEquals(128, r.grey(15));
        assertEquals(255, r.grey(99));
        assertEquals(0, r.grey(Float.NaN));
        assertEquals(255, new DisplayRange(1, 1).grey(2));
    }
}
