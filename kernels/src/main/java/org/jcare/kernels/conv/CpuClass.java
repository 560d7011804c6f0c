package org.jcare.kernels.conv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.jcare.engine.cl.DeviceInfo;

/**
 * What makes tunables carry over from one CPU to another: the vendor, the vector instruction set the OpenCL
 * compiler targets (AVX-512, AVX2, SSE, NEON) and the core count. PoCL names a CPU after the LLVM target it compiles
 * for and the model ({@code pthread-haswell-AMD EPYC} on one machine, {@code pthread-skylake-avx512-AMD EPYC} on
 * another of the same family), so a table keyed on exact names misses on every other machine; classes match.
 *
 * @param vendor "amd", "intel", "arm" or the device vendor in lower case
 * @param isa    "avx512", "avx2", "sse", "neon" or "unknown"
 * @param cores  compute units, 0 when unknown (entries written before classes were recorded)
 */
public record CpuClass(String vendor, String isa, int cores) {
    /** LLVM CPU names (PoCL's target) whose vector units are AVX-512. */
    private static final String[] AVX512 = {"avx512", "cascadelake", "cooperlake", "icelake", "tigerlake",
        "sapphirerapids", "emeraldrapids", "graniterapids", "rocketlake", "znver4", "znver5", "knl", "knm"};
    /** LLVM CPU names whose vector units are AVX2 (checked after AVX-512: "skylake-avx512" is AVX-512). */
    private static final String[] AVX2 = {"haswell", "broadwell", "skylake", "kabylake", "coffeelake", "cannonlake",
        "alderlake", "raptorlake", "meteorlake", "znver1", "znver2", "znver3", "bdver4"};
    private static final String[] NEON = {"aarch64", "arm", "cortex", "neoverse", "apple", "carmel", "thunderx",
        "a64fx"};

    /** The class of a CPU device from what OpenCL reports (name, vendor, version, preferred float width, units). */
    public static CpuClass of(DeviceInfo d) {
        String isa = isaFromName(d.name() + " " + d.version());
        if (isa.equals("unknown")) {
            isa = switch (d.preferredFloatWidth()) {
                case 16 -> "avx512";
                case 8 -> "avx2";
                case 4 -> vendor(d.vendor() + " " + d.name()).equals("arm") ? "neon" : "sse";
                default -> "unknown";
            };
        }
        return new CpuClass(vendor(d.vendor() + " " + d.name()), isa, d.computeUnits());
    }

    /**
     * The class of a tuned-file device: its recorded {@code "class"} object, else what its name says (vendor and
     * instruction set of a PoCL name; the core count unknown).
     */
    public static CpuClass of(String deviceName, JsonNode recorded) {
        if (recorded != null && recorded.isObject()) {
            return new CpuClass(recorded.path("vendor").asText("unknown"), recorded.path("isa").asText("unknown"),
                    recorded.path("cores").asInt(0));
        }
        return new CpuClass(vendor(deviceName), isaFromName(deviceName), 0);
    }

    /** The {@code "class"} object the tuner records for a device. */
    public ObjectNode json(ObjectNode into) {
        return into.put("vendor", vendor).put("isa", isa).put("cores", cores);
    }

    /** True when tunables of {@code other} may serve this class: same vendor and instruction set, both known. */
    public boolean sameFamily(CpuClass other) {
        return !isa.equals("unknown") && isa.equals(other.isa) && vendor.equals(other.vendor)
                && !vendor.equals("unknown");
    }

    /** How far apart the core counts are (log ratio); an unknown count counts as a factor of two away. */
    public double coreDistance(CpuClass other) {
        if (cores <= 0 || other.cores <= 0) {
            return Math.log(2) + 1e-9;
        }
        return Math.abs(Math.log((double) cores / other.cores));
    }

    static String isaFromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String s : AVX512) {
            if (n.contains(s)) {
                return "avx512";
            }
        }
        for (String s : AVX2) {
            if (n.contains(s)) {
                return "avx2";
            }
        }
        for (String s : NEON) {
            if (n.contains(s)) {
                return "neon";
            }
        }
        return "unknown";
    }

    static String vendor(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("authenticamd") || t.contains("amd") || t.contains("advanced micro")) {
            return "amd";
        }
        if (t.contains("genuineintel") || t.contains("intel")) {
            return "intel";
        }
        if (t.contains("arm") || t.contains("apple") || t.contains("aarch64") || t.contains("neoverse")
                || t.contains("cortex")) {
            return "arm";
        }
        return "unknown";
    }
}
