package org.jcare.kernels.conv;

import static org.jcare.kernels.conv.Tf32Fixtures.H200;
import static org.jcare.kernels.conv.Tf32Fixtures.geometry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The TF32 weight-gradient tile: validation, per-shape adaptation, NVIDIA's 48 KiB, build options. */
class ConvTf32WeightsTest {
    private static final ConvTf32Weights D = ConvTf32Weights.DEFAULT;

    @Test
    void invalidTilesAreReportedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTf32Weights(24, 12, 0, 20));
        String m = e.getMessage();
        assertTrue(m.contains("bm 24") && m.contains("nci 12") && m.contains("taps 0") && m.contains("seg 20"), m);
    }

    @Test
    void theTileAdaptsToTheLayer() {
        ConvGeometry care3d = geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3);
        ConvTf32Weights t = D.forGeometry(care3d);
        assertEquals(new ConvTf32Weights(32, 16, 5, 32), t);
        assertEquals(6, t.warps(care3d));
        assertEquals("-DWBM=32 -DWNTI=2 -DTPW=5 -DWWARPS=6", t.options(care3d));
        ConvGeometry care2d = geometry(32, 32, new int[] {128, 128}, 5, 5);
        assertEquals(5, D.forGeometry(care2d).warps(care2d));
        // first layer (1 input channel), last layer (1 output channel, 1x1): one n-tile, one m-tile, one warp
        ConvGeometry first = geometry(1, 32, new int[] {16, 8, 8}, 3, 3, 3);
        assertEquals(8, D.forGeometry(first).nci());
        assertEquals(8, D.forGeometry(first).seg());
        ConvGeometry last = geometry(32, 1, new int[] {16, 64, 64}, 1, 1, 1);
        t = D.forGeometry(last);
        assertEquals(16, t.bm());
        assertEquals(1, t.taps());
        assertEquals(1, t.warps(last));
        // 64 output channels on one warp: bm is cut to the 32 work-items that sum the bias
        ConvTf32Weights wide = new ConvTf32Weights(64, 16, 5, 32);
        ConvGeometry oneTap = geometry(32, 64, new int[] {16, 64, 64}, 1, 1, 1);
        assertEquals(32, wide.forGeometry(oneTap).bm());
        // 7x7x7: at most 8 warps, the taps spread evenly
        ConvGeometry k7 = geometry(16, 16, new int[] {16, 64, 64}, 7, 7, 7);
        t = D.forGeometry(k7);
        assertEquals(8, t.warps(k7));
        assertEquals(43, t.taps());
    }

    @Test
    void kernelsUpTo5x5x5And7x7FitNvidiaAndLargerOnesFallBack() {
        for (int k : new int[] {1, 3, 5}) {
            for (int c : new int[] {1, 16, 32, 64, 128}) {
                for (ConvGeometry g : new ConvGeometry[] {geometry(c, c, new int[] {16, 64, 64}, k, k, k),
                        geometry(c, c, new int[] {128, 128}, k, k), geometry(c, c, new int[] {16, 64, 64}, 1, k, k)}) {
                    assertNull(D.unsupportedReason(H200, g, true, 0), g.describe());
                    assertTrue(D.forGeometry(g).localBytes(g, true) <= 49152, g.describe());
                }
            }
        }
        // 5x5x5 and 7x7x7 need a narrower tile: 8 input channels (and for 7x7x7 16 voxels) per step
        ConvGeometry k5 = geometry(16, 16, new int[] {16, 64, 64}, 5, 5, 5);
        assertEquals(8, D.forGeometry(k5).nci());
        ConvGeometry k7 = geometry(16, 16, new int[] {16, 64, 64}, 7, 7, 7);
        assertEquals(new ConvTf32Weights(16, 8, 43, 16), D.forGeometry(k7));
        for (int c : new int[] {1, 16, 32, 64, 128}) {
            ConvGeometry k7x7 = geometry(c, c, new int[] {128, 128}, 7, 7);
            assertNull(D.unsupportedReason(H200, k7x7, true, 0), k7x7.describe());
            assertTrue(D.forGeometry(k7x7).localBytes(k7x7, true) <= 49152);
        }
        String why = D.unsupportedReason(H200, k7, true, 0);
        assertNotNull(why);
        assertTrue(why.contains("spill"), why);
        ConvGeometry k11 = geometry(16, 16, new int[] {16, 64, 64}, 1, 11, 11);
        assertNull(D.unsupportedReason(H200, k11, true, 0));
        ConvTunables t = ConvTunables.forDevice(H200);
        assertNotNull(t.tf32().weightsUnsupportedReason(H200, k7));
        assertNull(t.tf32().weightsUnsupportedReason(H200, geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3)));
    }

    @Test
    void emulationScratchCountsAgainstLocalMemory() {
        ConvGeometry g = geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3);
        ConvTf32Weights t = D.forGeometry(g);
        long scratch = 4L * 6 * (2 * 128 + 2 * 64);
        assertEquals(t.localBytes(g, true) + scratch, t.localBytes(g, false));
        assertEquals(4L * (32 * 36 + 16 * 308), t.localBytes(g, true), "gs 32 x (32 + 4), xs 16 x 308 (>= 9 x 34, % 8 == 4)");
    }
}
