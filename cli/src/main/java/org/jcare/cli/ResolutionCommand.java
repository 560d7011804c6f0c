package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.optics.resolution.Decorrelation;
import org.jcare.optics.resolution.Frc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare resolution}: the resolution of one image by decorrelation analysis, and of two independent frames by
 * Fourier ring correlation, in pixels and nm.
 */
@Command(name = "resolution", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare resolution IMAGE [--second IMAGE2] [--channel C] [--pixel-size NM]",
        description = {"Estimate the resolution of IMAGE by decorrelation analysis (Descloux et al., Nat. Methods 2019),"
            + " and, with --second (another frame of the same field with independent noise), by Fourier ring"
            + " correlation at the 1/7 threshold. Reported in pixels and, when the pixel size is known (file or"
            + " --pixel-size), in nm. Stacks are analysed in their middle plane (or --plane).",
            "Example: jcare resolution restored.tif --pixel-size 100"})
final class ResolutionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (TIFF).")
    Path image;

    @Option(names = "--second", paramLabel = "IMAGE2", description = "A second frame of the same field for FRC.")
    Path second;

    @Option(names = "--channel", paramLabel = "C", description = "Channel of a multi-channel image.")
    Integer channel;

    @Option(names = "--plane", paramLabel = "Z", description = "Plane of a stack (default: the middle one).")
    Integer plane;

    @Option(names = "--pixel-size", paramLabel = "NM", description = "Pixel size in nm (default: from the file).")
    Double pixelSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OpticsImage a = read(image, "IMAGE");
        float[] pa = plane(a);
        Decorrelation.Result d;
        try {
            d = Decorrelation.analyze(pa, a.ny(), a.nx());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(image + ": " + e.getMessage());
        }
        out.println(image.getFileName() + " (" + a.describe() + ")");
        out.println("decorrelation: " + format(d.resolutionPx(), a.dx()) + String.format(Locale.ROOT,
                "  (cut-off %.4f of Nyquist, amplitude %.3f)", d.cutoff(), d.amplitude()));
        if (second != null) {
            OpticsImage b = read(second, "--second");
            if (b.ny() != a.ny() || b.nx() != a.nx() || b.nz() != a.nz()) {
                throw new BadInputException("--second " + second + " is " + b.describe() + " but " + image + " is "
                        + a.describe() + "; FRC needs two frames of the same size");
            }
            Frc.Result f;
            try {
                f = Frc.compute(pa, plane(b), a.ny(), a.nx());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            out.println("FRC (1/7): " + format(f.resolutionPx(), a.dx()) + String.format(Locale.ROOT,
                    "  (crossing at %.4f cycles/px)", f.cutoff()));
        }
        out.flush();
        return 0;
    }

    private OpticsImage read(Path file, String option) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(option + " " + file + ": no such file");
        }
        return OpticsImage.read(file, channel, pixelSize, null, option);
    }

    private float[] plane(OpticsImage img) {
        int z = plane == null ? img.nz() / 2 : plane;
        if (z < 0 || z >= img.nz()) {
            throw new BadInputException("--plane " + z + ": " + img.file() + " has " + img.nz() + " plane(s)");
        }
        int ps = img.ny() * img.nx();
        return java.util.Arrays.copyOfRange(img.data(), z * ps, (z + 1) * ps);
    }

    static String format(double px, double pixelNm) {
        if (!Double.isFinite(px)) {
            return "not measurable (no significant correlation)";
        }
        return pixelNm > 0 ? String.format(Locale.ROOT, "%.2f px = %.0f nm", px, px * pixelNm)
                : String.format(Locale.ROOT, "%.2f px (pixel size unknown: give --pixel-size for nm)", px);
    }
}
