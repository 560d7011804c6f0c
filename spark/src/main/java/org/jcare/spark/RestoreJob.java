package org.jcare.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.config.CareConfig;
import org.jcare.training.stream.RestoreSettings;
import org.jcare.training.stream.StreamTasks;

/**
 * What a distributed restoration does, as the driver parses it and every task receives it (serializable): the model,
 * input and output paths (on a file system every executor sees), the prediction and output settings, the OpenCL
 * devices of the executors, and how many units of work form a task.
 *
 * @param master       the Spark master, or null to take spark-submit's
 * @param model        model folder or zip
 * @param input        input (OME-Zarr or TIFF)
 * @param axes         axes override, or null
 * @param output       the OME-Zarr output
 * @param tiles        tile counts per spatial axis, or null to plan them from the driver's device
 * @param normalize    percentile normalization per time point and channel
 * @param pmin         low percentile
 * @param pmax         high percentile
 * @param ngff         OME-NGFF version
 * @param chunks       output chunks Z, Y, X
 * @param compression  output codec
 * @param levels       pyramid levels (0 automatic)
 * @param devices      the devices of each executor (index, gpu, cpu or a name part); empty: the default one
 * @param precision    fp32 or tf32
 * @param unitsPerTask units of work (tiles of one time point) per Spark task
 * @param resume       continue an interrupted restoration
 * @param overwrite    replace an existing output or interrupted restoration
 * @param factor       an upsampling model's Z factor instead of the one it records, or null
 */
public record RestoreJob(String master, String model, String input, String axes, String output, int[] tiles,
                         boolean normalize, double pmin, double pmax, String ngff, int[] chunks, String compression,
                         int levels, List<String> devices, String precision, int unitsPerTask, boolean resume,
                         boolean overwrite, Double factor) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the arrays and list. */
    public RestoreJob {
        tiles = tiles == null ? null : tiles.clone();
        chunks = chunks.clone();
        devices = List.copyOf(devices);
    }

    /**
     * Parses the command line of {@code spark-submit ... jcare-spark.jar ARGS} (the options of {@code jcare predict}).
     *
     * @throws IllegalArgumentException naming the option when one is missing or invalid
     */
    public static RestoreJob parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> flags = List.of("--resume", "--overwrite");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                o.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                o.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("argument '" + a + "' is not understood; give options as"
                        + " --name value (--model, --input, --output, --tiles, --devices, ...)");
            }
        }
        for (String req : List.of("--model", "--input", "--output")) {
            if (!o.containsKey(req)) {
                throw new IllegalArgumentException(req + " is required");
            }
        }
        String tiles = o.getOrDefault("--tiles", "auto").trim().toLowerCase(Locale.ROOT);
        String norm = o.getOrDefault("--norm", "percentile").trim().toLowerCase(Locale.ROOT);
        if (!norm.equals("percentile") && !norm.equals("none")) {
            throw new IllegalArgumentException("--norm " + norm + ": use percentile or none");
        }
        List<String> devices = new ArrayList<>();
        for (String d : o.getOrDefault("--devices", "").split(";")) {
            if (!d.isBlank()) {
                devices.add(d.trim());
            }
        }
        int unitsPerTask = integer(o, "--units-per-task", "4");
        if (unitsPerTask < 1) {
            throw new IllegalArgumentException("--units-per-task " + unitsPerTask + ": give a number >= 1");
        }
        return new RestoreJob(o.get("--master"), o.get("--model"), o.get("--input"), o.get("--axes"),
                o.get("--output"), tiles.equals("auto") ? null : ints(tiles, "--tiles"), norm.equals("percentile"),
                number(o, "--pmin", "" + PercentileNormalizer.DEFAULT_PMIN),
                number(o, "--pmax", "" + PercentileNormalizer.DEFAULT_PMAX),
                o.getOrDefault("--ngff", "0.4"), ints(o.getOrDefault("--zarr-chunks", "16,256,256"), "--zarr-chunks"),
                o.getOrDefault("--zarr-compression", "blosc-zstd"), integer(o, "--pyramid-levels", "0"), devices,
                o.getOrDefault("--precision", "fp32"), unitsPerTask, o.containsKey("--resume"),
                o.containsKey("--overwrite"), o.containsKey("--factor") ? number(o, "--factor", null) : null);
    }

    private static double number(Map<String, String> o, String option, String def) {
        String v = o.getOrDefault(option, def);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": give a number");
        }
    }

    private static int integer(Map<String, String> o, String option, String def) {
        String v = o.getOrDefault(option, def);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": give a whole number");
        }
    }

    /** The restoration settings (tile counts included when given). */
    public RestoreSettings settings() {
        PredictOptions p = PredictOptions.defaults().withPercentiles(pmin, pmax);
        if (!normalize) {
            p = p.withoutNormalization();
        }
        if (tiles != null) {
            p = p.withTiles(tiles);
        }
        return RestoreSettings.defaults(p).withNgff(ngff).withChunks(chunks).withCompression(compression)
                .withPyramidLevels(levels);
    }

    /**
     * The restoration settings for a model of {@code config}: {@link #settings()} with the Z zoom of an upsampling
     * model ({@link StreamTasks}).
     *
     * @throws IllegalArgumentException for the tasks streamed restoration does not run, or a factor that does not apply
     */
    public RestoreSettings settingsFor(CareConfig config) {
        return settings().withZoomZ(StreamTasks.inputZoom(config, factor));
    }

    /** The input path. */
    public Path inputPath() {
        return Path.of(input);
    }

    /** The output path. */
    public Path outputPath() {
        return Path.of(output);
    }

    private static int[] ints(String s, String option) {
        try {
            return Arrays.stream(s.trim().split("\\s*,\\s*")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + s + ": give comma-separated integers");
        }
    }

    @Override
    public int[] tiles() {
        return tiles == null ? null : tiles.clone();
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }
}
