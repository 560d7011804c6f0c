package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.data.FreshPatches;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import picocli.CommandLine.Option;

/**
 * Where training pairs come from and how patches are cut (CSBDeep's {@code RawData.from_folder} and
 * {@code create_patches}): shared by {@code jcare datagen} and {@code jcare train}.
 */
final class PatchSourceOptions {
    @Option(names = "--source", paramLabel = "DIR",
            description = "Folder of low-quality images (repeatable); each is paired with the file of the same name"
                    + " in --target.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--target", paramLabel = "DIR", description = "Folder of the high-quality images.")
    Path target;

    @Option(names = "--axes", paramLabel = "AXES",
            description = "Axes of the images, for example YX, ZYX or CYX (right-aligned to each image's"
                    + " dimensions, as CSBDeep).")
    String axes;

    @Option(names = "--patch-size", paramLabel = "SIZES", split = "[,xX]", splitSynopsisLabel = ",",
            description = "Patch size per axis of --axes without C, for example 64,64 or 16,64,64 (each divisible by"
                    + " 2^unet_n_depth to train). Default: 64 per axis.")
    int[] patchSize;

    @Option(names = "--patches-per-image", paramLabel = "N", defaultValue = "64",
            description = "Patches cut from each image pair (default: ${DEFAULT-VALUE}).")
    int patchesPerImage;

    @Option(names = "--pattern", paramLabel = "GLOB", defaultValue = InputFiles.DEFAULT_PATTERN,
            description = "File names to take from the folders (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--no-filter", description = "Keep background patches too (CSBDeep patch_filter=None).")
    boolean noFilter;

    @Option(names = "--filter-threshold", paramLabel = "F", defaultValue = "0.4",
            description = "Background filter: keep patches whose neighbourhood maximum in the target exceeds this"
                    + " fraction of its 99.9th percentile (default: ${DEFAULT-VALUE}; 0 keeps nearly all).")
    double filterThreshold;

    /** True when any folder option is given. */
    boolean given() {
        return !sources.isEmpty() || target != null;
    }

    /** Checks that the folder options are complete; call before long work. */
    void check() {
        check(true, true);
    }

    /**
     * Checks the folder options; a task may do without --target (isotropic: the stacks are their own targets) and
     * check the patch size itself (isotropic and projection sizes omit Z).
     */
    void check(boolean targetRequired, boolean checkPatchSize) {
        if (sources.isEmpty() || (targetRequired && target == null)) {
            throw new BadInputException("training pairs from folders need --source DIR (one or more) and --target DIR");
        }
        if (axes == null || axes.isBlank()) {
            throw new BadInputException("--axes is required with --source/--target, for example --axes YX or"
                    + " --axes ZYX");
        }
        try {
            org.jcare.io.image.Axes.of(axes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--" + e.getMessage() + " (for example --axes YX, ZYX or CYX)");
        }
        for (Path d : sources) {
            requireFolder(d, "--source");
        }
        if (target != null) {
            requireFolder(target, "--target");
        }
        if (patchesPerImage < 1) {
            throw new BadInputException("--patches-per-image must be at least 1, got " + patchesPerImage);
        }
        if (!checkPatchSize) {
            return;
        }
        int[] p = patchSize();
        for (int v : p) {
            if (v < 1) {
                throw new BadInputException("--patch-size " + joined(p) + ": every size must be at least 1");
            }
        }
        if (p.length != spatialAxes().length()) {
            throw new BadInputException("--patch-size " + joined(p) + " has " + p.length + " entries but --axes "
                    + axes + " has " + spatialAxes().length() + " axes besides C (" + spatialAxes() + ")");
        }
    }

    private static void requireFolder(Path d, String option) {
        if (!Files.isDirectory(d)) {
            throw new BadInputException(option + " " + d + (Files.exists(d) ? ": not a folder" : ": no such folder"));
        }
    }

    /** The axes without C, upper case. */
    String spatialAxes() {
        return axes.trim().toUpperCase(java.util.Locale.ROOT).replace("C", "");
    }

    /** The patch size per non-C axis (default 64 each). */
    int[] patchSize() {
        if (patchSize != null) {
            return patchSize.clone();
        }
        int[] p = new int[spatialAxes().length()];
        Arrays.fill(p, 64);
        return p;
    }

    /** Every file of the source and target folders: outputs may never replace them. */
    List<Path> inputFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(sources);
        if (target != null) {
            dirs.add(target);
        }
        for (Path d : dirs) {
            all.add(d);
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(all::add);
            }
        }
        return all;
    }

    /** Reads the pairs and cuts normalized patches with {@code seed}; reports on {@code err}. */
    TrainingData create(long seed, PrintWriter err) throws IOException {
        RawData raw = raw();
        PatchOptions opt = options(seed);
        err.println("reading " + raw.size() + " image pair" + (raw.size() == 1 ? "" : "s") + " and cutting "
                + patchesPerImage + " patches of " + joined(patchSize()) + " from each");
        err.flush();
        return Patches.create(raw, opt);
    }

    /**
     * Reads the pairs and prepares them for fresh patches in every batch ({@link FreshPatches}, with the same filter
     * and normalization as {@link #create}); reports on {@code err}.
     */
    FreshPatches fresh(PrintWriter err) throws IOException {
        RawData raw = raw();
        PatchOptions opt = options(0);
        err.println("reading " + raw.size() + " image pair" + (raw.size() == 1 ? "" : "s") + " to cut fresh"
                + " patches of " + joined(patchSize()) + " for every batch");
        err.flush();
        return FreshPatches.prepare(raw, opt);
    }

    private RawData raw() throws IOException {
        check();
        List<String> dirs = sources.stream().map(Path::toString).toList();
        return RawData.fromFolders(Path.of("").toAbsolutePath(), dirs, target.toString(), axes, pattern,
                new TiffReader()::read);
    }

    private PatchOptions options(long seed) {
        PatchOptions.Builder b = PatchOptions.builder(patchSize(), patchesPerImage).seed(seed);
        if (noFilter) {
            b.noFilter();
        } else {
            b.filter(filterThreshold, 99.9);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage().replace("filter threshold", "--filter-threshold"));
        }
    }

    /**
     * The image pairs of the folders, lazily read: targets from --target, or the sources themselves without it (then
     * every source is its own target); with {@code targetAxes} other than the axes, targets with fewer axes
     * ({@link RawData#fromFoldersReducedTarget}).
     */
    RawData rawData(String targetAxes) throws IOException {
        List<String> dirs = sources.stream().map(Path::toString).toList();
        Path base = Path.of("").toAbsolutePath();
        String t = target != null ? target.toString() : dirs.get(0);
        if (targetAxes != null) {
            return RawData.fromFoldersReducedTarget(base, dirs, t, axes, targetAxes, pattern, new TiffReader()::read);
        }
        return RawData.fromFolders(base, dirs, t, axes, pattern, new TiffReader()::read);
    }

    /** The patch options for {@code patch} (per axis of the raw data without C) with the filter options. */
    PatchOptions patchOptions(int[] patch, long seed) {
        PatchOptions.Builder b = PatchOptions.builder(patch, patchesPerImage).seed(seed);
        if (noFilter) {
            b.noFilter();
        } else {
            b.filter(filterThreshold, 99.9);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage().replace("filter threshold", "--filter-threshold"));
        }
    }

    static String joined(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : "x").append(v[i]);
        }
        return sb.toString();
    }
}
