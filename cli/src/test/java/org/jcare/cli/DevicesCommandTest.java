package org.jcare.cli;

import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.Devices;
import org.junit.jupiter.api.Test;

class DevicesCommandTest {
    @Test
    void listsTheDevicesAndMarksTheDefault() {
        List<DeviceInfo> devices = Devices.list();
        CliTesting.Result r = run("devices").expect(0);
        for (DeviceInfo d : devices) {
            assertTrue(r.out().contains(d.name()), r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("* [")), r.out());
    }

    @Test
    void verboseAddsTheDriver() {
        assertTrue(run("devices", "-v").expect(0).out().contains("driver"));
    }

    @Test
    void unknownDeviceIsBadInputNamingIt() {
        CliTesting.Result r = run("devices", "--device", "no-such-device-xyz").expect(2);
        assertTrue(r.err().contains("no-such-device-xyz"), r.err());
    }
}
