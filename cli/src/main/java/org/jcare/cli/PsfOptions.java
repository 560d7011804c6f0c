package org.jcare.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.optics.psf.MeasuredPsf;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.PsfModel;
import org.jcare.optics.psf.Psfs;
import picocli.CommandLine.Option;

/**
 * The PSF options, one set for every command that needs a PSF ({@code deconvolve}, {@code synth}, and the isotropic and
 * upsampling tasks of {@code datagen} and {@code train}): a theoretical PSF from the microscope's optics (the optics
 * module's models), or a PSF TIFF. The optics options have two names each ({@code --psf-na} and {@code --na}, ...), so
 * that a command line reads naturally in each command. Defaults describe a 1.4 NA oil objective at 520 nm emission
 * (GFP, Alexa 488); the task commands use a theoretical PSF only when one of these options is given.
 */
final class PsfOptions {
    static final double DEFAULT_NA = 1.4;
    static final double DEFAULT_WAVELENGTH = 520;

    @Option(names = {"--psf-na", "--na"}, paramLabel = "NA",
            description = "Numerical aperture of the objective (theoretical PSF; default: 1.4).")
    Double na;

    @Option(names = {"--psf-wavelength", "--wavelength"}, paramLabel = "NM",
            description = "Emission wavelength in nm (theoretical PSF; default: 520).")
    Double wavelength;

    @Option(names = {"--psf-refractive-index", "--refractive-index"}, paramLabel = "N",
            description = "Refractive index of the immersion medium (theoretical PSF; default: 1.518, oil; 1.33 water,"
                    + " 1.0 air).")
    Double refractiveIndex;

    @Option(names = "--psf-model", paramLabel = "born-wolf|debye|gaussian",
            description = "Theoretical PSF model: born-wolf (scalar paraxial diffraction, the Airy pattern in focus;"
                    + " too long axially at high NA), debye (scalar non-paraxial, realistic axially at high NA) or"
                    + " gaussian (Zhang et al. 2007 approximation). Default: born-wolf.")
    String model;

    @Option(names = "--psf-modality", paramLabel = "widefield|confocal",
            description = "Widefield (default), or confocal with a point pinhole (excitation x emission PSF; needs"
                    + " --psf-excitation).")
    String modality;

    @Option(names = "--psf-excitation", paramLabel = "NM", description = "Excitation wavelength in nm (confocal).")
    Double excitation;

    @Option(names = "--psf", paramLabel = "FILE.tif",
            description = "A PSF TIFF (YX or ZYX) instead of a theoretical one. deconvolve and synth: a measured PSF"
                    + " (bead image: background subtracted, centred, normalized; its voxel size must match the"
                    + " image's). Isotropic and upsampling data: the blur kernel, see --task.")
    Path psfFile;

    @Option(names = "--psf-axes", paramLabel = "AXES", description = "Axes of the --psf file (YX or ZYX); default: from"
            + " the file.")
    String psfAxes;

    /** True when any option of the theoretical PSF is given. */
    boolean theoreticalGiven() {
        return na != null || wavelength != null || refractiveIndex != null || model != null || modality != null
                || excitation != null;
    }

    /**
     * Rejects a PSF file together with the options of a theoretical PSF, and a missing file.
     *
     * @throws BadInputException naming the options
     */
    void check() {
        if (psfFile != null && theoreticalGiven()) {
            throw new BadInputException("--psf " + psfFile + " and the theoretical PSF options (--psf-na, "
                    + "--psf-wavelength, --psf-refractive-index, --psf-model, --psf-modality, --psf-excitation) exclude"
                    + " each other: give one PSF");
        }
        if (psfFile != null && !Files.isRegularFile(psfFile)) {
            throw new BadInputException("--psf " + psfFile + ": no such file");
        }
    }

    /**
     * The optics with the defaults for what is not given.
     *
     * @throws BadInputException for impossible optics (every problem named)
     */
    Optics optics() {
        try {
            return new Optics(na != null ? na : DEFAULT_NA, wavelength != null ? wavelength : DEFAULT_WAVELENGTH,
                    refractiveIndex != null ? refractiveIndex : Optics.OIL, excitation != null ? excitation : 0);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage().replace("optics: ", "theoretical PSF (--psf-na, --psf-wavelength,"
                    + " --psf-refractive-index, --psf-excitation): "));
        }
    }

    /**
     * The theoretical PSF model of these options.
     *
     * @throws BadInputException for an unknown model or modality, or a confocal PSF without --psf-excitation
     */
    PsfModel model() {
        Optics o = optics();
        try {
            return Psfs.model(Psfs.Model.parse(model == null ? "born-wolf" : model), modality(), o);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((e.getMessage().contains("excitation") ? "--psf-modality confocal: " : "")
                    + e.getMessage().replace("PSF model", "--psf-model").replace("PSF modality", "--psf-modality")
                    + (e.getMessage().contains("excitation") ? " with --psf-excitation NM" : ""));
        }
    }

    private Psfs.Modality modality() {
        return modality == null ? Psfs.Modality.WIDEFIELD : Psfs.Modality.parse(modality);
    }

    /**
     * The theoretical PSF sampled at voxels of (dz, dy, dx) nm (dz 0 for 2D).
     *
     * @throws BadInputException for bad optics
     */
    Psf theoretical(double dz, double dy, double dx) {
        PsfModel m = model();
        try {
            return org.jcare.optics.psf.PsfSampler.sample(m, Psfs.grid(optics(), dz, dy, dx));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * The --psf file as read (axes from --psf-axes or the file).
     *
     * @throws BadInputException naming the file when it cannot be read
     */
    FloatImage readFile() throws java.io.IOException {
        try {
            return new TiffReader().read(psfFile, psfAxes == null ? null : psfAxes.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--psf " + psfFile + ": " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    /**
     * The --psf file as a measured PSF ({@link MeasuredPsf}: background subtracted, centred, normalized), its voxel
     * size from the file or, without one, {@code voxelNmZyx}.
     *
     * @throws BadInputException naming the file when it is not a usable PSF
     */
    Psf measured(double[] voxelNmZyx) throws java.io.IOException {
        try {
            return MeasuredPsf.fromImage(readFile(), psfFile, voxelNmZyx);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--psf: " + e.getMessage());
        }
    }

    /**
     * The PSF for images of voxels (dz, dy, dx) nm (dz 0 for 2D): the measured --psf, which must have that voxel
     * size, or the theoretical one.
     *
     * @throws BadInputException for bad optics, an unreadable or unusable PSF file, or a measured PSF whose voxel size
     *                           or dimensionality does not match
     */
    Psf psf(double dz, double dy, double dx) throws Exception {
        check();
        if (psfFile != null) {
            Psf p = measured(new double[] {dz > 0 ? dz : dy, dy, dx});
            if ((dz <= 0) != p.is2d()) {
                if (dz <= 0) {
                    return p.focalPlane();
                }
                throw new BadInputException("--psf " + psfFile + " is 2D but the image is a stack; give a 3D PSF");
            }
            double tol = 0.02;
            if (Math.abs(p.grid().dx() - dx) > tol * dx || Math.abs(p.grid().dy() - dy) > tol * dy
                    || (dz > 0 && Math.abs(p.grid().dz() - dz) > tol * dz)) {
                throw new BadInputException("--psf " + psfFile + " has voxels of " + p.grid().dz() + " x " + p.grid().dy()
                        + " x " + p.grid().dx() + " nm but the image has " + dz + " x " + dy + " x " + dx
                        + " nm; resample the PSF to the image's voxel size");
            }
            return p;
        }
        return theoretical(dz, dy, dx);
    }
}
