package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.interop.BmzImport;
import org.jcare.training.interop.CsbdeepImport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare import}: converts a CSBDeep model folder or a Model Zoo package of a CARE U-Net into a jcare model
 * folder (or zip). Needs no device. {@code predict} and {@code train --from-model} also take those directly.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"jcare import --csbdeep CSBDEEP_MODEL_DIR --out MODEL [--task isotropic|upsampling"
                + " --factor F] [--overwrite]",
            "jcare import --bmz PACKAGE.zip --out MODEL [--overwrite]"},
        description = {"Convert a CSBDeep model (config.json + weights_best.h5 / weights_last.h5, Keras 2 or 3) or a"
            + " BioImage Model Zoo package of a CARE U-Net into a jcare model folder (or .zip). CSBDeep's config.json"
            + " records no task for IsotropicCARE and UpsamplingCARE models: name it with --task and --factor, or the"
            + " model is imported as a standard CARE model (ProjectionCARE models are recognized by themselves).",
            "Example: jcare import --csbdeep models/my_csbdeep_model --out models/imported"})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--csbdeep", paramLabel = "DIR", required = true,
                description = "A CSBDeep model folder: config.json and Keras weights (the newest *best*.h5, else the"
                        + " newest .h5, as CSBDeep chooses).")
        Path csbdeep;

        @Option(names = "--bmz", paramLabel = "PACKAGE", required = true,
                description = "A BioImage Model Zoo package (.zip or folder) of a CARE U-Net.")
        Path bmz;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, paramLabel = "MODEL",
            description = "The jcare model folder to write (or a .zip).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Mixin
    CsbdeepTaskOptions task;

    @Option(names = "--factor", paramLabel = "F",
            description = "With --task isotropic or upsampling: the Z factor the model predicts with (the ratio of Z"
                    + " to XY pixel size), recorded in the imported model.")
    Double factor;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Path in = source.csbdeep != null ? source.csbdeep : source.bmz;
        if (!Files.exists(in)) {
            throw new BadInputException((source.csbdeep != null ? "--csbdeep " : "--bmz ") + in + ": no such "
                    + (source.csbdeep != null ? "folder" : "file"));
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new BadInputException("--out " + out + " is the input; choose another folder");
        }
        ModelFiles files;
        org.jcare.training.config.TaskSpec taskSpec = task.spec(factor);
        if (source.csbdeep == null && (task.given() || factor != null)) {
            throw new BadInputException("--task and --factor apply to --csbdeep models; a Model Zoo package records its"
                    + " task");
        }
        if (source.csbdeep != null) {
            if (!CsbdeepModelFolder.isCsbdeepFolder(in)) {
                throw new BadInputException("--csbdeep " + in + " is not a CSBDeep model folder: it needs config.json"
                        + " and Keras weights (*.h5), and no jcare weights (*.safetensors)");
            }
            files = CsbdeepImport.read(in, taskSpec);
            task.noteUnknownTask(in, spec.commandLine().getErr());
            if (taskSpec != null && taskSpec.kind().hasFactor() && factor == null) {
                spec.commandLine().getErr().println("note: no --factor given: predict with --factor F");
            }
        } else {
            if (!BmzImport.isPackage(in)) {
                throw new BadInputException("--bmz " + in + " is not a Model Zoo package (a .zip or folder with"
                        + " rdf.yaml or bioimageio.yaml)");
            }
            files = BmzImport.read(in);
        }
        ModelDirectory.save(out, files, overwrite);
        long params = files.weights().get(ModelFiles.Kind.FINAL).values().stream()
                .mapToLong(t -> t.values().length).sum();
        stdout.println(in + " -> " + out + " (" + params + " parameters; restore with: jcare predict --model " + out
                + " --input IMAGE --output DIR)");
        stdout.flush();
        return 0;
    }

}
