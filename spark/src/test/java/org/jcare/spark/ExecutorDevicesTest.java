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

    @Test
    void bareEnginesAreOpenedOncePerDeviceAndReusedByTheNextTasks() throws Exception {
        String key = "test#" + System.nanoTime();
        ExecutorDevices.EngineSlot a = ExecutorDevices.borrowEngine(List.of("0", "0"), "tf32", key);
        ExecutorDevices.EngineSlot b = ExecutorDevices.borrowEngine(List.of("0", "0"), "tf32", key);
        try {
            assertTrue(a.engine != b.engine, "two tasks at once get the pool's two engines");
            assertEquals(org.jcare.engine.Precision.TF32, a.engine.precision());
        } finally {
            ExecutorDevices.release(a);
            ExecutorDevices.release(b);
        }
        ExecutorDevices.EngineSlot c = ExecutorDevices.borrowEngine(List.of("0", "0"), "fp32", key);
        assertTrue(c.engine == a.engine || c.engine == b.engine, "a later task reuses an open engine");
        ExecutorDevices.release(c);
        assertEquals(List.of("1"), ExecutorDevices.devices(List.of("1"), null));
        assertEquals(List.of("gpu#2"), ExecutorDevices.devices(List.of("1"), new String[] {"2"}));
        ExecutorDevices.closeAll(key);
        ExecutorDevices.EngineSlot d = ExecutorDevices.borrowEngine(List.of("0", "0"), "fp32", key);
        assertTrue(d.engine != a.engine && d.engine != b.engine, "closed with the job: the next job opens its own");
        ExecutorDevices.release(d);
        ExecutorDevices.closeAll(key);
    }
}
