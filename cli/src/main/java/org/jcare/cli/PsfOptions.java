package org.jcare.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.tiff.TiffReader;
import org.jcare.optics.psf.MeasuredPsf;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import picocli.CommandLine.Option;

/**
 * The PSF options shared by the optics commands: a theoretical PSF from the microscope's optics, or a measured PSF
 * TIFF. Defaults describe a 1.4 NA oil objective at 520 nm emission (GFP, Alexa 488).
 */
final class PsfOptions {
    @Option(names = "--na", paramLabel = "NA", defaultValue = "1.4",
            description = "Numerical aperture of the objective (default: ${DEFAULT-VALUE}).")
    double na;

    @Option(names = "--wavelength", paramLabel = "NM", defaultValue = "520",
            description = "Emission wavelength in nm (default: ${DEFAULT-VALUE}).")
    double wavelength;

    @Option(names = "--refractive-index", paramLabel = "N", defaultValue = "1.518",
            description = "Refractive index of the immersion medium (default: ${DEFAULT-VALUE}, oil).")
    double refractiveIndex;

    @Option(names = "--psf-model", paramLabel = "born-wolf|gaussian", defaultValue = "born-wolf",
            description = "Theoretical widefield PSF: born-wolf (scalar diffraction, the Airy pattern in focus) or"
                    + " gaussian (Zhang et al. 2007 approximation). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--psf", paramLabel = "FILE.tif",
            description = "A measured PSF (bead image, YX or ZYX) instead of the theoretical one: background"
                    + " subtracted, centred on its peak, normalized; its voxel size must match the image's.")
    Path psfFile;

    /**
     * The PSF for voxels of (dz, dy, dx) nm (dz 0 for 2D).
     *
     * @throws BadInputException for bad optics, an unreadable or unusable PSF file, or a measured PSF whose voxel size
     *                           or dimensionality does not match
     */
    Psf psf(double dz, double dy, double dx) throws Exception {
        if (psfFile != null) {
            if (!Files.isRegularFile(psfFile)) {
                throw new BadInputException("--psf " + psfFile + ": no such file");
            }
            Psf p;
            try {
                p = MeasuredPsf.fromImage(new TiffReader().read(psfFile), psfFile, new double[] {dz > 0 ? dz : dy, dy, dx});
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--psf: " + e.getMessage());
            }
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
        try {
            return Psfs.theoretical(Psfs.Model.parse(model), Psfs.Modality.WIDEFIELD,
                    Optics.widefield(na, wavelength, refractiveIndex), dz, dy, dx);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
