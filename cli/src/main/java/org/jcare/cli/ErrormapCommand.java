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
            + " scaled | error map). Stacks are mapped in their middle plane.",
            "Example: jcare errormap --reference wf.tif --restored care.tif --out results/cell"})
final class ErrormapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "WIDEFIELD", description = "The reference image.")
    Path reference;

    @Option(names = "--restored", required = true, paramLabel = "R", description = "The restored image, same size.")
    Path restored;

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
        if (w.ny() != r.ny() || w.nx() != r.nx() || w.nz() != r.nz()) {
            throw new BadInputException("--restored " + restored + " is " + r.describe() + " but --reference "
                    + reference + " is " + w.describe() + "; they must have the same size");
        }
        Squirrel.Result s;
        try {
            s = Squirrel.map(w.middlePlane(), r.middlePlane(), w.ny(), w.nx());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
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
                    new PanelPng.Panel("restored", FloatImage.of("YX", shape, r.middlePlane())),
                    new PanelPng.Panel(String.format(Locale.ROOT, "scaled (sigma %.2f px)", s.sigmaPx()),
                            FloatImage.of("YX", shape, s.scaled())),
                    new PanelPng.Panel(String.format(Locale.ROOT, "error (RSP %.3f)", s.rsp()),
                            FloatImage.of("YX", shape, s.errorMap()))), overwrite);
            outputs.written(png);
            outputs.commit();
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "RSF sigma %.3f px%s, alpha %.4g, beta %.4g%n", s.sigmaPx(),
                w.dx() > 0 ? String.format(Locale.ROOT, " (%.0f nm)", s.sigmaPx() * w.dx()) : "", s.alpha(), s.beta());
        o.printf(Locale.ROOT, "RSE %.4g (reference units), RSP %.4f%n", s.rse(), s.rsp());
        o.println("wrote " + tif + ", " + png);
        o.flush();
        return 0;
    }
}
