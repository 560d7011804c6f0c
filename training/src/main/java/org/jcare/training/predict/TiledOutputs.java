package org.jcare.training.predict;

import java.util.List;
import org.jcare.io.image.FloatImage;

/**
 * The images a {@link TileProgram} produced over a whole image, in the order of its {@link TileProgram#outputs()}.
 *
 * @param images       the images, with the input's axes and the channel axis sized to each output
 * @param tilesPerAxis tiles used per spatial axis
 */
public record TiledOutputs(List<FloatImage> images, int[] tilesPerAxis) {
}
