package org.jcare.training.interop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;

/**
 * A model to export, read without a device: its network ({@link UNetLayout}, and for CSBDeep's ProjectionCARE the
 * {@link ProjectionLayout} before it), its weights as jcare tensors and its config.
 *
 * @param path       where it was read from
 * @param config     its config.json
 * @param unet       the U-Net (a ProjectionCARE's 2D denoiser)
 * @param projection the projection network of a ProjectionCARE model
 * @param tensors    the weights
 */
public record ExportSource(Path path, ObjectNode config, UNetLayout unet, Optional<ProjectionLayout> projection,
                           SortedMap<String, TensorData> tensors) {
    /**
     * Reads a jcare model folder or zip (any task: a projection model's projection network and denoiser), a CSBDeep
     * model folder (ProjectionCARE included) or a Model Zoo package.
     *
     * @throws FileFormatException naming the file when it is not a model or does not fit its config
     */
    public static ExportSource read(Path model) throws FileFormatException {
        if (CsbdeepModelFolder.isCsbdeepFolder(model)) {
            CsbdeepModelFolder.Imported m = CsbdeepModelFolder.read(model);
            UNetLayout unet = CsbdeepModelFolder.unetLayout(m.config(), model.resolve("config.json"),
                    m.projection().isPresent());
            return new ExportSource(model, m.config(), unet, m.projection(), m.tensors());
        }
        ModelDirectory.Loaded loaded = ModelSources.load(model);
        CareConfig config;
        try {
            config = CareConfigJson.parse(loaded.config().toString(), model.resolve("config.json").toString());
        } catch (IOException e) {
            throw new FileFormatException(model.resolve("config.json"), "is not a valid CARE config: " + e.getMessage());
        }
        return new ExportSource(model, loaded.config(), Layouts.unet(config), Layouts.projection(config),
                loaded.weights());
    }

    /** The spatial rank of the input: 3 for a ProjectionCARE stack, else the U-Net's. */
    public int inputRank() {
        return projection.isPresent() ? 3 : unet.nDim();
    }

    /** Channels of the input. */
    public int inputChannels() {
        return projection.map(ProjectionLayout::channelsIn).orElse(unet.channelsIn());
    }
}
