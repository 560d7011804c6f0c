package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.interop.CsbdeepImport;
import picocli.CommandLine.Option;

/**
 * {@code --task} for a CSBDeep model folder (shared by {@code import} and {@code predict}): CSBDeep's config.json
 * records no task for IsotropicCARE and UpsamplingCARE models (they are plain U-Nets; the factor is a prediction
 * argument), so such a model loads as a standard one unless the task is named. A ProjectionCARE config has its
 * {@code proj_*} fields and needs no option.
 */
final class CsbdeepTaskOptions {
    @Option(names = "--task", paramLabel = "standard|isotropic|upsampling",
            description = "For a CSBDeep model folder, whose config.json cannot record it: the CSBDeep class that"
                    + " trained it (IsotropicCARE: isotropic, UpsamplingCARE: upsampling), with --factor F, the ratio"
                    + " of Z to XY pixel size. Default: standard (a ProjectionCARE config is recognized by itself).")
    String task;

    /** True when --task is given. */
    boolean given() {
        return task != null;
    }

    /**
     * The task named by --task with the Z factor {@code factor} (may be null), or null when --task is not given.
     *
     * @throws BadInputException for an unknown task, projection, or a factor that is not a finite number > 0
     */
    TaskSpec spec(Double factor) {
        if (task == null) {
            if (factor != null && !(factor > 0 && Double.isFinite(factor))) {
                throw new BadInputException("--factor " + factor + " must be a finite number > 0");
            }
            return null;
        }
        TaskKind kind;
        try {
            kind = TaskKind.parse(task);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--task " + task + ": unknown; use standard, isotropic or upsampling");
        }
        if (kind == TaskKind.PROJECTION) {
            throw new BadInputException("--task projection: a ProjectionCARE model is recognized by the proj_* fields of"
                    + " its config.json; leave out --task");
        }
        if (factor != null && !(factor > 0 && Double.isFinite(factor))) {
            throw new BadInputException("--factor " + factor + " must be a finite number > 0");
        }
        if (factor != null && !kind.hasFactor()) {
            throw new BadInputException("--factor belongs to --task isotropic or upsampling, not " + kind.jsonName());
        }
        return kind == TaskKind.STANDARD ? TaskSpec.STANDARD : new TaskSpec(kind, factor, null, null);
    }

    /**
     * Says on {@code err} how to name the task when {@code model} is a CSBDeep folder whose task is unknown and no
     * --task is given (it loads as a standard CARE model).
     */
    void noteUnknownTask(Path model, PrintWriter err) throws FileFormatException {
        if (task == null && CsbdeepModelFolder.isCsbdeepFolder(model) && !CsbdeepImport.recordsItsTask(model)) {
            err.println("note: " + model + " is a CSBDeep model folder, whose config.json records no task: it is used"
                    + " as a standard CARE model; for an IsotropicCARE or UpsamplingCARE model give --task isotropic"
                    + " or --task upsampling with --factor F");
            err.flush();
        }
    }
}
