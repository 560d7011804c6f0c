package org.jcare.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts "90s", "10m", "1h30m", "2.5m" or a plain number of seconds to a {@link Duration}. */
final class Durations implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses a positive duration. */
    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double seconds;
        if (v.matches("\\d+(\\.\\d+)?")) {
            seconds = Double.parseDouble(v);
        } else {
            Matcher m = PART.matcher(v);
            int end = 0;
            seconds = 0;
            while (m.find() && m.start() == end) {
                double n = Double.parseDouble(m.group(1));
                seconds += switch (m.group(2)) {
                    case "h" -> n * 3600;
                    case "m" -> n * 60;
                    case "ms" -> n / 1000;
                    default -> n;
                };
                end = m.end();
            }
            if (end != v.length() || end == 0) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 10m or 1h30m");
            }
        }
        if (!(seconds > 0)) {
            throw new TypeConversionException("'" + value + "' must be longer than zero");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A duration in words: "1 min 05 s", "42.0 s". */
    static String format(Duration d) {
        double s = d.toMillis() / 1000.0;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return whole / 3600 > 0 ? String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
}
