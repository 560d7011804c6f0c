package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorDevicesTest {
    @Test
    void theGpusSparkAssignsComeFirstThenTheJobsDevicesThenTheDefault() {
        RestoreJob withDevices = RestoreJob.parse(new String[] {"--model", "m", "--input", "i", "--output", "o",
            "--devices", "cpu;1"});
        RestoreJob plain = RestoreJob.parse(new String[] {"--model", "m", "--input", "i", "--output", "o"});
        // a task Spark gave GPU 3 uses the executor's fourth OpenCL GPU only (its own pool): two tasks on different
        // GPUs never share an engine; an address that is not a number is a device specification
        assertEquals(List.of("gpu#3"), ExecutorDevices.devices(withDevices, new String[] {"3"}));
        assertEquals(List.of("gpu#0", "gpu#1"), ExecutorDevices.devices(plain, new String[] {"0", "1"}));
        assertEquals(List.of("h200"), ExecutorDevices.devices(plain, new String[] {" h200"}));
        assertEquals(List.of("cpu", "1"), ExecutorDevices.devices(withDevices, null));
        assertEquals(List.of("cpu", "1"), ExecutorDevices.devices(withDevices, new String[0]));
        assertEquals(Arrays.asList((String) null), ExecutorDevices.devices(plain, null), "the default device");
    }

    @Test
    void gpuOrdinalsCountGpusOnly() {
        long gpus = org.jcare.engine.cl.Devices.list().stream().filter(org.jcare.engine.cl.DeviceInfo::isGpu).count();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecutorDevices.openEngine(ExecutorDevices.GPU_ORDINAL + gpus));
        assertTrue(e.getMessage().contains(gpus + " OpenCL GPU(s)"), e.getMessage());
        try (org.jcare.engine.Engine first = ExecutorDevices.openEngine("0")) {
            assertEquals(org.jcare.engine.cl.Devices.list().get(0).name(), first.device().name(),
                    "a specification opens as --device does");
        }
    }
}
