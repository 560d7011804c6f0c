package org.jcare.engine.cl;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chooses a device from a specification: an index ({@code 1}), a type ({@code gpu}, {@code cpu}) or a part of
 * the device or platform name ({@code H200}, {@code pocl}), case-insensitive. An empty specification means the
 * first GPU, else the first CPU. The {@code JCARE_DEVICE} environment variable supplies the specification when
 * the caller gives none.
 */
public final class DeviceSelector {
    /** Name of the environment variable that chooses the device when no explicit choice is given. */
    public static final String ENVIRONMENT_VARIABLE = "JCARE_DEVICE";

    private DeviceSelector() {
    }

    /** The specification to use: {@code explicit} when given, else {@code JCARE_DEVICE}, else empty. */
    public static String effectiveSpec(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        return env == null ? "" : env.trim();
    }

    /**
     * Picks the device that {@code spec} names among {@code devices}.
     *
     * @throws IllegalArgumentException when nothing matches, listing the devices that exist
     */
    public static DeviceInfo select(List<DeviceInfo> devices, String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return devices.stream().filter(DeviceInfo::isGpu).findFirst()
                    .orElseGet(() -> devices.stream().filter(DeviceInfo::isCpu).findFirst().orElse(devices.get(0)));
        }
        if (s.matches("\\d+")) {
            int i = Integer.parseInt(s);
            if (i < devices.size()) {
                return devices.get(i);
            }
            throw noMatch(devices, spec, "index " + i + " is out of range");
        }
        if (s.equals("gpu") || s.equals("cpu") || s.equals("accelerator")) {
            DeviceType t = DeviceType.valueOf(s.toUpperCase(Locale.ROOT));
            return devices.stream().filter(d -> d.type() == t).findFirst()
                    .orElseThrow(() -> noMatch(devices, spec, "there is no " + s + " device"));
        }
        return devices.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(s)
                        || d.platformName().toLowerCase(Locale.ROOT).contains(s)
                        || d.vendor().toLowerCase(Locale.ROOT).contains(s))
                .findFirst()
                .orElseThrow(() -> noMatch(devices, spec, "no device name contains '" + spec + "'"));
    }

    private static IllegalArgumentException noMatch(List<DeviceInfo> devices, String spec, String why) {
        String listing = devices.stream().map(DeviceInfo::summary).collect(Collectors.joining("\n  "));
        return new IllegalArgumentException("device '" + spec + "' not found: " + why
                + ". Use an index, 'gpu', 'cpu' or part of a name. Devices:\n  " + listing);
    }
}
