package org.jcare.training.interop;

import java.util.Locale;
import java.util.Map;

/** The Model Zoo's space unit for a length unit as image files write it ("micron", "µm", "um", "nm", ...). */
final class SpaceUnits {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("micron", "micrometer"), Map.entry("microns", "micrometer"), Map.entry("um", "micrometer"),
            Map.entry("\u00b5m", "micrometer"), Map.entry("\u03bcm", "micrometer"), Map.entry("micrometer", "micrometer"),
            Map.entry("nm", "nanometer"), Map.entry("nanometer", "nanometer"), Map.entry("mm", "millimeter"),
            Map.entry("millimeter", "millimeter"), Map.entry("cm", "centimeter"), Map.entry("m", "meter"),
            Map.entry("meter", "meter"), Map.entry("angstrom", "angstrom"), Map.entry("\u00c5", "angstrom"));

    private SpaceUnits() {
    }

    /** The spec's unit, or null when {@code unit} is empty or unknown (then the axes carry no unit). */
    static String of(String unit) {
        if (unit == null) {
            return null;
        }
        String u = unit.trim();
        String m = UNITS.get(u);
        return m != null ? m : UNITS.get(u.toLowerCase(Locale.ROOT));
    }
}
