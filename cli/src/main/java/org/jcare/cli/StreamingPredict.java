package org.jcare.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.image.VolumeReader;
import org.jcare.io.tiff.TiffVolume;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.StreamingPredictor;
import org.jcare.training.stream.ModelFingerprint;
import org.jcare.training.stream.RestoreSettings;
import org.jcare.training.stream.StreamTasks;
import org.jcare.training.stream.Volumes;
import org.jcare.training.stream.ZarrRestore;

/**
 * {@code jcare predict} streamed to OME-Zarr ({@link ZarrRestore}): for Zarr inputs, {@code --output-format zarr},
 * {@code --resume} and {@code --spark}. Each output is complete, renamed into place, before the next input starts;
 * a failed or killed run leaves its partial output for {@code --resume}.
 */
final class StreamingPredict {
    private final PredictCommand c;

    StreamingPredict(PredictCommand command) {
        this.c = command;
    }

    /**
     * Whether the command asks for streamed restoration: Zarr output asked for, {@code --resume}, {@code --spark}, a
     * Zarr input, or (without {@code --output-format tiff}) a TIFF input too large to restore in this JVM's heap, which
     * is then streamed to OME-Zarr with a note.
     *
     * @throws BadInputException when {@code --output-format tiff} is asked for an input that cannot give TIFF output
     */
    static boolean wanted(PredictCommand c) throws java.io.IOException {
        if (c.stream.zarrFormat() || c.stream.resume || c.stream.spark != null) {
            return true;
        }
        for (String in : c.inputs) {
            if (!InputFiles.isGlob(in) && Volumes.isZarr(Path.of(in)) && Files.isDirectory(Path.of(in))) {
                if (c.stream.tiffFormat()) {
                    throw new BadInputException("--output-format tiff: " + in + " is Zarr, which is restored to"
                            + " OME-Zarr tile by tile; leave --output-format out or give zarr");
                }
                return true;
            }
        }
        long heap = Runtime.getRuntime().maxMemory();
        for (Path f : InputFiles.expand(c.inputs, c.pattern, "--input")) {
            long voxels = voxels(f, c.restore.axesOverride());
            // the in-memory path holds the input and the restoration as float32, and a decoded copy while reading
            if (voxels > 0 && 10 * voxels > heap * 4 / 5) {
                String size = bytes(4 * voxels) + " of float32 voxels, more than this JVM's heap (" + bytes(heap)
                        + ") holds for a restoration in memory";
                if (c.stream.tiffFormat()) {
                    throw new BadInputException(f + " holds " + size + ": leave out --output-format tiff to stream it"
                            + " to OME-Zarr, or give java more memory (JCARE_JAVA_OPTS=-Xmx...)");
                }
                c.spec.commandLine().getErr().println("jcare: " + f + " holds " + size + ": restoring it tile by"
                        + " tile to OME-Zarr instead of TIFF");
                return true;
            }
        }
        return false;
    }

    private static String bytes(long b) {
        return b >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", b >> 20);
    }

    /** The voxel count of a TIFF input from its structure (no pixels read), or 0 when it cannot be read so. */
    private static long voxels(Path f, String axes) {
        try (VolumeReader v = TiffVolume.open(f, axes)) {
            long n = 1;
            for (long s : v.shape()) {
                n *= s;
            }
            return n;
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // the in-memory path reads it and names what is wrong
        }
    }

    /** The inputs: Zarr folders as they are, TIFF files, folders and globs expanded as usual. */
    List<Path> inputs() throws java.io.IOException {
        List<Path> out = new ArrayList<>();
        for (String in : c.inputs) {
            Path p = Path.of(in);
            if (!InputFiles.isGlob(in) && Files.isDirectory(p) && Volumes.isZarr(p)) {
                out.add(p);
            } else {
                out.addAll(InputFiles.expand(in, c.pattern, "--input"));
            }
        }
        return out;
    }

    /** The OME-Zarr output of {@code input}. */
    Path outputOf(Path input, String modelName) {
        Path t = OutputNames.resolve(c.outputName, c.output, input, modelName, "");
        String n = t.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        int cut = lower.endsWith(".tiff") ? 5 : lower.endsWith(".tif") ? 4 : 0;
        return t.resolveSibling(n.substring(0, n.length() - cut) + (lower.endsWith(".zarr") ? "" : ".zarr"));
    }

    int run(PrintWriter out, PrintWriter err) throws Exception {
        if (c.probabilisticOutputs != null && !c.probabilisticOutputs.isBlank()) {
            throw new BadInputException("--probabilistic-outputs: streamed (Zarr) restoration writes the restoration"
                    + " only; use --output-format tiff for the probabilistic outputs");
        }
        if (c.projectionWeights) {
            throw new BadInputException("--projection-weights: streamed (Zarr) restoration does not run projection"
                    + " models; use --output-format tiff");
        }
        settings(0); // the options are checked before any file is read or written
        List<Path> files = inputs();
        String modelName = PredictCommand.modelName(c.model);
        List<Path> targets = new ArrayList<>();
        for (Path f : files) {
            Path t = outputOf(f, modelName);
            if (Outputs.canonical(t).equals(Outputs.canonical(f))) {
                throw new BadInputException("output " + t + " is also an input; choose another output folder");
            }
            if (Files.exists(t) && !c.overwrite) {
                throw new BadInputException(t + " already exists; add --overwrite to replace it, or choose another"
                        + " output");
            }
            targets.add(t);
        }
        if (c.dryRun) {
            for (int i = 0; i < files.size(); i++) {
                out.println(files.get(i) + " -> " + targets.get(i));
            }
            return 0;
        }
        OutputFolders.requireWritable(c.output, "--output", c.output);
        Files.createDirectories(c.output);
        try (OutputLock lock = OutputLock.acquire(c.output, "--output", "jcare predict", err)) {
            return c.stream.spark != null ? spark(files, targets, out) : restoreHere(files, targets, out, err);
        }
    }

    /** Restores each input in this JVM, one after the other (each output complete before the next starts). */
    private int restoreHere(List<Path> files, List<Path> targets, PrintWriter out, PrintWriter err) throws Exception {
        try (Engine engine = c.compute.open(err);
             CareModel care = CareModel.load(engine, c.model)) {
            RestoreSettings settings = settings(care.config().nDim()).withZoomZ(inputZoom(care));
            String modelId = ModelFingerprint.of(care.network());
            StreamingPredictor predictor = new StreamingPredictor(care.network());
            for (int i = 0; i < files.size(); i++) {
                long t0 = System.nanoTime();
                Path f = files.get(i);
                Path target = targets.get(i);
                try (ZarrRestore r = begin(f, target, care, modelId, settings)) {
                    Progress[] bar = {null};
                    try {
                        long restored;
                        try {
                            restored = r.restore(predictor, (done, total) -> {
                                if (bar[0] == null) {
                                    bar[0] = Progress.start(String.valueOf(f.getFileName()), total, 0, err,
                                            c.root.interactive, null);
                                }
                                bar[0].update(done, "tiles");
                            });
                        } catch (IllegalArgumentException e) {
                            throw new BadInputException(f + ": " + ExitCodes.oneLine(e.getMessage()));
                        }
                        r.finish(modelId, c.overwrite);
                        out.println(String.format(Locale.ROOT, "%s -> %s (%s %s, %s tiles, %d of %d units restored,"
                                + " %.1f s)", f, target, r.letters(), Arrays.toString(r.plan().outputShape()),
                                RestoreOptions.describe(r.plan().grid().tilesPerAxis()), restored,
                                r.plan().unitCount(), (System.nanoTime() - t0) / 1e9));
                        out.flush();
                    } finally {
                        if (bar[0] != null) {
                            bar[0].close();
                        }
                    }
                }
            }
        }
        return 0;
    }

    private ZarrRestore begin(Path f, Path target, CareModel care, String modelId, RestoreSettings settings)
            throws java.io.IOException {
        try {
            return ZarrRestore.begin(f, c.restore.axesOverride(), target, care.network(), modelId, settings,
                    c.stream.resume, c.overwrite);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(f + ": " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    /** The Z zoom of the model's task ({@link StreamTasks}); refuses the tasks streaming does not run. */
    private double inputZoom(CareModel care) {
        try {
            return StreamTasks.inputZoom(care.config(), c.factor);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(c.model + ": " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    /** The settings from the options ({@code nDim} 0: tile counts not checked yet). */
    RestoreSettings settings(int nDim) {
        PredictOptions p = nDim == 0 ? PredictOptions.defaults() : c.restore.toPredictOptions(nDim);
        String codec = c.stream.compression.trim().toLowerCase(Locale.ROOT);
        try {
            org.jcare.io.zarr.Codecs.byName(codec, 4);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--zarr-compression " + c.stream.compression + ": " + e.getMessage());
        }
        if (!c.stream.ngff.equals("0.4") && !c.stream.ngff.equals("0.5")) {
            throw new BadInputException("--ngff " + c.stream.ngff + ": use 0.4 (Zarr v2) or 0.5 (Zarr v3)");
        }
        if (c.stream.ngff.equals("0.5") && (codec.equals("zlib") || codec.equals("lz4"))) {
            throw new BadInputException("--zarr-compression " + codec + " is a Zarr v2 codec; with --ngff 0.5 use"
                    + " blosc-zstd, blosc-lz4, zstd, gzip or none");
        }
        if (c.stream.pyramidLevels < 0) {
            throw new BadInputException("--pyramid-levels " + c.stream.pyramidLevels + " must be >= 0");
        }
        return RestoreSettings.defaults(p).withNgff(c.stream.ngff).withChunks(c.stream.chunkShape())
                .withCompression(codec).withPyramidLevels(c.stream.pyramidLevels);
    }

    /** Hands the restoration to the spark module's driver (on the class path only through ./jcare --spark). */
    private int spark(List<Path> files, List<Path> targets, PrintWriter out) throws Exception {
        Class<?> driver;
        try {
            driver = Class.forName("org.jcare.spark.Restore");
        } catch (ClassNotFoundException e) {
            throw new BadInputException("--spark needs Apache Spark and jcare's spark module on the class path: run it"
                    + " through the launcher (./jcare predict --spark " + c.stream.spark + " ...), or submit"
                    + " org.jcare.spark.Restore with spark-submit");
        }
        for (int i = 0; i < files.size(); i++) {
            List<String> a = new ArrayList<>(List.of("--master", c.stream.spark, "--model", c.model.toString(),
                    "--input", files.get(i).toString(), "--output", targets.get(i).toString(),
                    "--tiles", c.restore.tiles, "--norm", c.restore.norm, "--pmin", String.valueOf(c.restore.pmin),
                    "--pmax", String.valueOf(c.restore.pmax), "--ngff", c.stream.ngff, "--zarr-chunks",
                    c.stream.chunks, "--zarr-compression", c.stream.compression, "--pyramid-levels",
                    String.valueOf(c.stream.pyramidLevels), "--precision", c.compute.precision));
            if (c.restore.axesOverride() != null) {
                a.addAll(List.of("--axes", c.restore.axesOverride()));
            }
            if (c.factor != null) {
                a.addAll(List.of("--factor", String.valueOf(c.factor)));
            }
            String devices = !c.stream.sparkDevices.isBlank() ? c.stream.sparkDevices : c.compute.device;
            if (devices != null && !devices.isBlank()) {
                a.addAll(List.of("--devices", devices));
            }
            if (c.stream.resume) {
                a.add("--resume");
            }
            if (c.overwrite) {
                a.add("--overwrite");
            }
            try {
                Object code = driver.getMethod("run", String[].class, PrintWriter.class)
                        .invoke(null, a.toArray(new String[0]), out);
                if ((Integer) code != 0) {
                    return (Integer) code;
                }
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException bad) {
                    // the job's arguments or the model's task (the driver checks both)
                    throw new BadInputException(ExitCodes.oneLine(bad.getMessage()));
                }
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
        return 0;
    }
}
