package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.junit.jupiter.api.Test;

class TunedDeviceMatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tuned file whose devices' defaults differ in {@code stripsPerChunk}: 4, 8, 16, ... in the given order. */
    private static ConvTunedTable table(String... devices) {
        ObjectNode root = JSON.createObjectNode().put("format", ConvTunedTable.FORMAT).put("version",
                ConvTunedTable.VERSION);
        ObjectNode devs = root.putObject("devices");
        int vw = 4;
        for (String spec : devices) {
            String[] p = spec.split("\\|");
            ObjectNode d = devs.putObject(p[0]);
            if (p.length > 1) {
                String[] c = p[1].split(",");
                d.putObject("class").put("vendor", c[0]).put("isa", c[1]).put("cores", Integer.parseInt(c[2]));
            }
            ConvTunables t = ConvTunables.forDevice(CpuClassTest.pocl("x", "AuthenticAMD", 2, 8));
            ConvTunables.Cpu cpu = t.cpu();
            ConvTunables.Cpu mine = new ConvTunables.Cpu(cpu.vw(), cpu.rwv(), cpu.rco(), cpu.localSize(), cpu.ns(),
                    cpu.cb(), cpu.wrco(), cpu.wrt(), cpu.wlocal(), vw);
            d.set("default", ConvTunedTable.tunablesJson(new ConvTunables("t", mine, t.gpu(), t.tf32())));
            d.putArray("signatures");
            vw *= 2;
        }
        return ConvTunedTable.parse(root.toString(), "test");
    }

    private static int vw(ConvTunedTable t, DeviceInfo d) {
        return t.lookup(d, new ConvGeometry(1, 8, 8, 1, 16, 16, 1, 3, 3)).cpu().stripsPerChunk();
    }

    @Test
    void exactNameFirstThenTheSameClassWithTheNearestCoreCount() {
        // issue 10: PoCL calls the CPU pthread-haswell-AMD EPYC here and pthread-skylake-avx512-AMD EPYC there
        ConvTunedTable t = table("pthread-skylake-avx512-AMD EPYC", "pthread-znver3-AMD EPYC 7B13|amd,avx2,16",
                "pthread-haswell-AMD Ryzen|amd,avx2,4", "pthread-haswell-Intel(R) Core|intel,avx2,2");
        DeviceInfo here = CpuClassTest.pocl("pthread-haswell-AMD EPYC", "AuthenticAMD", 2, 8);
        assertEquals(16, vw(t, here), "same vendor and AVX2; 4 cores are nearer to 2 than 16");
        assertEquals(4, vw(t, CpuClassTest.pocl("pthread-skylake-avx512-AMD EPYC", "AuthenticAMD", 2, 16)),
                "the exact name");
        assertEquals(4, vw(t, CpuClassTest.pocl("pthread-znver4-AMD EPYC 9654", "AuthenticAMD", 96, 16)),
                "an AVX-512 AMD takes the AVX-512 AMD entry, whose cores are unknown");
        assertEquals(8, vw(t, CpuClassTest.pocl("pthread-znver3-AMD EPYC 7763", "AuthenticAMD", 32, 8)));
        assertEquals(32, vw(t, CpuClassTest.pocl("pthread-alderlake-Intel(R) Core i7", "GenuineIntel", 8, 8)));
        DeviceInfo arm = CpuClassTest.pocl("pthread-neoverse-n1", "ARM", 8, 4);
        assertEquals(ConvTunables.forDevice(arm), t.lookup(arm, new ConvGeometry(1, 8, 8, 1, 16, 16, 1, 3, 3)),
                "no entry of its class: the built-in defaults");
    }

    @Test
    void gpusMatchOnlyByName() {
        ConvTunedTable t = table("NVIDIA H200|nvidia,unknown,132");
        DeviceInfo h100 = new DeviceInfo(0, 0, 0, "NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "NVIDIA Corporation",
                "OpenCL 3.0", "1", "OpenCL C 1.2", DeviceType.GPU, 132, 80L << 30, 49152, 20L << 30, 1024, 4096, 1,
                90, "");
        assertNull(TunedDeviceMatch.find(t.devices(), java.util.Map.of(), h100));
        assertNotEquals(null, TunedDeviceMatch.find(t.devices(), java.util.Map.of(), new DeviceInfo(0, 0, 0,
                "NVIDIA CUDA", "NVIDIA H200", "NVIDIA Corporation", "OpenCL 3.0", "1", "OpenCL C 1.2", DeviceType.GPU,
                132, 80L << 30, 49152, 20L << 30, 1024, 4096, 1, 90, "")));
    }

    @Test
    void theUsersFileOverridesTheShippedEntries() {
        ConvTunedTable shipped = table("pthread-haswell-AMD EPYC", "other");
        ConvTunedTable user = table("x", "pthread-haswell-AMD EPYC|amd,avx2,2");
        DeviceInfo here = CpuClassTest.pocl("pthread-haswell-AMD EPYC", "AuthenticAMD", 2, 8);
        assertEquals(4, vw(shipped, here));
        assertEquals(8, vw(shipped.overriddenBy(user), here));
        assertEquals(3, shipped.overriddenBy(user).devices().size());
    }
}
