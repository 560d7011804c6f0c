package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void listsAtLeastOneDeviceWithItsLimits() {
        List<DeviceInfo> devices = Devices.list();
        assertFalse(devices.isEmpty());
        for (DeviceInfo d : devices) {
            assertFalse(d.name().isBlank(), "device name");
            assertTrue(d.computeUnits() > 0, d.summary());
            assertTrue(d.globalMemBytes() > 0, d.summary());
            assertTrue(d.maxAllocBytes() > 0 && d.maxAllocBytes() <= d.globalMemBytes(), d.summary());
            assertTrue(d.localMemBytes() > 0, d.summary());
            assertTrue(d.baseAddrAlignBytes() >= 4, d.summary());
            assertTrue(d.summary().startsWith("[" + d.index() + "] "));
        }
    }
}
