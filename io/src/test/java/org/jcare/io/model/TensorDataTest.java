package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorDataTest {
    @Test
    void valuesMustFitShapeAndEqualityIsByContent() {
        assertThrows(IllegalArgumentException.class, () -> new TensorData(new long[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new TensorData(new long[] {-1}, new float[0]));
        TensorData a = new TensorData(new long[] {2}, new float[] {1, 2});
        assertEquals(a, new TensorData(new long[] {2}, new float[] {1, 2}));
        assertNotEquals(a, new TensorData(new long[] {1, 2}, new float[] {1, 2}));
        long[] shape = a.shape();
        shape[0] = 9;
        assertEquals(2, a.shape()[0], "the shape is copied");
    }
}
