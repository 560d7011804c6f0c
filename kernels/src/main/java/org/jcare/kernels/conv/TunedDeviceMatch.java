package org.jcare.kernels.conv;

import java.util.Map;
import org.jcare.engine.cl.DeviceInfo;

/**
 * Which entry of a tuned table serves a device: the entry of its exact name first; for a CPU without one, the
 * entry of the same class ({@link CpuClass}: same vendor and vector instruction set) with the nearest core count
 * (ties broken by name, so the choice is the same on every run). A GPU without its own entry gets none: GPU
 * tunables depend on more than a class can say.
 */
public final class TunedDeviceMatch {
    private TunedDeviceMatch() {
    }

    /**
     * The entry for {@code device}, or null.
     *
     * @param devices the table's entries by device name
     * @param classes recorded classes by device name (entries without one are classed by their name)
     */
    public static ConvTunedTable.DeviceEntry find(Map<String, ConvTunedTable.DeviceEntry> devices,
            Map<String, CpuClass> classes, DeviceInfo device) {
        ConvTunedTable.DeviceEntry exact = devices.get(device.name());
        if (exact != null || !device.isCpu()) {
            return exact;
        }
        CpuClass want = CpuClass.of(device);
        ConvTunedTable.DeviceEntry best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        String bestName = null;
        for (Map.Entry<String, ConvTunedTable.DeviceEntry> e : devices.entrySet()) {
            CpuClass c = classes.getOrDefault(e.getKey(), CpuClass.of(e.getKey(), null));
            if (!want.sameFamily(c)) {
                continue;
            }
            double d = want.coreDistance(c);
            if (d < bestDistance || d == bestDistance && e.getKey().compareTo(bestName) < 0) {
                best = e.getValue();
                bestDistance = d;
                bestName = e.getKey();
            }
        }
        return best;
    }
}
