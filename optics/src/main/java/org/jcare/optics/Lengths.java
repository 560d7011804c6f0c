package org.jcare.optics;

import java.util.Locale;

/** Length units of image calibrations, converted to nanometres (the unit of everything in this module). */
public final class Lengths {
    private Lengths() {
    }

    /**
     * {@code value} in {@code unit} as nm; NaN when the unit is not a length (empty, "pixel", unknown).
     */
    public static double toNm(double value, String unit) {
        if (unit == null) {
            return Double.NaN;
        }
        String u = unit.trim().toLowerCase(Locale.ROOT);
        double f = switch (u) {
            case "nm", "nanometer", "nanometre", "nanometers", "nanometres" -> 1;
            case "um", "µm", "μm", "micron", "microns", "micrometer", "micrometre", "micrometers", "micrometres" -> 1e3;
            case "mm", "millimeter", "millimetre" -> 1e6;
            case "cm" -> 1e7;
            case "m", "meter", "metre" -> 1e9;
            case "\u00c5", "angstrom" -> 0.1;
            default -> Double.NaN;
        };
        return value * f;
    }
}
