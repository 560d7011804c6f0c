package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
    private static DeviceInfo device(int index, String name, DeviceType type, String platform) {
        return new DeviceInfo(index, 0, 0, platform, name, "vendor", "OpenCL 3.0", "1", "OpenCL C 1.2", type,
                1, 1 << 30, 1 << 16, 1 << 28, 256, 128, 1, 0, "");
    }

    private final List<DeviceInfo> devices = List.of(
            device(0, "pthread-haswell", DeviceType.CPU, "Portable Computing Language"),
            device(1, "NVIDIA H200", DeviceType.GPU, "NVIDIA CUDA"));

    @Test
    void defaultPrefersTheFirstGpu() {
        assertEquals(1, DeviceSelector.select(devices, "").index());
    }

    @Test
    void selectsByIndexTypeAndNamePart() {
        assertEquals(0, DeviceSelector.select(devices, "0").index());
        assertEquals(0, DeviceSelector.select(devices, "cpu").index());
        assertEquals(1, DeviceSelector.select(devices, "GPU").index());
        assertEquals(1, DeviceSelector.select(devices, "h200").index());
        assertEquals(0, DeviceSelector.select(devices, "portable").index());
    }

    @Test
    void unknownDeviceNamesTheDevicesThatExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelector.select(devices, "radeon"));
        assertTrue(e.getMessage().contains("radeon"), e.getMessage());
        assertTrue(e.getMessage().contains("NVIDIA H200"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select(devices, "7"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select(List.of(devices.get(0)), "gpu"));
    }

    @Test
    void defaultFallsBackToCpu() {
        assertEquals(0, DeviceSelector.select(List.of(devices.get(0)), null).index());
    }
}
