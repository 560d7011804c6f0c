package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.junit.jupiter.api.Test;

class CpuClassTest {
    /** A PoCL CPU as OpenCL describes it. */
    static DeviceInfo pocl(String name, String vendor, int cores, int floatWidth) {
        return new DeviceInfo(0, 0, 0, "Portable Computing Language", name, vendor, "OpenCL 3.0 PoCL HSTR:"
                + " pthread-x86_64-pc-linux-gnu", "3.1", "OpenCL C 1.2", DeviceType.CPU, cores, 8L << 30, 512 << 10,
                2L << 30, 4096, 128, floatWidth, 0, "");
    }

    @Test
    void theClassComesFromWhatPoclReports() {
        assertEquals(new CpuClass("amd", "avx2", 2), CpuClass.of(pocl("pthread-haswell-AMD EPYC", "AuthenticAMD", 2, 8)));
        assertEquals(new CpuClass("amd", "avx512", 2),
                CpuClass.of(pocl("pthread-skylake-avx512-AMD EPYC", "AuthenticAMD", 2, 16)));
        assertEquals(new CpuClass("intel", "avx512", 64),
                CpuClass.of(pocl("pthread-icelake-server-Intel(R) Xeon(R)", "GenuineIntel", 64, 16)));
        assertEquals(new CpuClass("amd", "avx2", 16), CpuClass.of(pocl("pthread-znver3", "AuthenticAMD", 16, 8)));
        assertEquals(new CpuClass("arm", "neon", 8), CpuClass.of(pocl("pthread-neoverse-n1", "ARM", 8, 4)));
        // an LLVM name jcare does not know: the preferred vector width decides
        assertEquals("avx512", CpuClass.of(pocl("pthread-futurecpu", "GenuineIntel", 4, 16)).isa());
    }

    @Test
    void tunedEntriesAreClassedByTheirRecordOrTheirName() throws Exception {
        assertEquals(new CpuClass("amd", "avx512", 0), CpuClass.of("pthread-skylake-avx512-AMD EPYC", null));
        assertEquals(new CpuClass("intel", "avx2", 32), CpuClass.of("whatever",
                new ObjectMapper().readTree("{\"vendor\":\"intel\",\"isa\":\"avx2\",\"cores\":32}")));
        assertEquals("unknown", CpuClass.of("NVIDIA H200", null).isa());
        CpuClass a = new CpuClass("amd", "avx2", 2);
        assertTrue(a.sameFamily(new CpuClass("amd", "avx2", 64)));
        assertFalse(a.sameFamily(new CpuClass("amd", "avx512", 2)), "another instruction set");
        assertFalse(a.sameFamily(new CpuClass("intel", "avx2", 2)), "another vendor");
        assertFalse(new CpuClass("unknown", "unknown", 2).sameFamily(new CpuClass("unknown", "unknown", 2)));
        assertTrue(a.coreDistance(new CpuClass("amd", "avx2", 4)) < a.coreDistance(new CpuClass("amd", "avx2", 0)));
        assertTrue(a.coreDistance(new CpuClass("amd", "avx2", 0)) < a.coreDistance(new CpuClass("amd", "avx2", 5)));
    }
}
