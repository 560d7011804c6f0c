package org.jcare.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jcare.engine.Precision;

/**
 * What a distributed ensemble training does, as the driver parses it and every task receives it (serializable): the
 * training patches and the ensemble folder (on a file system every executor sees), the members, the split and the
 * devices of the executors.
 *
 * @param master          the Spark master, or null to take spark-submit's
 * @param data            the training patches ({@code .npz} with X, Y and axes, as {@code jcare train --data})
 * @param out             the ensemble folder
 * @param members         the number of members, or null with {@code --resume} (the manifest's)
 * @param config          a {@code config.json} for the members, or null for the defaults for the patches
 * @param seed            the seed of member 1 (member k has seed + k - 1)
 * @param validationSplit the fraction of the patches (the last ones) kept for validation
 * @param augment         random flips and rotations of the training patches
 * @param devices         the devices of each executor (index, gpu, cpu or a name part); empty: the default one
 * @param precision       fp32, tf32 or bf16
 * @param timeBudgetMs    stop each member after the epoch in which this many milliseconds passed, or null
 * @param recalibrate     fit the scale factors of probabilistic members on the validation patches at the end
 * @param resume          continue the ensemble in {@code out}: finished members are kept, the others trained
 * @param overwrite       replace an earlier ensemble or model in {@code out}
 */
public record TrainEnsembleJob(String master, String data, String out, Integer members, String config, long seed,
                               double validationSplit, boolean augment, List<String> devices, String precision,
                               Long timeBudgetMs, boolean recalibrate, boolean resume, boolean overwrite)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    /** Copies the list. */
    public TrainEnsembleJob {
        devices = List.copyOf(devices);
    }

    /**
     * Parses the command line of {@code spark-submit --class org.jcare.spark.TrainEnsemble jcare-spark.jar ARGS}.
     *
     * @throws IllegalArgumentException naming the option when one is missing or invalid
     */
    public static TrainEnsembleJob parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> flags = List.of("--augment", "--no-recalibrate", "--resume", "--overwrite");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                o.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                o.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("argument '" + a + "' is not understood; give options as"
                        + " --name value (--data, --out, --ensemble, --config, --devices, ...)");
            }
        }
        for (String req : List.of("--data", "--out")) {
            if (!o.containsKey(req)) {
                throw new IllegalArgumentException(req + " is required");
            }
        }
        boolean resume = o.containsKey("--resume");
        Integer members = null;
        if (o.containsKey("--ensemble")) {
            members = integer(o.get("--ensemble"), "--ensemble");
            if (members < 2 || members > 1000) {
                throw new IllegalArgumentException("--ensemble " + members + ": an ensemble has 2 to 1000 members");
            }
        } else if (!resume) {
            throw new IllegalArgumentException("--ensemble M is required (the number of members), unless --resume"
                    + " continues an ensemble folder");
        }
        if (resume && o.containsKey("--overwrite")) {
            throw new IllegalArgumentException("--resume continues the ensemble in --out, --overwrite replaces it:"
                    + " give one of them");
        }
        if (resume && o.containsKey("--config")) {
            throw new IllegalArgumentException("--resume continues with the config in the ensemble's manifest; remove"
                    + " --config");
        }
        double split = number(o.getOrDefault("--validation-split", "0.1"), "--validation-split");
        if (!(split > 0 && split < 1)) {
            throw new IllegalArgumentException("--validation-split must be in (0, 1), got " + split);
        }
        List<String> devices = new ArrayList<>();
        for (String d : o.getOrDefault("--devices", "").split(";")) {
            if (!d.isBlank()) {
                devices.add(d.trim());
            }
        }
        String precision = o.getOrDefault("--precision", "fp32").trim().toLowerCase(Locale.ROOT);
        try {
            Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precision " + precision + ": use fp32, tf32 or bf16");
        }
        long seed;
        try {
            seed = Long.parseLong(o.getOrDefault("--seed", "42").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed " + o.get("--seed") + ": give a whole number");
        }
        return new TrainEnsembleJob(o.get("--master"), o.get("--data"), o.get("--out"), members, o.get("--config"),
                seed, split, o.containsKey("--augment"), devices, precision,
                o.containsKey("--time-budget") ? millis(o.get("--time-budget")) : null,
                !o.containsKey("--no-recalibrate"), resume, o.containsKey("--overwrite"));
    }

    /** The training patches' path. */
    public Path dataPath() {
        return Path.of(data);
    }

    /** The ensemble folder's path. */
    public Path outPath() {
        return Path.of(out);
    }

    /** The time budget per member, or null. */
    public Duration timeBudget() {
        return timeBudgetMs == null ? null : Duration.ofMillis(timeBudgetMs);
    }

    /** A duration as {@code jcare train --time-budget} takes it: 90s, 10m, 2h, 1d (seconds without a unit). */
    static long millis(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--time-budget " + text + ": give a duration such as 90s, 10m or 2h");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1e3;
            case "m" -> v * 60e3;
            case "h" -> v * 3600e3;
            default -> v * 86400e3;
        };
        if (!(ms >= 1)) {
            throw new IllegalArgumentException("--time-budget " + text + ": give a positive duration");
        }
        return (long) ms;
    }

    private static int integer(String v, String option) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": give a whole number");
        }
    }

    private static double number(String v, String option) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": give a number");
        }
    }
}
