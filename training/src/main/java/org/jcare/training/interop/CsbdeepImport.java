package org.jcare.training.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNetSpec;

/**
 * A CSBDeep model folder ({@code config.json} + {@code weights_best.h5} / {@code weights_last.h5}) as a jcare model:
 * the config parsed as jcare's {@link CareConfig} (CSBDeep's fields mean the same), the Keras weights CSBDeep would
 * load mapped onto jcare's tensors ({@link CsbdeepModelFolder}). Needs no device.
 *
 * <p>Covered: CARE (standard), probabilistic CARE, ProjectionCARE (a config with {@code proj_*} fields: the projection
 * network and its 2D denoiser, loaded into jcare's projection network by the names of {@link ProjectionLayout}), and
 * IsotropicCARE and UpsamplingCARE models. Those two are plain U-Nets whose {@code config.json} records no task (the
 * Python class that trained them is the only record, and the factor is a prediction argument), so they load as
 * standard models unless the caller names the task ({@link #read(Path, TaskSpec)}; {@code --task isotropic --factor F}
 * on the command line).
 */
public final class CsbdeepImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CsbdeepImport() {
    }

    /**
     * Reads a CSBDeep model folder as jcare model files (config with a jcare section, the chosen weights as final), with
     * the task its config describes (projection for a ProjectionConfig, else standard).
     *
     * @throws FileFormatException naming the file, layer or dataset that does not fit
     */
    public static ModelFiles read(Path dir) throws FileFormatException {
        return read(dir, null);
    }

    /**
     * Reads a CSBDeep model folder as jcare model files with the task {@code task} (isotropic or upsampling with their
     * factor, which a CSBDeep config cannot record), or the config's own when {@code task} is null.
     *
     * @throws FileFormatException naming the file, layer or dataset that does not fit, or when {@code task} does not
     *                             fit the config (a projection task without proj_* fields, an isotropic task on a 3D
     *                             network, any other task on a ProjectionCARE config)
     */
    public static ModelFiles read(Path dir, TaskSpec task) throws FileFormatException {
        CsbdeepModelFolder.Imported m = CsbdeepModelFolder.read(dir);
        Path configFile = dir.resolve("config.json");
        CareConfig config;
        try {
            config = CareConfigJson.parse(m.config().toString(), configFile.toString());
        } catch (IOException | IllegalArgumentException e) {
            throw new FileFormatException(configFile, "is not a valid CARE config: " + e.getMessage());
        }
        config = withTask(config, task, configFile);
        checkStructure(config, m, configFile);
        ObjectNode json;
        try {
            json = (ObjectNode) JSON.readTree(CareConfigJson.toJson(config));
        } catch (IOException e) {
            throw new IllegalStateException("jcare's own config JSON did not parse", e);
        }
        return ModelFiles.of(json, m.tensors());
    }

    /** True when the CSBDeep folder's config is a ProjectionConfig (then its task is known). */
    public static boolean recordsItsTask(Path dir) throws FileFormatException {
        Path configFile = dir.resolve("config.json");
        try {
            return JSON.readTree(configFile.toFile()).has("proj_n_depth");
        } catch (IOException e) {
            throw new FileFormatException(configFile, "is not valid JSON", e);
        }
    }

    private static CareConfig withTask(CareConfig config, TaskSpec task, Path configFile) throws FileFormatException {
        TaskKind own = config.task().kind();
        if (task == null || task.kind() == own) {
            return task == null || task.kind() == TaskKind.PROJECTION ? config : config.toBuilder().task(task).build();
        }
        if (own == TaskKind.PROJECTION) {
            throw new FileFormatException(configFile, "describes a ProjectionCARE model (proj_* fields); it cannot be"
                    + " used as a " + task.kind().jsonName() + " model (leave out --task)");
        }
        if (task.kind() == TaskKind.PROJECTION) {
            throw new FileFormatException(configFile, "has no proj_* fields, so it is not a ProjectionCARE model;"
                    + " --task projection needs a ProjectionConfig");
        }
        try {
            return config.toBuilder().task(task).build();
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(configFile, "cannot be a " + task.kind().jsonName() + " model: "
                    + e.getMessage().replace('\n', ' ') + (task.kind() == TaskKind.ISOTROPIC
                    ? " (IsotropicCARE trains a 2D network: axes YX(C))" : task.kind() == TaskKind.UPSAMPLING
                    ? " (UpsamplingCARE trains a 3D network: axes ZYX(C))" : ""));
        }
    }

    /** The networks read from the weights must be the ones jcare builds from the parsed config. */
    private static void checkStructure(CareConfig config, CsbdeepModelFolder.Imported m, Path configFile)
            throws FileFormatException {
        boolean projection = config.task().kind() == TaskKind.PROJECTION;
        UNetLayout fromConfig = Layouts.of(projection ? ProjectionSpec.fromConfig(config).denoiser()
                : UNetSpec.fromConfig(config));
        UNetLayout read = CsbdeepModelFolder.unetLayout(m.config(), configFile, projection);
        if (!fromConfig.equals(read)) {
            throw new FileFormatException(configFile, "describes " + read + " in CSBDeep's terms but " + fromConfig
                    + " in jcare's; please report this config");
        }
        Optional<ProjectionLayout> jcare = projection
                ? Optional.of(Layouts.projection(ProjectionSpec.fromConfig(config))) : Optional.empty();
        if (!jcare.equals(m.projection())) {
            throw new FileFormatException(configFile, "describes the projection network " + m.projection()
                    .map(Object::toString).orElse("(none)") + " in CSBDeep's terms but " + jcare.map(Object::toString)
                    .orElse("(none)") + " in jcare's; please report this config");
        }
    }
}
