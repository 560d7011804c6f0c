package org.jcare.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jcare datagen}: folders of image pairs to a CSBDeep-compatible {@code .npz} of normalized patches. */
@Command(name = "datagen", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"jcare datagen --source DIR... --target DIR --axes AXES --out FILE.npz [OPTIONS]",
            "jcare datagen --task isotropic|upsampling --source DIR --axes ZYX --subsample F [--psf FILE | --psf-na NA"
                + " --psf-wavelength NM [--psf-refractive-index N] [--pixel-size NM]] --out FILE.npz",
            "jcare datagen --task projection --source DIR --target DIR --axes ZYX --out FILE.npz [OPTIONS]"},
        description = {"Cut training patches from folders of image pairs into a CSBDeep-compatible .npz (X, Y, axes),"
            + " as CSBDeep's create_patches: background filter, random per-patch percentile normalization, shuffled."
            + " With --task, the isotropic and upsampling degradations of CSBDeep's anisotropic_distortions, or"
            + " projection pairs (create_patches_reduced_target); the task is recorded in the file for jcare train.",
            "Example: jcare datagen --source low --target GT --axes YX --patch-size 64,64 --patches-per-image 128"
                + " --out data.npz"})
final class DatagenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PatchSourceOptions source;

    @Mixin
    TaskDataOptions task;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of patch sampling, percentiles and shuffle (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "The .npz file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        task.check(source);
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz")) {
            throw new BadInputException("--out " + out + ": name the file *.npz (numpy zip, as CSBDeep reads it)");
        }
        java.util.List<Path> inputs = new java.util.ArrayList<>(source.inputFiles());
        inputs.addAll(task.inputFiles());
        OutputFolders.requireWritable(out.toAbsolutePath().getParent(), "--out", out);
        try (Outputs outputs = new Outputs(overwrite, inputs)) {
            outputs.claimFile(out);
            outputs.folder(out.toAbsolutePath().getParent());
            TrainingData data = task.create(source, seed, err);
            new NpzTrainingDataFile(overwrite).write(out, data, task.taskSpec());
            outputs.written(out);
            outputs.commit();
            spec.commandLine().getOut().println("wrote " + data.size() + " patches " + data.axes() + " "
                    + java.util.Arrays.toString(data.xShape()) + (data.isReducedTarget() ? " (targets "
                    + java.util.Arrays.toString(data.yShape()) + ")" : "") + " to " + out
                    + (task.taskSpec().isStandard() ? "" : " for the " + task.taskSpec() + " task"));
        }
        return 0;
    }
}
