package org.jcare.kernels.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WorkSizesTest {
    @Test
    void groupsCoverShortAxesWithLittlePadding() {
        assertEquals(64, WorkSizes.along(11));
        assertEquals(256, WorkSizes.along(256));
        assertEquals(16, WorkSizes.alongRow(1));
        assertEquals(16, WorkSizes.alongRow(11));
        assertEquals(64, WorkSizes.alongRow(64));
        assertEquals(128, WorkSizes.alongRow(65));
        assertEquals(256, WorkSizes.alongRow(5000));
    }

    @Test
    void rowGroupsHoldTheDefaultNumberOfWorkItems() {
        assertArrayEquals(new long[] {16, 16}, WorkSizes.row2d(9));
        assertArrayEquals(new long[] {64, 4}, WorkSizes.row2d(64));
        assertArrayEquals(new long[] {256, 1}, WorkSizes.row2d(1024));
        assertArrayEquals(new long[] {64, 1, 1}, WorkSizes.local3d(3));
        assertArrayEquals(new long[] {256, 1}, WorkSizes.local2d(300));
    }
}
