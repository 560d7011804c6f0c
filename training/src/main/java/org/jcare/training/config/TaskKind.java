package org.jcare.training.config;

import java.util.Locale;

/**
 * The restoration a CARE model was trained for (the tasks of the CARE paper). A task is data in the model's config:
 * everything else (network, training loop, tiling) is shared, and only its degradation, network and predictor differ.
 */
public enum TaskKind {
    /** Pairs of low- and high-quality images of the same size: denoising, deconvolution (CSBDeep's {@code CARE}). */
    STANDARD,
    /**
     * Isotropic restoration of an anisotropic stack (CSBDeep's {@code IsotropicCARE}): a 2D network trained on lateral
     * slices degraded like the axial direction, applied to YZ and XZ slices of the stack upsampled along Z.
     */
    ISOTROPIC,
    /** Axial upsampling of a stack with fewer slices (CSBDeep's {@code UpsamplingCARE}): a 3D network after zooming Z. */
    UPSAMPLING,
    /**
     * Joint surface projection and denoising (CSBDeep's {@code ProjectionCARE}): a 3D network that weights the stack
     * along Z (softmax) and sums it, followed by a 2D U-Net.
     */
    PROJECTION;

    /** The name used in config.json and on the command line: standard, isotropic, upsampling, projection. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the tasks whose prediction upsamples Z by a factor (isotropic, upsampling). */
    public boolean hasFactor() {
        return this == ISOTROPIC || this == UPSAMPLING;
    }

    /**
     * The task named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known tasks
     */
    public static TaskKind parse(String name) {
        if (name != null) {
            for (TaskKind k : values()) {
                if (k.jsonName().equalsIgnoreCase(name.trim())) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "': use standard, isotropic, upsampling or"
                + " projection");
    }
}
