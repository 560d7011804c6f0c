package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.interop.BmzExport;
import org.jcare.training.interop.ExportSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare export}: a model (jcare, CSBDeep or Model Zoo) as an ONNX file or a BioImage Model Zoo package.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"jcare export --onnx MODEL OUT.onnx",
            "jcare export --bmz MODEL OUT.zip [--name NAME] [--author NAME]... [--test-image FILE.tif] [OPTIONS]"},
        description = {"Export a model (jcare folder or zip, CSBDeep folder, or Model Zoo package) as ONNX (opset "
            + "17, dynamic sizes) or as a BioImage Model Zoo package (format 0.5: ONNX and PyTorch weights, test"
            + " tensors, cover, documentation).",
            "Example: jcare export --bmz models/denoise denoise.zip --author 'Ada Lovelace' --test-image raw/1.tif"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Format {
        @Option(names = "--onnx", required = true, description = "Write an ONNX model.")
        boolean onnx;

        @Option(names = "--bmz", required = true, description = "Write a BioImage Model Zoo package (.zip).")
        boolean bmz;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model to export.")
    Path model;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.onnx or .zip).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Model Zoo name (5-128 letters, digits, spaces, _+-()); default: CARE <model folder name>.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Model Zoo description (one paragraph).")
    String description;

    @Option(names = "--author", paramLabel = "NAME", description = "Model Zoo author (repeatable); default: jcare.")
    List<String> authors;

    @Option(names = "--license", paramLabel = "SPDX", defaultValue = "CC-BY-4.0",
            description = "Licence of the weights, an SPDX identifier (default: ${DEFAULT-VALUE}).")
    String license;

    @Option(names = "--test-image", paramLabel = "FILE.tif",
            description = "The package's test input (TIFF in the model's axes; centre-cut to at most 256 per axis);"
                    + " default: a synthetic image. Its pixel sizes give the axes' units unless --pixel-size is given.")
    Path testImage;

    @Option(names = "--pixel-size", paramLabel = "[Z,]Y,X",
            description = "Pixel sizes of the training data, for the axes' scale (default: the test image's).")
    String pixelSize;

    @Option(names = "--unit", paramLabel = "UNIT", defaultValue = "micrometer",
            description = "Unit of --pixel-size (default: ${DEFAULT-VALUE}).")
    String unit;

    @Option(names = "--overwrite", description = "Replace OUT if it exists.")
    boolean overwrite;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(model)) {
            throw new BadInputException("MODEL " + model + ": no such model folder or file");
        }
        String ext = format.onnx ? ".onnx" : ".zip";
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)) {
            throw new BadInputException("OUT " + out + " must end in " + ext);
        }
        if (Files.exists(out) && !overwrite) {
            throw new BadInputException("OUT " + out + " exists; add --overwrite to replace it");
        }
        if (format.onnx) {
            ExportSource src = ExportSource.read(model);
            byte[] onnx = BmzExport.onnx(src);
            AtomicFiles.write(out, overwrite, tmp -> Files.write(tmp, onnx));
            stdout.println(model + " -> " + out + " (ONNX opset " + org.jcare.io.model.onnx.OnnxExport.OPSET + ", "
                    + onnx.length / 1024 + " KiB; input 'input' [batch, " + src.inputChannels() + ", "
                    + (src.inputRank() == 3 ? "z, " : "") + "y, x], output 'output')");
            return 0;
        }
        FloatImage test = testImage == null ? null : new TiffReader().read(testImage);
        String n = name != null ? name : "CARE " + PredictCommand.modelName(model).replaceAll("[^\\w +\\-()]", " ");
        String d = description != null ? description : "CARE restoration network exported by jcare from "
                + model.toAbsolutePath().normalize().getFileName() + ".";
        try (Engine engine = compute.open(err)) {
            BmzExport.export(engine, model, out, new BmzExport.Options(n, d,
                    authors == null || authors.isEmpty() ? List.of("jcare") : authors, license, test, calibration()),
                    overwrite);
        }
        stdout.println(model + " -> " + out + " (BioImage Model Zoo package, format " + BmzExport.FORMAT_VERSION + ")");
        return 0;
    }

    private Calibration calibration() {
        if (pixelSize == null) {
            return null;
        }
        String[] p = pixelSize.split(",");
        try {
            double x = Double.parseDouble(p[p.length - 1].trim());
            double y = p.length >= 2 ? Double.parseDouble(p[p.length - 2].trim()) : x;
            double z = p.length >= 3 ? Double.parseDouble(p[0].trim()) : 0;
            if (!(x > 0 && y > 0 && z >= 0)) {
                throw new NumberFormatException("sizes must be positive");
            }
            return new Calibration(x, y, z, unit, 0);
        } catch (NumberFormatException e) {
            throw new BadInputException("--pixel-size " + pixelSize + ": give [Z,]Y,X as positive numbers, for example"
                    + " 0.5,0.1,0.1");
        }
    }
}
