package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class TimeFramesTest {
    @Test
    void framesShareThePlanesAndJoinBack() {
        FloatImage tl = FloatImage.zeros("TZCYX", 3, 2, 2, 4, 5);
        for (int p = 0; p < tl.planeCount(); p++) {
            java.util.Arrays.fill(tl.plane(p), p);
        }
        assertTrue(TimeFrames.isTimeLapse(tl));
        assertFalse(TimeFrames.isTimeLapse(FloatImage.zeros("TZYX", 1, 2, 4, 5)));
        assertFalse(TimeFrames.isTimeLapse(FloatImage.zeros("ZYX", 2, 4, 5)));
        List<FloatImage> frames = TimeFrames.split(TimeFrames.timeFirst(tl));
        assertEquals(3, frames.size());
        assertEquals("ZCYX", frames.get(1).axes().letters());
        assertSame(tl.plane(4), frames.get(1).plane(0), "frame 1 starts at plane 4, not copied");
        FloatImage back = TimeFrames.join(frames);
        assertEquals("TZCYX", back.axes().letters());
        assertArrayEquals(tl.toArray(), back.toArray());
        // T not first (axes given with --axes): moved first
        FloatImage zt = FloatImage.zeros("ZTYX", 2, 3, 4, 5);
        zt.set(7f, 1, 2, 3, 4);
        List<FloatImage> f = TimeFrames.split(TimeFrames.timeFirst(zt));
        assertEquals(7f, f.get(2).get(1, 3, 4));
    }
}
