package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.optics.Lengths;
import org.jcare.optics.psf.AxialBlur;
import org.jcare.optics.psf.PsfModel;
import org.jcare.training.data.AnisotropicDistortion;
import org.jcare.training.data.Patches;
import org.jcare.training.data.Psf;
import org.jcare.training.data.RawData;
import org.jcare.training.data.ReducedTargetPatches;
import org.jcare.training.data.TrainingData;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The task of the training data (shared by {@code datagen} and {@code train}): standard pairs, or the isotropic and
 * upsampling degradations of CSBDeep's {@code anisotropic_distortions} (subsampling factor, PSF, noise), or projection
 * pairs of stacks and 2D targets ({@code create_patches_reduced_target}).
 *
 * <p>Where the blur comes from ({@link PsfOptions}, shared with {@code deconvolve} and {@code synth}): a theoretical
 * PSF of the optics module ({@code --psf-na}, {@code --psf-wavelength}, {@code --psf-refractive-index},
 * {@code --psf-model}, {@code --psf-modality}) sampled at the stacks' voxel size (their calibration, or
 * {@code --pixel-size} and {@code --z-step}), or a PSF TIFF ({@code --psf}). For the isotropic task a 3D PSF, theoretical
 * or measured, becomes the Gaussian along X that gives lateral slices its axial resolution ({@link AxialBlur}); a 2D
 * PSF file is the kernel itself (CSBDeep's {@code psf} argument). For upsampling the 3D PSF blurs the stacks as it is.
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

    @Mixin
    PsfOptions psfOptions;

    @Option(names = "--pixel-size", paramLabel = "NM",
            description = "isotropic/upsampling with a PSF: the stacks' lateral pixel size in nm (default: from the"
                    + " files' calibration).")
    Double pixelSize;

    @Option(names = "--z-step", paramLabel = "NM",
            description = "upsampling with a PSF: the stacks' Z step in nm (default: from the files' calibration).")
    Double zStep;

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
            psfOptions.check();
            for (Double v : new Double[] {pixelSize, zStep}) {
                if (v != null && !(v > 0 && Double.isFinite(v))) {
                    throw new BadInputException("--pixel-size and --z-step must be positive numbers of nm, got " + v);
                }
            }
        } else if (subsample != null || psfOptions.psfFile != null || psfOptions.theoreticalGiven() || poissonNoise
                || gaussSigma != 0 || pixelSize != null || zStep != null) {
            throw new BadInputException("--subsample, the PSF options (--psf, --psf-na, ...), --pixel-size, --z-step,"
                    + " --poisson-noise and --gauss-sigma belong to --task isotropic or upsampling, not "
                    + k.jsonName());
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

    /** The task record for the training data and the model (factor and where the blur came from). */
    TaskSpec taskSpec() {
        String psf = psfSource();
        return switch (kind()) {
            case STANDARD -> TaskSpec.STANDARD;
            case ISOTROPIC -> TaskSpec.isotropic(subsample, psf);
            case UPSAMPLING -> TaskSpec.upsampling(subsample, psf);
            case PROJECTION -> TaskSpec.projectionDefaults();
        };
    }

    /** The PSF file name, or a short description of the theoretical PSF, or null. */
    private String psfSource() {
        if (psfOptions.psfFile != null) {
            return psfOptions.psfFile.getFileName().toString();
        }
        return psfOptions.theoreticalGiven() ? psfOptions.model().describe() : null;
    }

    /** Files the outputs must never replace: the PSF. */
    List<Path> inputFiles() {
        List<Path> all = new ArrayList<>();
        if (psfOptions.psfFile != null) {
            all.add(psfOptions.psfFile);
        }
        return all;
    }

    /**
     * The blur of the task's degradation, or null for none: the --psf file or the theoretical PSF, for the stacks of
     * {@code raw} (voxel size from --pixel-size/--z-step, else from the first source image's calibration). Isotropic:
     * a 2D PSF file as it is, a 3D PSF (file or theoretical) as its {@link AxialBlur}; upsampling: the PSF as it is (a
     * theoretical one in 3D at the stacks' voxel size).
     *
     * @throws BadInputException when the file is unusable or the voxel size is unknown
     */
    TaskPsf psf(RawData raw, PrintWriter err) throws IOException {
        PsfOptions o = psfOptions;
        if (o.psfFile == null && !o.theoreticalGiven()) {
            return null;
        }
        TaskKind k = kind();
        TaskPsf p;
        if (o.psfFile != null) {
            FloatImage img = squeeze(o.readFile());
            boolean stack = img.axes().has('Z') && img.size('Z') > 1;
            if (k == TaskKind.ISOTROPIC && stack) {
                VoxelSize v = voxelSize(raw, true);
                org.jcare.optics.psf.Psf measured = o.measured(new double[] {v.dz(), v.dx(), v.dx()});
                p = new TaskPsf(axialBlur(() -> AxialBlur.of(measured), v.dx()), v);
            } else {
                try {
                    p = new TaskPsf(Psf.of(img, o.psfFile.getFileName().toString()), null);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--psf " + o.psfFile + ": " + ExitCodes.oneLine(e.getMessage()));
                }
            }
        } else if (k == TaskKind.ISOTROPIC) {
            VoxelSize v = voxelSize(raw, false);
            PsfModel model = o.model();
            p = new TaskPsf(axialBlur(() -> AxialBlur.of(model), v.dx()), v);
        } else {
            VoxelSize v = voxelSize(raw, true);
            p = new TaskPsf(Psf.of(o.theoretical(v.dz(), v.dx(), v.dx())), v);
        }
        err.println("PSF: " + p.psf().source());
        err.flush();
        return p;
    }

    /**
     * The blur of the degradation.
     *
     * @param psf   the kernel
     * @param voxel the voxel size it was computed for, or null for a kernel file used as it is (in pixels)
     */
    record TaskPsf(Psf psf, VoxelSize voxel) {
    }

    private static Psf axialBlur(java.util.function.Supplier<AxialBlur.Widths> widths, double dx) {
        try {
            return Psf.axialBlur(widths.get(), dx);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException("--psf: " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    /**
     * The voxel size of the stacks in nm: --pixel-size and --z-step, else the first source image's calibration.
     *
     * @param needZ whether the Z step is needed (a 3D PSF sampled at the stacks' voxels)
     * @throws BadInputException naming the file and the option to give when a size is unknown
     */
    VoxelSize voxelSize(RawData raw, boolean needZ) throws java.io.IOException {
        double dx = pixelSize != null ? pixelSize : Double.NaN;
        double dz = zStep != null ? zStep : Double.NaN;
        String from = "--pixel-size";
        if (Double.isNaN(dx) || (needZ && Double.isNaN(dz))) {
            RawData.ImagePair first = raw.get(0);
            org.jcare.io.image.Calibration c = first.source().calibration();
            double cx = Lengths.toNm(c.x(), c.unit());
            double cz = Lengths.toNm(c.z(), c.unit());
            if (Double.isNaN(dx)) {
                dx = cx > 0 ? cx : Double.NaN;
                from = first.name();
            }
            if (needZ && Double.isNaN(dz)) {
                dz = cz > 0 ? cz : Double.NaN;
            }
            if (Double.isNaN(dx) || (needZ && Double.isNaN(dz))) {
                throw new BadInputException(first.name() + " has no " + (Double.isNaN(dx) ? "pixel size" : "Z step")
                        + " in its metadata; the PSF is sampled at the stacks' voxel size: give --pixel-size NM"
                        + (needZ ? " and --z-step NM" : ""));
            }
        }
        return new VoxelSize(needZ ? dz : 0, dx, from);
    }

    /**
     * The stacks' voxel size for the PSF.
     *
     * @param dz   Z step in nm (0 when not needed)
     * @param dx   lateral pixel size in nm
     * @param from where it came from (an option or a file), for messages
     */
    record VoxelSize(double dz, double dx, String from) {
    }

    /**
     * {@code raw} with a check, as each image is read, that its lateral pixel size (when calibrated) is the one the PSF
     * was sampled for: a blur in pixels is only right at one pixel size.
     */
    static RawData checkedPixelSize(RawData raw, VoxelSize v) {
        return raw.transformed((pair, index) -> {
            org.jcare.io.image.Calibration c = pair.source().calibration();
            double dx = Lengths.toNm(c.x(), c.unit());
            if (dx > 0 && Math.abs(dx - v.dx()) > 0.02 * v.dx()) {
                throw new BadInputException(pair.name() + " has pixels of " + fmt(dx) + " nm, but the PSF was sampled"
                        + " for " + fmt(v.dx()) + " nm (" + v.from() + "); make training data of one pixel size per"
                        + " run, or give --pixel-size");
            }
            return pair;
        }, "pixel size checked against the PSF's " + fmt(v.dx()) + " nm");
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
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
        RawData stacks = null;
        Psf psf = null;
        if (k.hasFactor()) {
            stacks = src.rawData(null);
            TaskPsf p = psf(stacks, err);
            if (p != null) {
                psf = p.psf();
                if (p.voxel() != null) {
                    stacks = checkedPixelSize(stacks, p.voxel()); // a blur computed for one pixel size
                }
            }
        }
        switch (k) {
            case ISOTROPIC -> {
                // 2D patches of the lateral planes: size 1 along every axis before Y and X
                patch = lateral(given, spatial, 1, "isotropic");
                raw = new AnisotropicDistortion(new AnisotropicDistortion.Settings(subsample, psf, poissonNoise,
                        gaussSigma, 'X', true, cropThreshold, seed)).applyTo(stacks);
            }
            case UPSAMPLING -> {
                patch = src.patchSize();
                raw = new AnisotropicDistortion(new AnisotropicDistortion.Settings(subsample, psf, poissonNoise,
                        gaussSigma, 'Z', src.target == null, cropThreshold, seed)).applyTo(stacks);
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
