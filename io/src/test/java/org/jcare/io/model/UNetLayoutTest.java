package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class UNetLayoutTest {
    static long parameters(List<UNetLayout.Conv> convs) {
        long n = 0;
        for (UNetLayout.Conv c : convs) {
            long k = 1;
            for (long s : c.weightShape()) {
                k *= s;
            }
            n += k + c.out();
        }
        return n;
    }

    @Test
    void csbdeepDefaultsHaveTheParameterCountsOfCareModes() {
        // CARE-MODES.md 0.5: 2D default 922,977; 3D default 996,769; probabilistic adds 33 (F = 32, one channel)
        UNetLayout d2 = new UNetLayout(2, 1, 1, 2, new int[] {5, 5}, 32, true, false, false, new int[] {2, 2});
        UNetLayout d3 = new UNetLayout(3, 1, 1, 2, new int[] {3, 3, 3}, 32, true, false, false, new int[] {2, 2, 2});
        UNetLayout p2 = new UNetLayout(2, 1, 1, 2, new int[] {5, 5}, 32, true, true, false, new int[] {2, 2});
        assertEquals(922_977, parameters(d2.convs()));
        assertEquals(996_769, parameters(d3.convs()));
        assertEquals(922_977 + 33, parameters(p2.convs()));
        assertEquals(2, p2.outputChannels());
        assertArrayEquals(new int[] {4, 4}, d2.divisibility());
    }

    @Test
    void layersComeInCsbdeepOrderWithBothLayouts() {
        UNetLayout l = new UNetLayout(2, 2, 1, 1, new int[] {3, 5}, 4, false, false, false, new int[] {2, 2});
        List<String> names = l.convs().stream().map(UNetLayout.Conv::name).toList();
        assertEquals(List.of("down_level_0_no_0", "down_level_0_no_1", "middle_0", "middle_2", "up_level_0_no_0",
                "up_level_0_no_2", "head"), names);
        UNetLayout.Conv up = l.convs().get(4);
        assertArrayEquals(new long[] {4, 8, 3, 5}, up.weightShape()); // [upsampled 4 + skip 4] in
        assertArrayEquals(new long[] {3, 5, 8, 4}, up.kerasShape());
        assertThrows(IllegalArgumentException.class,
                () -> new UNetLayout(4, 1, 1, 1, new int[] {3}, 4, false, false, false, new int[] {2}));
    }

    @Test
    void projectionNetworkHasTheInferredParameterCount() {
        // CARE-MODES.md 3.2: defaults (depth 4, 8 filters, kernel 3, C_in 1): 224 + 8 * 1736 + 217 = 14,329
        ProjectionLayout p = new ProjectionLayout(1, 4, 8, 1, new int[] {3, 3, 3}, new int[] {1, 2, 2});
        assertEquals(10, p.convs().size());
        assertEquals(14_329, parameters(p.convs()));
    }
}
