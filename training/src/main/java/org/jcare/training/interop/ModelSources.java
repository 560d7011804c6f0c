package org.jcare.training.interop;

import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;

/**
 * Every kind of model jcare loads, behind one call: a jcare model folder or zip ({@link ModelDirectory}), a CSBDeep
 * model folder ({@link CsbdeepImport}), or a BioImage Model Zoo package of a CARE U-Net ({@link BmzImport}).
 */
public final class ModelSources {
    private ModelSources() {
    }

    /**
     * Loads a model of any supported kind.
     *
     * @throws FileFormatException naming the file when it is not a model, or its weights do not fit its config
     */
    public static ModelDirectory.Loaded load(Path path) throws FileFormatException {
        if (CsbdeepModelFolder.isCsbdeepFolder(path)) {
            return new ModelDirectory.Loaded(CsbdeepImport.read(path), ModelFiles.Kind.FINAL);
        }
        if (BmzImport.isPackage(path)) {
            return new ModelDirectory.Loaded(BmzImport.read(path), ModelFiles.Kind.FINAL);
        }
        return ModelDirectory.load(path);
    }

    /**
     * Loads a model of any supported kind with a given task: a CSBDeep model folder takes {@code task} (its config
     * cannot record IsotropicCARE or UpsamplingCARE, see {@link CsbdeepImport#read(Path, TaskSpec)}); other models
     * record their task, which must then be the same kind. A null {@code task} is {@link #load(Path)}.
     *
     * @throws FileFormatException as {@link #load(Path)}, or naming the model when its recorded task differs
     */
    public static ModelDirectory.Loaded load(Path path, TaskSpec task) throws FileFormatException {
        if (task == null) {
            return load(path);
        }
        if (CsbdeepModelFolder.isCsbdeepFolder(path)) {
            return new ModelDirectory.Loaded(CsbdeepImport.read(path, task), ModelFiles.Kind.FINAL);
        }
        ModelDirectory.Loaded loaded = load(path);
        TaskKind recorded;
        try {
            recorded = CareConfigJson.parse(loaded.config().toString(), path + " (config.json)").task().kind();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new FileFormatException(path, "has no valid CARE config: " + e.getMessage());
        }
        if (recorded != task.kind()) {
            throw new FileFormatException(path, "records the task " + recorded.jsonName() + ", not "
                    + task.kind().jsonName() + "; a task is given only for CSBDeep model folders, whose config.json"
                    + " cannot record IsotropicCARE or UpsamplingCARE");
        }
        return loaded;
    }
}
