package org.jcare.io.tiff;

import java.util.Locale;

/** Length and time units as microscopy files spell them, converted where two must agree. */
final class Units {
    private Units() {
    }

    /** Metres per unit for the length units files use, or NaN when the unit is not known. */
    static double metres(String unit) {
        if (unit == null) {
            return Double.NaN;
        }
        switch (unit.trim()) {
            case "pm": return 1e-12;
            case "Å": case "\u212B": case "A": case "angstrom": return 1e-10;
            case "nm": case "nanometer": case "nanometre": return 1e-9;
            case "µm": case "\u03BCm": case "um": case "micron": case "microns": case "micrometer": case "micrometre":
                return 1e-6;
            case "mm": return 1e-3;
            case "cm": return 1e-2;
            case "m": return 1;
            case "inch": case "in": return 0.0254;
            default: return Double.NaN;
        }
    }

    /** {@code value} in unit {@code from} expressed in unit {@code to}; unchanged when either unit is not known. */
    static double convertLength(double value, String from, String to) {
        double f = metres(from);
        double t = metres(to);
        if (Double.isNaN(f) || Double.isNaN(t) || f == t) {
            return value;
        }
        return value * f / t;
    }

    /** Seconds per time unit, or NaN when not known. */
    static double seconds(String unit) {
        if (unit == null) {
            return Double.NaN;
        }
        switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "s": case "sec": case "second": case "seconds": return 1;
            case "ms": case "msec": return 1e-3;
            case "µs": case "us": case "\u03BCs": case "usec": return 1e-6;
            case "ns": return 1e-9;
            case "min": case "minute": case "minutes": return 60;
            case "h": case "hr": case "hour": case "hours": return 3600;
            default: return Double.NaN;
        }
    }

    /** True for the unit strings that mean "no physical unit". */
    static boolean isPixel(String unit) {
        return unit == null || unit.isBlank() || unit.equals("pixel") || unit.equals("pixels");
    }
}
