package org.jcare.training.ensemble;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcare.io.image.FloatImage;

/**
 * The readouts of an ensemble restoration by name ({@link EnsembleReadouts#outputs}: {@code mean}, {@code std},
 * {@code disagreement}, ...), each with the input's axes and the channel axis sized to the members' output.
 *
 * @param images       the images, in the readouts' order
 * @param tilesPerAxis tiles used per spatial axis
 * @param members      the ensemble's size M
 */
public record EnsembleRestoration(Map<String, FloatImage> images, int[] tilesPerAxis, int members) {
    /** Keeps the order and makes the map read-only. */
    public EnsembleRestoration {
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /** The mixture mean: the restoration. */
    public FloatImage mean() {
        return get("mean");
    }

    /**
     * The readout {@code name}.
     *
     * @throws IllegalArgumentException when it was not asked for
     */
    public FloatImage get(String name) {
        FloatImage img = images.get(name);
        if (img == null) {
            throw new IllegalArgumentException("no readout '" + name + "' in this restoration; it has "
                    + images.keySet());
        }
        return img;
    }

    /** Whether the readout {@code name} was computed. */
    public boolean has(String name) {
        return images.containsKey(name);
    }
}
