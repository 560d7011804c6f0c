package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Precision;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.jcare.engine.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Variant selection by explicit preconditions, checked on described (not opened) devices. */
class ConvVariantTest {
    private static DeviceInfo device(String name, DeviceType type, long localMem, long maxWg) {
        return new DeviceInfo(0, 0, 0, type == DeviceType.GPU ? "NVIDIA CUDA" : "Portable Computing Language", name,
                type == DeviceType.GPU ? "NVIDIA Corporation" : "AuthenticAMD", "OpenCL 3.0", "1", "OpenCL C 1.2",
                type, 132, 80L << 30, localMem, 20L << 30, maxWg, 4096, type == DeviceType.GPU ? 1 : 16,
                type == DeviceType.GPU ? 90 : 0, "");
    }

    private static final DeviceInfo H200 = device("NVIDIA H200", DeviceType.GPU, 49152, 1024);
    private static final DeviceInfo POCL = device("pthread-skylake-avx512-AMD EPYC", DeviceType.CPU, 524288, 4096);
    private static final DeviceInfo POCL_AVX2 = device("pthread-haswell-AMD EPYC", DeviceType.CPU, 524288, 4096);
    private static final DeviceInfo ACCELERATOR = device("some accelerator", DeviceType.ACCELERATOR, 65536, 256);

    private static ConvGeometry geometry(int... kernel) {
        long[] w = new long[2 + kernel.length];
        w[0] = 32;
        w[1] = 32;
        for (int i = 0; i < kernel.length; i++) {
            w[2 + i] = kernel[i];
        }
        Shape x = kernel.length == 3 ? Shape.of(2, 32, 16, 64, 64) : Shape.of(2, 32, 128, 128);
        return ConvGeometry.of(x, Shape.of(w));
    }

    @Test
    void autoPicksTheKernelsShapedForTheDevice() {
        ConvGeometry g = geometry(3, 3, 3);
        assertEquals(ConvVariant.CPU, ConvVariant.resolve(ConvVariant.AUTO, POCL, ConvTunables.forDevice(POCL), g));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, H200, ConvTunables.forDevice(H200), g));
        assertEquals(ConvVariant.NAIVE, ConvVariant.resolve(ConvVariant.AUTO, ACCELERATOR,
                ConvTunables.forDevice(ACCELERATOR), g));
    }

    @Test
    void gpuKernelsFitNvidiaLimitsUpTo7x7x7AndFallBackBeyond() {
        ConvTunables t = ConvTunables.forDevice(H200);
        for (int k : new int[] {1, 3, 5, 7}) {
            ConvGeometry g3 = geometry(k, k, k);
            ConvGeometry g2 = geometry(k, k);
            assertNull(t.gpu().unsupportedReason(H200, g3), "3D k" + k);
            assertNull(t.gpu().unsupportedReason(H200, g2), "2D k" + k);
            assertTrue(t.gpu().forwardLocalBytes(g3) <= 49152 && t.gpu().weightsLocalBytes(g3) <= 49152);
            long[] wl = t.gpu().weightsLocal(g3);
            assertTrue(wl[0] * wl[1] * wl[2] <= 256, "backward-weights group of " + wl[0] * wl[1] * wl[2]);
        }
        ConvGeometry huge = geometry(15, 15);
        assertNotNull(t.gpu().unsupportedReason(H200, huge));
        assertEquals(ConvVariant.NAIVE, ConvVariant.resolve(ConvVariant.AUTO, H200, t, huge));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvVariant.resolve(ConvVariant.GPU, H200, t, huge));
        assertTrue(e.getMessage().contains("local memory"), e.getMessage());
    }

    @Test
    void forcedVariantsRunAnywhere() {
        ConvGeometry g = geometry(3, 3);
        ConvTunables t = ConvTunables.forDevice(POCL);
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.GPU, POCL, t, g));
        assertEquals(ConvVariant.CPU, ConvVariant.resolve(ConvVariant.CPU, H200, t, g));
        assertEquals(ConvVariant.NAIVE, ConvVariant.resolve(ConvVariant.NAIVE, H200, t, g));
        assertEquals(ConvVariant.GPU_TF32, ConvVariant.resolve(ConvVariant.GPU_TF32, POCL, t, g));
        assertEquals(ConvVariant.GPU_TF32, ConvVariant.resolve(ConvVariant.GPU_TF32, H200, t, g));
        assertEquals(ConvVariant.GPU_BF16, ConvVariant.resolve(ConvVariant.GPU_BF16, POCL, t, g));
        assertEquals(ConvVariant.GPU_BF16, ConvVariant.resolve(ConvVariant.GPU_BF16, H200, t, g));
    }

    @Test
    void autoUsesBf16TensorCoresOnlyAtBf16OnNvidiaFromComputeCapability80() {
        ConvGeometry g = geometry(3, 3, 3);
        ConvTunables t = ConvTunables.forDevice(H200);
        assertEquals(ConvVariant.GPU_BF16, ConvVariant.resolve(ConvVariant.AUTO, Precision.BF16, H200, t, g));
        assertEquals(ConvVariant.GPU_BF16, ConvVariant.resolve(ConvVariant.AUTO, Precision.BF16,
                withCapability(H200, 80), t, g));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.BF16, withCapability(H200, 75), t, g));
        assertEquals(ConvVariant.CPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.BF16, POCL,
                ConvTunables.forDevice(POCL), g));
        // a pipelined TF32 tile is still GPU_TF32 (the tile picks the kernel generation)
        ConvTunables piped = new ConvTunables("pipelined", t.cpu(), t.gpu(), t.tf32().withStages(3));
        assertEquals(ConvVariant.GPU_TF32, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, H200, piped, g));
        ConvTunables tiny = new ConvTunables("tiny budget", t.cpu(), t.gpu(),
                new ConvTf32Tunables(32, 4, 64, 64, 32, 1024, 0, false));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.BF16, H200, tiny, g));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvVariant.resolve(ConvVariant.GPU_BF16, H200, tiny, g));
        assertTrue(e.getMessage().contains("GPU_BF16") && e.getMessage().contains("local memory"), e.getMessage());
    }

    @Test
    void weightGradientWorkItemsHoldWholeKernelRowsWhereTheyFit() {
        ConvTunables.Gpu gpu = ConvTunables.NVIDIA_H200.gpu();
        // 3x3x3: all three rows (3 x 3 x 8 = 72 accumulators), work-items along kd only
        assertEquals(3, gpu.weightRowsPerItem(geometry(3, 3, 3)));
        assertEquals(3, gpu.weightRowItems(geometry(3, 3, 3)));
        assertEquals(3, gpu.weightRowsPerItem(geometry(3, 3)));
        // 5x5 and 7x7: 5 x 5 x 8 = 200 accumulators would spill: one row each (5 and 7 are prime)
        assertEquals(1, gpu.weightRowsPerItem(geometry(5, 5)));
        assertEquals(1, gpu.weightRowsPerItem(geometry(7, 7, 7)));
        assertEquals(49, gpu.weightRowItems(geometry(7, 7, 7)));
        assertEquals(1, gpu.weightRowsPerItem(geometry(1, 1)));
        assertTrue(gpu.options(3).contains("-DKW_MAX=3"));
    }

    @Test
    void autoUsesTensorCoresOnlyAtTf32OnNvidiaFromComputeCapability80() {
        ConvGeometry g = geometry(3, 3, 3);
        ConvTunables t = ConvTunables.forDevice(H200);
        assertTrue(ConvVariant.tensorCores(H200));
        assertEquals(ConvVariant.GPU_TF32, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, H200, t, g));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.FP32, H200, t, g));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, H200, t, g), "the old overload is fp32");
        DeviceInfo v100 = withCapability(H200, 70);
        assertFalse(ConvVariant.tensorCores(v100));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, v100, t, g));
        DeviceInfo a100 = withCapability(H200, 80);
        assertEquals(ConvVariant.GPU_TF32, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, a100, t, g));
        DeviceInfo amd = new DeviceInfo(0, 0, 0, "AMD Accelerated Parallel Processing", "gfx1100", "Advanced Micro Devices, Inc.",
                "OpenCL 2.0", "1", "OpenCL C 2.0", DeviceType.GPU, 48, 16L << 30, 65536, 4L << 30, 1024, 4096, 1, 0, "");
        assertFalse(ConvVariant.tensorCores(amd));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, amd, t, g));
        assertEquals(ConvVariant.CPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, POCL,
                ConvTunables.forDevice(POCL), g));
    }

    @Test
    void tf32FallsBackToFp32WhenTheTileDoesNotFit() {
        ConvGeometry g = geometry(3, 3, 3);
        ConvTunables tiny = new ConvTunables("tiny budget", ConvTunables.POCL_AVX2.cpu(), ConvTunables.NVIDIA_H200.gpu(),
                new ConvTf32Tunables(32, 4, 64, 64, 32, 1024, 0, false));
        assertNotNull(tiny.tf32().unsupportedReason(H200, g));
        assertEquals(ConvVariant.GPU, ConvVariant.resolve(ConvVariant.AUTO, Precision.TF32, H200, tiny, g));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvVariant.resolve(ConvVariant.GPU_TF32, H200, tiny, g));
        assertTrue(e.getMessage().contains("GPU_TF32") && e.getMessage().contains("local memory"), e.getMessage());
    }

    private static DeviceInfo withCapability(DeviceInfo d, int cc) {
        return new DeviceInfo(d.index(), d.platformHandle(), d.deviceHandle(), d.platformName(), d.name(), d.vendor(),
                d.version(), d.driverVersion(), d.openclCVersion(), d.type(), d.computeUnits(), d.globalMemBytes(),
                d.localMemBytes(), d.maxAllocBytes(), d.maxWorkGroupSize(), d.baseAddrAlignBytes(), d.preferredFloatWidth(),
                cc, d.extensions());
    }

    @Test
    void invalidTunablesAreReportedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvTunables.Gpu(30, 8, 4, 6, 32, 4, 32, 8, 32, 256, 256));
        assertTrue(e.getMessage().contains("rco 6") && e.getMessage().contains("tw 30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTunables.Cpu(12, 2, 0, 4, 2, 16, 4, 5, 8, 256));
        assertTrue(e.getMessage().contains("vw 12") && e.getMessage().contains("rco 0"), e.getMessage());
    }

    @Test
    void tunablesFollowTheDeviceName() {
        assertEquals(ConvTunables.POCL_AVX512, ConvTunables.forDevice(POCL));
        assertEquals(ConvTunables.POCL_AVX2, ConvTunables.forDevice(POCL_AVX2));
        assertEquals(ConvTunables.NVIDIA_H200, ConvTunables.forDevice(H200));
        assertEquals(ConvTunables.NVIDIA_H100, ConvTunables.forDevice(device("NVIDIA H100 80GB HBM3", DeviceType.GPU, 49152, 1024)));
        assertEquals(ConvTunables.GPU_DEFAULT, ConvTunables.forDevice(device("gfx1100", DeviceType.GPU, 65536, 1024)));
        assertTrue(ConvTunables.POCL_AVX512.cpu().options().contains("-DVW=16"));
        assertTrue(ConvTunables.NVIDIA_H200.gpu().options(5).contains("-DKW_MAX=5"));
    }
}
