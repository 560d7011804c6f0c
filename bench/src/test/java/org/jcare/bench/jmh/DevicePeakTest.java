package org.jcare.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.junit.jupiter.api.Test;

/** The peak table, the fallback to the measured copy bandwidth, overrides, and the copy measurement itself. */
class DevicePeakTest {
    private static DeviceInfo device(String name) {
        return new DeviceInfo(0, 0, 0, "platform", name, "vendor", "OpenCL 3.0", "1", "OpenCL C 1.2", DeviceType.GPU, 132,
                80L << 30, 49152, 20L << 30, 1024, 4096, 1, 90, "");
    }

    @Test
    void knownDevicesUseTheTableOthersTheMeasuredCopy() {
        DevicePeak h200 = DevicePeak.of(device("NVIDIA H200"), 4250, Double.NaN, Double.NaN);
        assertEquals(66_900, h200.gflops());
        assertEquals(4_800, h200.gbs());
        assertEquals(4250, h200.copyGbs());
        assertEquals(3_350, DevicePeak.of(device("NVIDIA H100 80GB HBM3"), 2900, Double.NaN, Double.NaN).gbs());
        assertEquals(2_000, DevicePeak.of(device("NVIDIA H100 PCIe"), 1900, Double.NaN, Double.NaN).gbs());
        DevicePeak other = DevicePeak.of(device("gfx1100"), 800, Double.NaN, Double.NaN);
        assertTrue(Double.isNaN(other.gflops()));
        assertEquals(800, other.gbs());
        DevicePeak given = DevicePeak.of(device("gfx1100"), 800, 61_000, Double.NaN);
        assertEquals(61_000, given.gflops());
        assertEquals(800, given.gbs());
        assertTrue(given.source().contains("command line"));
    }

    @Test
    void copyBandwidthIsMeasured() {
        try (Engine engine = Engine.open((String) null)) {
            double gbs = DevicePeak.measureCopy(engine, 1L << 20, 3);
            assertTrue(gbs > 0.01 && Double.isFinite(gbs), "copy " + gbs + " GB/s");
        }
    }
}
