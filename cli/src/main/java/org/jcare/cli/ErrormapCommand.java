package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.optics.resolution.Squirrel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare errormap}: SQUIRREL-style error mapping of a restoration against its widefield reference.
 */
@Command(name = "errormap", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare errormap --reference WIDEFIELD --restored R --out PREFIX [--channel C]",
        description = {"Take the restoration back to the reference's resolution with a fitted resolution-scaling"
            + " function (Gaussian sigma, intensity scale and offset by least squares), as SQUIRREL (Culley et al.,"
            + " Nat. Methods 2018), and report the resolution-scaled error (RSE) and Pearson coefficient (RSP). Writes"
            + " PREFIX_errormap.tif (|reference - scaled restoration|) and PREFIX_errormap.png (reference | restored |"
            + " scaled | error map). Stacks are mapped in their middle plane. A restoration on a finer grid (an upsampling"
            + " model's output) is blurred on its grid and sampled at the reference's pixels (--grid).",
            "Example: jcare errormap --reference wf.tif --restored care.tif --out results/cell"})
final class ErrormapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "WIDEFIELD", description = "The reference image.")
    Path reference;

    @Option(names = "--restored", required = true, paramLabel = "R",
            description = "The restored image: the reference's size, or F times its Y and X size (a finer grid over"
                    + " the same field).")
    Path restored;

    @Option(names = "--grid", paramLabel = "zoom|binned", defaultValue = "zoom",
            description = "How a finer restoration lies over the reference: zoom (a linear zoom's grid, end pixels on"
                    + " end pixels: jcare and CSBDeep upsampling models) or binned (F x F sub-pixels per reference"
                    + " pixel: jcare deconvolve --upsample). Default: ${DEFAULT-VALUE}.")
    String grid;

    @Option(names = "--channel", paramLabel = "C", description = "Channel of a multi-channel reference.")
    Integer channel;

    @Option(names = "--restored-channel", paramLabel = "C", description = "Channel of a multi-channel restoration.")
    Integer restoredChannel;

    @Option(names = "--out", required = true, paramLabel = "PREFIX",
            description = "Output prefix: PREFIX_errormap.tif and PREFIX_errormap.png.")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        for (Path p : List.of(reference, restored)) {
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": no such file");
            }
        }
        OpticsImage w = OpticsImage.read(reference, channel, null, null, "--reference");
        OpticsImage r = OpticsImage.read(restored, restoredChannel, null, null, "--restored");
        boolean multiple = r.ny() % w.ny() == 0 && r.nx() % w.nx() == 0 && r.ny() / w.ny() == r.nx() / w.nx();
        if (!multiple || w.nz() != r.nz()) {
            throw new BadInputException("--restored " + restored + " is " + r.describe() + " but --reference "
                    + reference + " is " + w.describe() + "; give a restoration of the same size, or F times its Y and"
                    + " X size (an upsampling model's output), with the same planes");
        }
        Squirrel.Grid g = switch (grid.toLowerCase(Locale.ROOT)) {
            case "zoom" -> Squirrel.Grid.ZOOM;
            case "binned" -> Squirrel.Grid.BINNED;
            default -> throw new BadInputException("--grid " + grid + ": use zoom or binned");
        };
        Squirrel.Result s;
        try {
            s = Squirrel.map(w.middlePlane(), w.ny(), w.nx(), r.middlePlane(), r.ny(), r.nx(), g);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--restored " + restored + ": " + e.getMessage());
        }
        String stem = out.getFileName().toString();
        Path tif = out.resolveSibling(stem + "_errormap.tif");
        Path png = out.resolveSibling(stem + "_errormap.png");
        try (Outputs outputs = new Outputs(overwrite, List.of(reference, restored))) {
            outputs.claimFile(tif);
            outputs.claimFile(png);
            outputs.folder(tif.toAbsolutePath().getParent());
            OpticsImage plane = new OpticsImage(w.file(), s.errorMap(), 1, w.ny(), w.nx(), 0, w.dy(), w.dx());
            new TiffWriter().overwrite(overwrite).write(plane.toImage(s.errorMap()), tif);
            outputs.written(tif);
            long[] shape = {w.ny(), w.nx()};
            PanelPng.write(png, List.of(new PanelPng.Panel("reference", FloatImage.of("YX", shape, w.middlePlane())),
                    new PanelPng.Panel("restored", FloatImage.of("YX", new long[] {r.ny(), r.nx()}, r.middlePlane())),
                    new PanelPng.Panel(String.format(Locale.ROOT, "scaled (sigma %.2f px)", s.sigmaPx()),
                            FloatImage.of("YX", shape, s.scaled())),
                    new PanelPng.Panel(String.format(Locale.ROOT, "error (RSP %.3f)", s.rsp()),
                            FloatImage.of("YX", shape, s.errorMap()))), overwrite);
            outputs.written(png);
            outputs.commit();
        }
        PrintWriter o = spec.commandLine().getOut();
        double restoredDx = r.dx() > 0 ? r.dx() : g.binned() ? w.dx() * w.nx() / r.nx()
                : w.dx() * (w.nx() - 1) / Math.max(1, r.nx() - 1);
        o.printf(Locale.ROOT, "RSF sigma %.3f px of the restoration%s, alpha %.4g, beta %.4g%n", s.sigmaPx(),
                w.dx() > 0 ? String.format(Locale.ROOT, " (%.0f nm)", s.sigmaPx() * restoredDx) : "", s.alpha(),
                s.beta());
        o.printf(Locale.ROOT, "RSE %.4g (reference units), RSP %.4f%n", s.rse(), s.rsp());
        o.println("wrote " + tif + ", " + png);
        o.flush();
        return 0;
    }
}
