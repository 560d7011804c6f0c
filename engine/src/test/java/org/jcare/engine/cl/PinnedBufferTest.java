package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** Pinned host memory: mapped for its lifetime, a float view of a chosen length, blocking transfers through it. */
class PinnedBufferTest {
    @Test
    void holdsFloatsThatGoToTheDeviceAndBack() {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext cl = ClContext.create(device);
             PinnedBuffer pinned = cl.pinned(4 * 10);
             ClBuffer b = cl.allocate(4 * 10)) {
            assertEquals(40, pinned.bytes());
            assertEquals(10, pinned.capacity());
            FloatBuffer f = pinned.floats(7);
            assertEquals(7, f.remaining());
            for (int i = 0; i < 7; i++) {
                f.put(i, i + 0.25f);
            }
            cl.write(b, 0, pinned.floats(7));
            float[] back = new float[7];
            cl.read(b, 0, back);
            assertArrayEquals(new float[] {0.25f, 1.25f, 2.25f, 3.25f, 4.25f, 5.25f, 6.25f}, back);
            cl.read(b, 0, pinned.floats(7).position(3).slice());
            assertEquals(0.25f, pinned.floats(7).get(3), "a read into the pinned memory lands there");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pinned.floats(11));
            assertTrue(e.getMessage().contains("11 floats"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cl.pinned(0));
            pinned.close();
            pinned.close(); // idempotent
            assertThrows(IllegalStateException.class, () -> pinned.floats(1));
        }
    }
}
