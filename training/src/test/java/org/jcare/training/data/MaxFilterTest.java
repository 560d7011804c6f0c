package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class MaxFilterTest {
    @Test
    void matchesScipyMaximumFilterWithConstantBorder() {
        for (JsonNode c : Fixtures.json("maximum_filter.json").get("cases")) {
            float[] data = Fixtures.floats(c.get("data"));
            int[] shape = Fixtures.ints(c.get("shape"));
            int[] size = Fixtures.ints(c.get("size"));
            assertArrayEquals(Fixtures.floats(c.get("expected")), MaxFilter.apply(data, shape, size), 0f,
                    c.get("shape") + " " + c.get("size"));
        }
    }

    @Test
    void windowOneIsIdentityAndBadWindowsAreErrors() {
        float[] a = {-1, 2, -3, 4, 5, -6};
        assertArrayEquals(a, MaxFilter.apply(a, new int[] {2, 3}, new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> MaxFilter.apply(a, new int[] {2, 3}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> MaxFilter.apply(a, new int[] {2, 3}, new int[] {0, 1}));
    }
}
