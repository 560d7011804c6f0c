package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.optics.deconv.FineGridRichardsonLucy;
import org.jcare.optics.deconv.RichardsonLucy;
import org.jcare.optics.psf.Psf;
import org.jcare.training.deconv.DeviceRichardsonLucy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jcare deconvolve}: Richardson-Lucy deconvolution with a theoretical or measured PSF, on the host or a device. */
@Command(name = "deconvolve", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare deconvolve --input IMAGE --output OUT.tif [--iterations N] [--tv LAMBDA] [--psf FILE |"
                + " --na NA --wavelength NM] [--device DEVICE]",
        description = {"Richardson-Lucy deconvolution (optionally with total-variation regularization, Dey et al."
            + " 2006), the classical baseline of the CARE paper. The PSF is the theoretical widefield PSF of --na,"
            + " --wavelength and --refractive-index at the image's voxel size (from the file or --pixel-size/--z-step),"
            + " or a measured --psf. Runs on the host (FFT convolutions) unless --device names an OpenCL device."
            + " Writes OUT.tif and OUT.png (input | deconvolved). With --upsample F the estimate lies on a grid F"
            + " times finer than the camera's (the PSF sampled there, each camera pixel the sum of its F x F"
            + " sub-pixels): the classical counterpart of an upsampling CARE model, on the host.",
            "Example: jcare deconvolve --input wf.tif --output wf_rl.tif --iterations 30 --na 1.4 --wavelength 520"})
final class DeconvolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The image (TIFF, YX or ZYX).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.tif", description = "The deconvolved image.")
    Path output;

    @Option(names = "--channel", paramLabel = "C", description = "Channel of a multi-channel image.")
    Integer channel;

    @Option(names = "--pixel-size", paramLabel = "NM", description = "Pixel size in nm (default: from the file).")
    Double pixelSize;

    @Option(names = "--z-step", paramLabel = "NM", description = "Z step in nm of a stack (default: from the file).")
    Double zStep;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "30",
            description = "Richardson-Lucy iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--tv", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Total-variation weight, 0 for plain RL (default: ${DEFAULT-VALUE}; try 0.002).")
    double tv;

    @Option(names = "--background", paramLabel = "VALUE", defaultValue = "0",
            description = "Subtracted before deconvolution (camera offset), negatives clipped (default: ${DEFAULT-VALUE}).")
    double background;

    @Option(names = "--upsample", paramLabel = "F", defaultValue = "1",
            description = "Deconvolve onto a grid F times finer laterally, 1-8 (host only, no --tv; default: ${DEFAULT-VALUE}).")
    int upsample;

    @Mixin
    PsfOptions psf;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Run on this OpenCL device (index, gpu, cpu or part of a name) instead of the host.")
    String device;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            throw new BadInputException("--input " + input + ": no such file");
        }
        if (iterations < 1 || !(tv >= 0)) {
            throw new BadInputException("--iterations must be >= 1 and --tv >= 0, got " + iterations + " and " + tv);
        }
        String name = output.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).matches(".*\\.tiff?")) {
            throw new BadInputException("--output " + output + ": name the file *.tif");
        }
        if (upsample < 1 || upsample > 8) {
            throw new BadInputException("--upsample " + upsample + " must be in [1, 8]");
        }
        if (upsample > 1 && (device != null || tv > 0)) {
            throw new BadInputException("--upsample " + upsample + " runs on the host without TV regularization; leave"
                    + " out " + (device != null ? "--device" : "--tv"));
        }
        OpticsImage img = OpticsImage.read(input, channel, pixelSize, zStep, "--input");
        img.requireCalibration("the PSF is sampled at the image's voxel size");
        Psf p = psf.psf(img.is2d() ? 0 : img.dz(), img.dy() / upsample, img.dx() / upsample);
        OpticsImage out = upsample == 1 ? img : new OpticsImage(img.file(), null, img.nz(), img.ny() * upsample,
                img.nx() * upsample, img.dz(), img.dy() / upsample, img.dx() / upsample);
        float[] data = img.data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] -= (float) background;
        }
        Path png = output.resolveSibling(name.replaceFirst("\\.[^.]+$", "") + ".png");
        List<Path> inputs = psf.psfFile == null ? List.of(input) : List.of(input, psf.psfFile);
        try (Outputs outputs = new Outputs(overwrite, inputs)) {
            outputs.claimFile(output);
            outputs.claimFile(png);
            outputs.folder(output.toAbsolutePath().getParent());
            long t0 = System.nanoTime();
            float[] result;
            String where;
            try (Progress progress = Progress.start("deconvolve", iterations, 0, err, root.interactive, null)) {
                int step = Math.max(1, iterations / 5);
                if (upsample > 1) {
                    where = "host, " + upsample + "x finer grid";
                    result = FineGridRichardsonLucy.deconvolve(data, img.nz(), img.ny(), img.nx(), p, upsample,
                            iterations, (done, total) -> report(progress, done, total, step));
                } else if (device == null) {
                    where = "host";
                    result = RichardsonLucy.deconvolve(data, img.nz(), img.ny(), img.nx(), p, iterations, tv,
                            (done, total) -> report(progress, done, total, step));
                } else {
                    try (Engine engine = Engine.open(device)) {
                        where = engine.device().name();
                        result = DeviceRichardsonLucy.deconvolve(engine, data, img.nz(), img.ny(), img.nx(), p,
                                iterations, tv, (done, total) -> report(progress, done, total, step));
                    }
                }
                progress.done();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            new TiffWriter().overwrite(overwrite).write(out.toImage(result), output);
            outputs.written(output);
            long[] shape = {img.ny(), img.nx()};
            long[] outShape = {out.ny(), out.nx()};
            int ps = out.ny() * out.nx();
            int mid = img.nz() / 2;
            PanelPng.write(png, List.of(new PanelPng.Panel("input", FloatImage.of("YX", shape, img.middlePlane())),
                    new PanelPng.Panel("Richardson-Lucy, " + iterations + " it.", FloatImage.of("YX", outShape,
                            java.util.Arrays.copyOfRange(result, mid * ps, (mid + 1) * ps)))), overwrite);
            outputs.written(png);
            outputs.commit();
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "deconvolved %s (%s) with %d iterations%s on %s in %.1f s; PSF %s%n",
                    input.getFileName(), img.describe(), iterations, tv > 0 ? ", TV " + tv : "", where, seconds,
                    p.description());
            o.println("wrote " + output + ", " + png);
            o.flush();
        }
        return 0;
    }

    private static void report(Progress progress, int done, int total, int step) {
        progress.update(done, null);
        if (done % step == 0 || done == total) {
            progress.line("deconvolve: " + done + "/" + total + " iterations");
        }
    }
}
