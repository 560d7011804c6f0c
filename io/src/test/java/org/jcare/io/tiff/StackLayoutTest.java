package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jcare.io.image.Calibration;
import org.junit.jupiter.api.Test;

class StackLayoutTest {
    @Test
    void orderedIsTheIdentityInImageJOrder() {
        StackLayout l = StackLayout.ordered(1, 2, 3, Calibration.NONE, "plain");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, l.planeOf());
    }
}
