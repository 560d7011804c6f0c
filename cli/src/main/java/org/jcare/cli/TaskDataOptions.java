package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.AnisotropicDistortion;
import org.jcare.training.data.Patches;
import org.jcare.training.data.Psf;
import org.jcare.training.data.RawData;
import org.jcare.training.data.ReducedTargetPatches;
import org.jcare.training.data.TrainingData;
import picocli.CommandLine.Option;

/**
 * The task of the training data (shared by {@code datagen} and {@code train}): standard pairs, or the isotropic and
 * upsampling degradations of CSBDeep's {@code anisotropic_distortions} (subsampling factor, PSF, noise), or projection
 * pairs of stacks and 2D targets ({@code create_patches_reduced_target}).
 *
 * <p>Where a PSF comes from: {@code --psf FILE} reads a measured PSF (any TIFF; a 3D PSF gives the isotropic task its
 * axial XZ slice, see {@link Psf#axialSliceAlongX()}). A theoretical PSF from the optics module enters through
 * {@link #psf()} the same way: any {@link Psf} works.
 */
final class TaskDataOptions {
    @Option(names = "--task", paramLabel = "standard|isotropic|upsampling|projection",
            description = "What the model learns: standard (pairs), isotropic (a 2D model from the lateral slices of"
                    + " anisotropic stacks, which are their own targets: no --target needed), upsampling (3D, Z"
                    + " subsampled), projection (3D stacks in --source, 2D surfaces in --target). Default: standard,"
                    + " or the task recorded in --data.")
    String task;

    @Option(names = "--subsample", paramLabel = "F",
            description = "isotropic/upsampling: the Z factor, axial / lateral pixel size (may be fractional, e.g."
                    + " 10.2); training data is subsampled by it, and the model predicts with it.")
    Double subsample;

    @Option(names = "--psf", paramLabel = "FILE",
            description = "isotropic/upsampling: blur with this PSF (TIFF, values >= 0) before subsampling. A 3D PSF"
                    + " gives the isotropic task its XZ slice through the brightest voxel, Z along X.")
    Path psf;

    @Option(names = "--psf-axes", paramLabel = "AXES",
            description = "Axes of the --psf file (YX or ZYX); default: from the file.")
    String psfAxes;

    @Option(names = "--poisson-noise", description = "isotropic/upsampling: add Poisson noise (CSBDeep poisson_noise).")
    boolean poissonNoise;

    @Option(names = "--gauss-sigma", paramLabel = "S", defaultValue = "0",
            description = "isotropic/upsampling: add Gaussian noise of this standard deviation, clipped at 0"
                    + " (default: ${DEFAULT-VALUE}).")
    double gaussSigma;

    @Option(names = "--crop-threshold", paramLabel = "F", defaultValue = "0.2",
            description = "isotropic/upsampling: largest fraction of an axis cropped so the factor divides it"
                    + " (CSBDeep crop_threshold; default: ${DEFAULT-VALUE}).")
    double cropThreshold;

    /** The task asked for on the command line, or null. */
    TaskKind givenKind() {
        if (task == null) {
            return null;
        }
        try {
            return TaskKind.parse(task);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--task " + task + ": unknown; use standard, isotropic, upsampling or projection");
        }
    }

    /** The task to make data for (standard when none is given). */
    TaskKind kind() {
        TaskKind k = givenKind();
        return k == null ? TaskKind.STANDARD : k;
    }

    /** Checks the options against each other and the folders; call before long work. */
    void check(PatchSourceOptions src) {
        TaskKind k = kind();
        src.check(k != TaskKind.ISOTROPIC, k == TaskKind.STANDARD || k == TaskKind.UPSAMPLING);
        if (k.hasFactor()) {
            if (subsample == null) {
                throw new BadInputException("--task " + k.jsonName() + " needs --subsample F: the ratio of the Z to the"
                        + " XY pixel size (for example 4 or 10.2)");
            }
            if (!(subsample >= 1) || subsample.isInfinite()) {
                throw new BadInputException("--subsample " + subsample + " must be a number >= 1");
            }
            if (!(gaussSigma >= 0) || Double.isInfinite(gaussSigma)) {
                throw new BadInputException("--gauss-sigma " + gaussSigma + " must be >= 0");
            }
            if (!(cropThreshold > 0 && cropThreshold < 1)) {
                throw new BadInputException("--crop-threshold " + cropThreshold + " must be in (0, 1)");
            }
            if (psf != null && !Files.isRegularFile(psf)) {
                throw new BadInputException("--psf " + psf + ": no such file");
            }
        } else if (subsample != null || psf != null || poissonNoise || gaussSigma != 0) {
            throw new BadInputException("--subsample, --psf, --poisson-noise and --gauss-sigma belong to --task"
                    + " isotropic or upsampling, not " + k.jsonName());
        }
        String spatial = src.spatialAxes();
        if (k == TaskKind.ISOTROPIC && !spatial.endsWith("YX")) {
            throw new BadInputException("--task isotropic needs images with Y and X axes, got --axes " + src.axes);
        }
        if ((k == TaskKind.UPSAMPLING || k == TaskKind.PROJECTION) && !spatial.equals("ZYX")) {
            throw new BadInputException("--task " + k.jsonName() + " needs stacks: --axes ZYX (or CZYX), got "
                    + src.axes);
        }
        if (k == TaskKind.PROJECTION && src.target == null) {
            throw new BadInputException("--task projection needs --target DIR: the 2D surfaces (axes YX) of the"
                    + " stacks in --source");
        }
    }

    /** The task record for the training data and the model (factor and PSF source). */
    TaskSpec taskSpec() {
        return switch (kind()) {
            case STANDARD -> TaskSpec.STANDARD;
            case ISOTROPIC -> TaskSpec.isotropic(subsample, psf == null ? null : psf.getFileName().toString());
            case UPSAMPLING -> TaskSpec.upsampling(subsample, psf == null ? null : psf.getFileName().toString());
            case PROJECTION -> TaskSpec.projectionDefaults();
        };
    }

    /** Files the outputs must never replace: the PSF. */
    List<Path> inputFiles() {
        List<Path> all = new ArrayList<>();
        if (psf != null) {
            all.add(psf);
        }
        return all;
    }

    /**
     * The PSF of --psf, for the task: for isotropic data a 3D PSF becomes its axial slice along X. (The theoretical PSF
     * of the optics module plugs in here: build a {@link Psf} from its array.)
     */
    Psf psf() throws IOException {
        if (psf == null) {
            return null;
        }
        FloatImage img;
        try {
            img = new TiffReader().read(psf, psfAxes == null ? null : psfAxes.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--psf " + psf + ": " + ExitCodes.oneLine(e.getMessage()));
        }
        try {
            Psf p = Psf.of(squeeze(img), psf.getFileName().toString());
            return kind() == TaskKind.ISOTROPIC ? p.axialSliceAlongX() : p;
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--psf " + psf + ": " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    private static FloatImage squeeze(FloatImage img) {
        return EvaluateCommand.squeeze(img);
    }

    /** Reads the folders, applies the task's degradation and cuts normalized patches with {@code seed}. */
    TrainingData create(PatchSourceOptions src, long seed, PrintWriter err) throws IOException {
        check(src);
        TaskKind k = kind();
        if (k == TaskKind.STANDARD) {
            return src.create(seed, err);
        }
        String spatial = src.spatialAxes();
        int[] given = src.patchSize != null ? src.patchSize.clone() : null;
        int[] patch;
        RawData raw;
        switch (k) {
            case ISOTROPIC -> {
                // 2D patches of the lateral planes: size 1 along every axis before Y and X
                patch = lateral(given, spatial, 1, "isotropic");
                raw = new AnisotropicDistortion(new AnisotropicDistortion.Settings(subsample, psf(), poissonNoise,
                        gaussSigma, 'X', true, cropThreshold, seed)).applyTo(src.rawData(null));
            }
            case UPSAMPLING -> {
                patch = src.patchSize();
                raw = new AnisotropicDistortion(new AnisotropicDistortion.Settings(subsample, psf(), poissonNoise,
                        gaussSigma, 'Z', src.target == null, cropThreshold, seed)).applyTo(src.rawData(null));
            }
            case PROJECTION -> {
                String targetAxes = src.axes.trim().toUpperCase(Locale.ROOT).replace("Z", "");
                raw = src.rawData(targetAxes);
                patch = ReducedTargetPatches.resolvePatchSize(raw, lateral(given, spatial, 0, "projection"));
            }
            default -> throw new IllegalStateException(k.name());
        }
        err.println("reading " + raw.size() + " image pair" + (raw.size() == 1 ? "" : "s") + " (" + k.jsonName()
                + ") and cutting " + src.patchesPerImage + " patches of " + PatchSourceOptions.joined(patch)
                + " from each");
        err.flush();
        try {
            return k == TaskKind.PROJECTION ? ReducedTargetPatches.create(raw, src.patchOptions(patch, seed))
                    : Patches.create(raw, src.patchOptions(patch, seed));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(ExitCodes.oneLine(e.getMessage()));
        }
    }

    /**
     * A patch size for the non-C axes: Y and X as given (default 64 each), {@code fill} along the other axes (1: one
     * plane, 0: the whole depth), or the full list when one size per axis is given.
     */
    private static int[] lateral(int[] given, String spatial, int fill, String what) {
        int n = spatial.length();
        int[] p = new int[n];
        java.util.Arrays.fill(p, fill);
        if (given == null) {
            p[n - 2] = 64;
            p[n - 1] = 64;
            return p;
        }
        if (given.length == n) {
            return given;
        }
        if (given.length != 2) {
            throw new BadInputException("--patch-size " + PatchSourceOptions.joined(given) + ": give Y,X (or one size"
                    + " per axis of " + spatial + ") for --task " + what);
        }
        p[n - 2] = given[0];
        p[n - 1] = given[1];
        return p;
    }
}
