package org.jcare.kernels.conv;

import static org.jcare.kernels.conv.Tf32Fixtures.H200;
import static org.jcare.kernels.conv.Tf32Fixtures.geometry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.junit.jupiter.api.Test;

/** The TF32 tile: validation, the per-shape adaptation, local-memory planning against NVIDIA's 48 KiB, build options. */
class ConvTf32TunablesTest {
    private static final DeviceInfo POCL = new DeviceInfo(0, 0, 0, "Portable Computing Language", "pthread-haswell",
            "AuthenticAMD", "OpenCL 3.0 PoCL", "3.1", "OpenCL C 1.2", DeviceType.CPU, 2, 16L << 30, 524288, 4L << 30, 4096,
            128, 8, 0, "");
    private static final ConvTf32Tunables D = ConvTf32Tunables.DEFAULT;

    @Test
    void invalidTilesAreReportedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTf32Tunables(24, 4, 60, 48, 12, -1, 0, false));
        String m = e.getMessage();
        assertTrue(m.contains("tw 24") && m.contains("wn 12") && m.contains("localBytes -1"), m);
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTf32Tunables(32, 4, 64, 48, 32, 0, 0, false));
        assertTrue(e.getMessage().contains("wm 48 does not divide"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTf32Tunables(64, 16, 128, 16, 8, 0, 0, false));
        assertTrue(e.getMessage().contains("exceeds 256"), e.getMessage());
        assertEquals(128, D.threads());
    }

    @Test
    void theTileAdaptsToNarrowPlanesAndFewChannels() {
        // CARE 3D level 0 (16x64x64, 32 channels): 32 x 4 voxels, bn cut to 32 (no half-empty channel block)
        ConvTf32Tunables t = D.forGeometry(geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3));
        assertEquals(new ConvTf32Tunables(32, 4, 32, 64, 32, 0, 0, false), t);
        // level 1 (8x16x16): a 16-wide plane gets a 16 x 8 tile of the same size
        t = D.forGeometry(geometry(64, 64, new int[] {8, 16, 16}, 3, 3, 3));
        assertEquals(16, t.tw());
        assertEquals(8, t.th());
        assertEquals(64, t.bn());
        // level 2 (4x8x8, 128 channels): 16 x 8, two channel blocks of 64
        t = D.forGeometry(geometry(64, 128, new int[] {4, 8, 8}, 3, 3, 3));
        assertEquals(16 * 8, t.tw() * t.th());
        assertEquals(64, t.bn());
        assertEquals(128, t.coutPad(geometry(64, 128, new int[] {4, 8, 8}, 3, 3, 3)));
        // a last layer with one output channel: one n-tile of 8
        t = D.forGeometry(geometry(32, 1, new int[] {64, 64}, 1, 1));
        assertEquals(8, t.bn());
        assertEquals(8, t.wn());
        // 40 channels: a whole block of 64 with two warps along N
        t = D.forGeometry(geometry(32, 40, new int[] {64, 64}, 3, 3));
        assertEquals(64, t.bn());
        assertEquals(32, t.wn());
        // a short plane shrinks the tile height, and wm follows the tile
        t = D.forGeometry(geometry(8, 8, new int[] {2, 100}, 3, 3));
        assertEquals(2, t.th());
        assertEquals(64, t.wm());
        t = D.forGeometry(geometry(8, 8, new int[] {1, 20}, 3, 3));
        assertEquals(1, t.th());
        assertEquals(32, t.wm());
    }

    @Test
    void everyKernelUpTo7FitsNvidiaLocalMemory() {
        for (int k : new int[] {1, 3, 5, 7}) {
            for (int c : new int[] {1, 16, 32, 64, 128}) {
                ConvGeometry g3 = geometry(c, c, new int[] {16, 64, 64}, k, k, k);
                ConvGeometry g2 = geometry(c, c, new int[] {128, 128}, k, k);
                for (ConvGeometry g : new ConvGeometry[] {g3, g2}) {
                    assertNull(D.unsupportedReason(H200, g), g.describe());
                    ConvTf32Tunables t = D.forGeometry(g);
                    int rows = t.tapRowsPerStage(g, H200.localMemBytes(), true);
                    assertTrue(rows >= 1 && rows <= k, g.describe() + ": " + rows + " rows per stage");
                    assertTrue(t.stageBytes(g, rows, true) <= 49152, g.describe());
                }
            }
        }
        // 3x3x3 at 64 channels stages all three kernel rows at once: one barrier pair per 8 channels and kd
        ConvGeometry g = geometry(64, 64, new int[] {16, 64, 64}, 3, 3, 3);
        assertEquals(3, D.forGeometry(g).tapRowsPerStage(g, 49152, true));
        // 5x5 at 64 channels: 3 + 2 rows (the whole kernel would need more than 48 KiB)
        g = geometry(64, 64, new int[] {128, 128}, 5, 5);
        assertEquals(3, D.forGeometry(g).tapRowsPerStage(g, 49152, true));
        assertTrue(D.forGeometry(g).stageBytes(g, 5, true) > 49152);
    }

    @Test
    void inlinePtxOnlyWhereTheDeviceHasTensorCores() {
        assertTrue(D.ptx(H200));
        assertFalse(D.ptx(POCL));
        assertFalse(new ConvTf32Tunables(32, 4, 64, 64, 32, 0, 0, true).ptx(H200), "emulate forces the emulation");
        assertTrue(D.options(true).contains("-DJCARE_NVIDIA_PTX"));
        assertFalse(D.options(false).contains("JCARE_NVIDIA_PTX"));
        assertFalse(D.options(true).contains("maxrregcount"));
        String capped = new ConvTf32Tunables(32, 4, 64, 64, 32, 0, 128, false).options(true);
        assertTrue(capped.contains("-cl-nv-maxrregcount=128"), capped);
        assertFalse(new ConvTf32Tunables(32, 4, 64, 64, 32, 0, 128, false).options(false).contains("maxrregcount"),
                "NVIDIA's option never reaches another compiler");
    }

    @Test
    void emulationScratchCountsAgainstLocalMemory() {
        ConvGeometry g = geometry(64, 64, new int[] {16, 64, 64}, 3, 3, 3);
        ConvTf32Tunables t = D.forGeometry(g);
        long scratch = 4L * (t.threads() / 32) * (4 * 128 + 4 * 64);
        assertEquals(t.stageBytes(g, 3, true) + scratch, t.stageBytes(g, 3, false));
        assertEquals((64 / 8) * 27L * 64 * 8, t.packedWeights(g));
    }

    @Test
    void stagesPickTheKernelGenerationAndAreChecked() {
        assertFalse(D.pipelined());
        assertEquals(ConvTf32Tunables.PIPELINE_STAGES, D.forBf16().stages(), "BF16 exists only on the pipelined kernels");
        ConvTf32Tunables three = D.withStages(3);
        assertTrue(three.pipelined());
        assertEquals(three, three.forBf16());
        assertEquals(3, three.forGeometry(geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3)).stages(), "kept by shaping");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> D.withStages(5));
        assertTrue(e.getMessage().contains("stages 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTf32Tunables(64, 4, 128, 128, 64, 0, 0, false, ConvTf32Weights.DEFAULT, 2));
        assertTrue(e.getMessage().contains("256 accumulators"), e.getMessage());
        // the single-stage kernels have no such limit (their register tile is the same, but they predate it)
        new ConvTf32Tunables(64, 4, 128, 128, 64, 0, 0, false);
        String o = three.mmaOptions(2, true, true, true);
        assertTrue(o.contains("-DMMA_KERNEL_FORWARD") && o.contains("-DSTAGES=2") && o.contains("-DMMA_BF16")
                && o.contains("-DJCARE_PLAIN_INPUT") && o.contains("-DJCARE_NVIDIA_PTX"), o);
        o = three.mmaOptions(3, false, false, false);
        assertFalse(o.contains("BF16") || o.contains("PLAIN") || o.contains("NVIDIA"), o);
        ConvGeometry g = geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3);
        o = three.mmaWeightsOptions(g, 2, true, false);
        assertTrue(o.contains("-DMMA_KERNEL_WEIGHTS") && o.contains("-DSTAGES=2") && o.contains("-DWBM="), o);
    }

    /**
     * The pipelined kernels on NVIDIA's 48 KiB: every kernel up to 7 at 1 to 128 channels runs with at least one input
     * stage (forward, both precisions) and one weight-gradient stage; 3x3x3 gets all the stages it asks for; the stages
     * shrink to what fits, never below one.
     */
    @Test
    void pipelinedStagesFitNvidiaLocalMemory() {
        ConvTf32Tunables four = D.withStages(4);
        for (int k : new int[] {1, 3, 5, 7}) {
            for (int c : new int[] {1, 16, 32, 64, 128}) {
                for (ConvGeometry g : new ConvGeometry[] {geometry(c, c, new int[] {16, 64, 64}, k, k, k),
                        geometry(c, c, new int[] {128, 128}, k, k)}) {
                    for (boolean bf16 : new boolean[] {false, true}) {
                        assertNull(four.mmaUnsupportedReason(H200, g, bf16), g.describe());
                        ConvTf32Tunables t = four.forGeometry(g);
                        int fit = t.mmaStages(g, H200.localMemBytes(), true, bf16);
                        assertTrue(fit >= 1 && fit <= 4, g.describe() + ": " + fit + " stages");
                        assertTrue(t.mmaLocalBytes(g, fit, true, bf16) <= 49152, g.describe());
                        assertTrue(fit == 4 || t.mmaLocalBytes(g, fit + 1, true, bf16) > 49152, "as many as fit");
                        if (g.taps() <= 125) {
                            assertNull(four.mmaWeightsUnsupportedReason(H200, g, bf16), g.describe());
                            int wfit = four.mmaWeightsStages(H200, g, bf16);
                            assertTrue(wfit >= 1 && four.weights().forGeometry(g, bf16).pipelinedBytes(g, wfit, true, bf16)
                                    <= 49152, g.describe());
                        }
                    }
                }
            }
        }
        ConvGeometry g = geometry(32, 32, new int[] {16, 64, 64}, 3, 3, 3);
        assertEquals(4, four.forGeometry(g).mmaStages(g, 49152, true, false));
        assertEquals(2, D.forGeometry(g).mmaStages(g, 49152, true, true), "a single-stage tile pipelines BF16 in 2");
        // the default weight-gradient tile of 3x3x3: two stages of 24 KB fit 48 KiB exactly, three do not
        assertEquals(2, four.mmaWeightsStages(H200, g, false));
        // BF16's weight-gradient segment is a multiple of 16 voxels (one m16n8k16 k-step)
        assertEquals(16, D.weights().forGeometry(geometry(8, 8, new int[] {9, 9}, 3, 3), true).seg());
        assertEquals(16, D.weights().forGeometry(geometry(8, 8, new int[] {9, 9}, 3, 3), false).seg());
        assertEquals(32, D.weights().forGeometry(geometry(8, 8, new int[] {9, 20}, 3, 3), true).seg());
        assertEquals(24, D.weights().forGeometry(geometry(8, 8, new int[] {9, 20}, 3, 3), false).seg());
    }

    @Test
    void bf16PacksTapPairs() {
        ConvGeometry g = geometry(64, 64, new int[] {16, 64, 64}, 3, 3, 3);
        assertEquals((64 / 8) * 27L * 64 * 8, D.mmaPackedWeights(g, false), "TF32: the layout of the first kernels");
        assertEquals((64 / 8) * 3L * 5 * 64 * 8, D.mmaPackedWeights(g, true), "BF16: 3 planes of 5 tap pairs");
    }
}
