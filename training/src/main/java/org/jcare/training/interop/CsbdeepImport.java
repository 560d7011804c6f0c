package org.jcare.training.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.model.UNetSpec;

/**
 * A CSBDeep model folder ({@code config.json} + {@code weights_best.h5} / {@code weights_last.h5}) as a jcare model:
 * the config parsed as jcare's {@link CareConfig} (CSBDeep's fields mean the same), the Keras weights CSBDeep would
 * load mapped onto jcare's tensors ({@link CsbdeepModelFolder}). Needs no device.
 *
 * <p>Covered: CARE (standard), probabilistic CARE, and IsotropicCARE and UpsamplingCARE models, whose networks are the
 * same U-Net (their config has no extra field; the factor is given at prediction, as in CSBDeep). A ProjectionCARE
 * model's weights are read and mapped (projection network and 2D denoiser, {@link CsbdeepModelFolder}), but jcare
 * has no projection network to run them yet, so it is refused with a message that says so.
 */
public final class CsbdeepImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CsbdeepImport() {
    }

    /**
     * Reads a CSBDeep model folder as jcare model files (config with a jcare section, the chosen weights as final).
     *
     * @throws FileFormatException naming the file, layer or dataset that does not fit
     */
    public static ModelFiles read(Path dir) throws FileFormatException {
        CsbdeepModelFolder.Imported m = CsbdeepModelFolder.read(dir);
        Path configFile = dir.resolve("config.json");
        if (m.projection().isPresent()) {
            throw new FileFormatException(configFile, "describes a ProjectionCARE model (proj_* fields): its weights "
                    + "in " + m.weightFile().getFileName() + " are readable, but this jcare has no projection network"
                    + " to run them; use CSBDeep for it");
        }
        CareConfig config;
        try {
            config = CareConfigJson.parse(m.config().toString(), configFile.toString());
        } catch (IOException e) {
            throw new FileFormatException(configFile, "is not a valid CARE config: " + e.getMessage());
        }
        UNetLayout fromConfig = Layouts.of(UNetSpec.fromConfig(config));
        UNetLayout read = CsbdeepModelFolder.unetLayout(m.config(), configFile, false);
        if (!fromConfig.equals(read)) {
            throw new FileFormatException(configFile, "describes " + read + " in CSBDeep's terms but " + fromConfig
                    + " in jcare's; please report this config");
        }
        ObjectNode json;
        try {
            json = (ObjectNode) JSON.readTree(CareConfigJson.toJson(config));
        } catch (IOException e) {
            throw new IllegalStateException("jcare's own config JSON did not parse", e);
        }
        return ModelFiles.of(json, m.tensors());
    }
}
