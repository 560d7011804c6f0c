package org.jcare.fiji;

import ij.Macro;
import java.util.Locale;

/**
 * Reading and writing ImageJ macro option strings ({@code key=value key=[value with spaces] flag}), with ImageJ's own
 * parser ({@link Macro#getValue}), so that what a plugin reads is what ImageJ's recorder writes.
 */
final class MacroOptions {
    private MacroOptions() {
    }

    static String string(String options, String key, String fallback) {
        return Macro.getValue(options + " ", key, fallback);
    }

    static String required(String options, String key, String what) {
        String v = Macro.getValue(options + " ", key, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the option " + key + "=... (" + what + ") is missing, for example "
                    + key + "=[" + example(key) + "]");
        }
        return v;
    }

    static int integer(String options, String key, int fallback) {
        String v = Macro.getValue(options + " ", key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return (int) Math.round(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the option " + key + "=" + v + " is not a whole number");
        }
    }

    static double number(String options, String key, double fallback) {
        String v = Macro.getValue(options + " ", key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the option " + key + "=" + v + " is not a number");
        }
    }

    /** A checkbox: ImageJ records a checked box as the bare key. */
    static boolean flag(String options, String key) {
        for (String w : (" " + options + " ").split("\\s+")) {
            if (w.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** {@code key=value}, bracketed when the value has spaces (as ImageJ's recorder writes it). */
    static String pair(String key, Object value) {
        String v = String.valueOf(value);
        return key + "=" + (v.contains(" ") || v.isEmpty() ? "[" + v + "]" : v);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String example(String key) {
        return key.equals("model") ? "/path/to/model" : "...";
    }
}
