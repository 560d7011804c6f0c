package org.jcare.training.interop;

import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.keras.CsbdeepModelFolder;

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
}
