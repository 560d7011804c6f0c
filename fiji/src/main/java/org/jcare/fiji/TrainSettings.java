package org.jcare.fiji;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What {@code Plugins > jcare > Train...} does: a pair of open images (low and high quality, same size), patches cut
 * from them, a CARE network of CSBDeep's config fields trained and saved as a model folder. Recorded as, for example,
 * {@code run("Train...", "source=low.tif target=high.tif model=[/models/m] patch_size=64 patches_per_image=200
 * epochs=10 steps_per_epoch=100 batch_size=16 unet_n_first=32 unet_n_depth=2 unet_kern_size=3 device=auto seed=42")}.
 *
 * @param source          title of the low-quality image
 * @param target          title of the high-quality image
 * @param model           the model folder to write
 * @param patchSize       patch side length (all spatial axes; capped at a stack's depth)
 * @param patchesPerImage patches cut from the pair
 * @param epochs          train_epochs
 * @param stepsPerEpoch   train_steps_per_epoch
 * @param batchSize       train_batch_size
 * @param unetNFirst      unet_n_first
 * @param unetNDepth      unet_n_depth
 * @param unetKernSize    unet_kern_size
 * @param probabilistic   probabilistic (Laplace) network
 * @param device          "auto", gpu, cpu, an index or a name part
 * @param seed            seed of initialization, patches and batches
 */
public record TrainSettings(String source, String target, Path model, int patchSize, int patchesPerImage, int epochs,
                            int stepsPerEpoch, int batchSize, int unetNFirst, int unetNDepth, int unetKernSize,
                            boolean probabilistic, String device, long seed) {
    /** Checks the values. */
    public TrainSettings {
        for (int v : new int[] {patchSize, patchesPerImage, epochs, stepsPerEpoch, batchSize, unetNFirst, unetKernSize}) {
            if (v < 1) {
                throw new IllegalArgumentException("sizes and counts must be >= 1: patch_size " + patchSize
                        + ", patches_per_image " + patchesPerImage + ", epochs " + epochs + ", steps_per_epoch "
                        + stepsPerEpoch + ", batch_size " + batchSize + ", unet_n_first " + unetNFirst
                        + ", unet_kern_size " + unetKernSize);
            }
        }
        if (unetNDepth < 0 || patchSize % (1 << unetNDepth) != 0) {
            throw new IllegalArgumentException("patch_size " + patchSize + " must be a multiple of 2^unet_n_depth = "
                    + (1 << Math.max(0, unetNDepth)));
        }
        device = device == null || device.isBlank() ? "auto" : device.trim();
    }

    /**
     * The settings of a macro call.
     *
     * @throws IllegalArgumentException naming the option that is missing or invalid
     */
    public static TrainSettings fromMacroOptions(String o) {
        return new TrainSettings(MacroOptions.required(o, "source", "title of the low-quality image"),
                MacroOptions.required(o, "target", "title of the high-quality image"),
                Path.of(MacroOptions.required(o, "model", "the model folder to write")),
                MacroOptions.integer(o, "patch_size", 64), MacroOptions.integer(o, "patches_per_image", 200),
                MacroOptions.integer(o, "epochs", 10), MacroOptions.integer(o, "steps_per_epoch", 100),
                MacroOptions.integer(o, "batch_size", 16), MacroOptions.integer(o, "unet_n_first", 32),
                MacroOptions.integer(o, "unet_n_depth", 2), MacroOptions.integer(o, "unet_kern_size", 3),
                MacroOptions.flag(o, "probabilistic"), MacroOptions.string(o, "device", "auto"),
                MacroOptions.integer(o, "seed", 42));
    }

    /** The macro options that reproduce these settings. */
    public String toMacroOptions() {
        String s = String.join(" ", Arrays.asList(MacroOptions.pair("source", source), MacroOptions.pair("target", target),
                MacroOptions.pair("model", model), MacroOptions.pair("patch_size", patchSize),
                MacroOptions.pair("patches_per_image", patchesPerImage), MacroOptions.pair("epochs", epochs),
                MacroOptions.pair("steps_per_epoch", stepsPerEpoch), MacroOptions.pair("batch_size", batchSize),
                MacroOptions.pair("unet_n_first", unetNFirst), MacroOptions.pair("unet_n_depth", unetNDepth),
                MacroOptions.pair("unet_kern_size", unetKernSize)));
        return s + (probabilistic ? " probabilistic" : "") + " " + MacroOptions.pair("device", device) + " "
                + MacroOptions.pair("seed", seed);
    }

    /** The device for {@code Engine.open}: null for "auto". */
    public String deviceSpec() {
        return device.equalsIgnoreCase("auto") ? null : device;
    }
}
