package org.jcare.kernels.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.tensor.Shape;
import org.junit.jupiter.api.Test;

class SpatialFactorsTest {
    @Test
    void readsOneFactorPerSpatialAxis() {
        SpatialFactors f2 = SpatialFactors.of("op", Shape.of(1, 3, 8, 12), 2, 3);
        assertEquals(new SpatialFactors(1, 2, 3), f2);
        assertEquals(Shape.of(1, 3, 4, 4), f2.divide(Shape.of(1, 3, 8, 12)));
        assertEquals(Shape.of(1, 3, 16, 36), f2.multiply(Shape.of(1, 3, 8, 12)));
        assertEquals("(2, 3)", f2.describe(Shape.of(1, 3, 8, 12)));
        SpatialFactors f3 = SpatialFactors.of("op", Shape.of(2, 1, 4, 8, 8), 1, 2, 2);
        assertTrue(f3.isPlanar2());
        assertFalse(f3.isCubic2());
        assertEquals(4, f3.volume());
        assertEquals(Shape.of(2, 1, 4, 4, 4), f3.divide(Shape.of(2, 1, 4, 8, 8)));
        assertTrue(SpatialFactors.of("op", Shape.of(1, 1, 2, 2), 2, 2).isPlanar2());
    }

    @Test
    void wrongCountsAndNonPositiveFactorsAreErrorsNamingTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpatialFactors.of("Pool.max", Shape.of(1, 1, 4, 4), 2, 2, 2));
        assertTrue(e.getMessage().startsWith("Pool.max") && e.getMessage().contains("[1, 1, 4, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpatialFactors.of("op", Shape.of(1, 1, 4, 4), 2, -1));
        assertThrows(IllegalArgumentException.class, () -> SpatialFactors.of("op", Shape.of(4, 4), 2, 2));
    }
}
