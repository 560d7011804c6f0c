package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentationTest {
    @Test
    void noneIsTheDefaultAndFlipsAndRotationsKeepZ() {
        assertTrue(Augmentation.NONE.isNone());
        Augmentation a = Augmentation.flipsAndRotations();
        assertFalse(a.isNone());
        assertTrue(a.flipX() && a.flipY() && a.rot90());
        assertFalse(a.flipZ());
    }
}
