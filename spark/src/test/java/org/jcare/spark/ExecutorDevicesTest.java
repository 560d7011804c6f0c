package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorDevicesTest {
    @Test
    void theGpusSparkAssignsComeFirstThenTheJobsDevicesThenTheDefault() {
        RestoreJob withDevices = RestoreJob.parse(new String[] {"--model", "m", "--input", "i", "--output", "o",
            "--devices", "cpu;1"});
        RestoreJob plain = RestoreJob.parse(new String[] {"--model", "m", "--input", "i", "--output", "o"});
        // a task Spark gave GPU 3 uses GPU 3 only (its own pool): two tasks on different GPUs never share an engine
        assertEquals(List.of("3"), ExecutorDevices.devices(withDevices, new String[] {"3"}));
        assertEquals(List.of("0", "1"), ExecutorDevices.devices(plain, new String[] {"0", "1"}));
        assertEquals(List.of("cpu", "1"), ExecutorDevices.devices(withDevices, null));
        assertEquals(List.of("cpu", "1"), ExecutorDevices.devices(withDevices, new String[0]));
        assertEquals(Arrays.asList((String) null), ExecutorDevices.devices(plain, null), "the default device");
    }
}
