package org.jcare.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jcare.kernels.conv.ConvGeometry;
import org.junit.jupiter.api.Test;

/** The CARE layer signatures: channels, levels, kernel sizes and order. */
class LayerSignatureTest {
    @Test
    void theDefault3dUNetHasItsTenDistinctConvolutions() {
        List<LayerSignature> s = LayerSignature.care(LayerSignature.SizeSet.GPU, 3);
        assertEquals(10, s.size());
        Set<String> channels = s.stream().map(l -> l.geometry().cin() + "->" + l.geometry().cout() + "@" + l.geometry().h())
                .collect(Collectors.toSet());
        assertEquals(Set.of("1->32@64", "32->32@64", "32->64@32", "64->64@32", "64->128@16", "128->64@16", "128->64@32",
                "64->32@32", "64->32@64", "32->1@64"), channels);
        assertEquals(11, s.stream().mapToInt(LayerSignature::count).sum(), "10 convolutions and the 1x1 head");
        for (LayerSignature l : s) {
            ConvGeometry g = l.geometry();
            assertEquals(16, g.n());
            assertEquals(g.cout() == 1 ? 1 : 3, g.kd());
            assertEquals(g.cin() != 1, l.needsDataGradient(), l.name());
            assertTrue(l.name().startsWith("3d-k"), l.name());
        }
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i - 1).stepFlops() >= s.get(i).stepFlops(), "sorted by FLOPs, largest first");
        }
        assertEquals("3d-k3-32-32-b16-16x64x64", s.get(0).name());
    }

    @Test
    void twoDimensionalSignaturesUseKernel5AndDepth1() {
        for (LayerSignature l : LayerSignature.care(LayerSignature.SizeSet.CPU, 2)) {
            ConvGeometry g = l.geometry();
            assertEquals(1, g.d());
            assertEquals(1, g.kd());
            assertEquals(g.cout() == 1 ? 1 : 5, g.kw());
            assertEquals(4, g.n());
            assertFalse(l.name().contains("x64x"), l.name());
        }
        assertEquals(LayerSignature.SizeSet.TINY, LayerSignature.SizeSet.parse(" Tiny "));
        assertThrows(IllegalArgumentException.class, () -> LayerSignature.SizeSet.parse("huge"));
        assertThrows(IllegalArgumentException.class, () -> LayerSignature.care(LayerSignature.SizeSet.CPU, 4));
    }
}
