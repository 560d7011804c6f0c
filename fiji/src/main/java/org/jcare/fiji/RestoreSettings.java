package org.jcare.fiji;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictOptions;

/**
 * What {@code Plugins > jcare > Restore...} does, as its dialog asks it and its macro records it:
 * {@code run("Restore...", "model=[/models/denoise] tiles=auto device=auto pmin=2 pmax=99.8")}.
 *
 * @param model  a jcare model folder or zip, a CSBDeep model folder, or a Model Zoo package
 * @param tiles  "auto" (planned from the device's memory) or tile counts per spatial axis, for example "1,4,4"
 * @param device "auto" ($JCARE_DEVICE, else the first GPU, else the first CPU), gpu, cpu, an index or a name part
 * @param pmin   low normalization percentile
 * @param pmax   high normalization percentile
 * @param scale  also show the Laplace scale image of a probabilistic model
 */
public record RestoreSettings(Path model, String tiles, String device, double pmin, double pmax, boolean scale) {
    /** Checks the values. */
    public RestoreSettings {
        tiles = tiles == null || tiles.isBlank() ? "auto" : tiles.trim();
        device = device == null || device.isBlank() ? "auto" : device.trim();
        tileCounts(tiles);
        new PredictOptions(true, pmin, pmax, null, 0); // validates the percentiles with jcare's message
    }

    /**
     * The settings of a macro call ({@code Macro.getOptions()}).
     *
     * @throws IllegalArgumentException naming the option that is missing or invalid
     */
    public static RestoreSettings fromMacroOptions(String options) {
        return new RestoreSettings(Path.of(MacroOptions.required(options, "model", "the model folder or zip")),
                MacroOptions.string(options, "tiles", "auto"), MacroOptions.string(options, "device", "auto"),
                MacroOptions.number(options, "pmin", PercentileNormalizer.DEFAULT_PMIN),
                MacroOptions.number(options, "pmax", PercentileNormalizer.DEFAULT_PMAX),
                MacroOptions.flag(options, "scale"));
    }

    /** The macro options that reproduce these settings. */
    public String toMacroOptions() {
        List<String> p = new ArrayList<>(List.of(MacroOptions.pair("model", model), MacroOptions.pair("tiles", tiles),
                MacroOptions.pair("device", device), MacroOptions.pair("pmin", MacroOptions.number(pmin)),
                MacroOptions.pair("pmax", MacroOptions.number(pmax))));
        if (scale) {
            p.add("scale");
        }
        return String.join(" ", p);
    }

    /** jcare's prediction options. */
    public PredictOptions predictOptions() {
        PredictOptions o = PredictOptions.defaults().withPercentiles(pmin, pmax);
        int[] t = tileCounts(tiles);
        return t == null ? o : o.withTiles(t);
    }

    /** The device for {@code Engine.open}: null for "auto". */
    public String deviceSpec() {
        return device.equalsIgnoreCase("auto") ? null : device;
    }

    static int[] tileCounts(String tiles) {
        String t = tiles.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return null;
        }
        String[] parts = t.split("[,x ]+");
        int[] out = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i]);
                if (out[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tiles=" + tiles + ": give auto, or tile counts per spatial axis such as"
                    + " 1,4,4");
        }
        return out;
    }
}
