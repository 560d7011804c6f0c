package org.jcare.cli;

import java.util.Arrays;
import java.util.Locale;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictOptions;
import picocli.CommandLine.Option;

/** How images are restored: axes, tiling and normalization (shared by {@code predict} and {@code evaluate}). */
final class RestoreOptions {
    @Option(names = "--axes", paramLabel = "AXES",
            description = "Axes of the input images, for example ZYX or CYX, overriding the file's metadata"
                    + " (ImageJ/OME). Default: from the file.")
    String axes;

    @Option(names = "--tiles", paramLabel = "auto|N,N[,N]", defaultValue = "auto",
            description = "Tiles per spatial axis (Z,Y,X or Y,X; like CSBDeep's n_tiles), or auto to plan them from"
                    + " the device memory (default: ${DEFAULT-VALUE}).")
    String tiles;

    @Option(names = "--norm", paramLabel = "percentile|none", defaultValue = "percentile",
            description = "Input normalization: percentile (CSBDeep: per channel, undone on the output) or none"
                    + " (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--pmin", paramLabel = "P", defaultValue = "" + PercentileNormalizer.DEFAULT_PMIN,
            description = "Low percentile of the normalization (default: ${DEFAULT-VALUE}).")
    double pmin;

    @Option(names = "--pmax", paramLabel = "P", defaultValue = "" + PercentileNormalizer.DEFAULT_PMAX,
            description = "High percentile of the normalization (default: ${DEFAULT-VALUE}).")
    double pmax;

    @Option(names = "--non-finite", paramLabel = "refuse|fill", defaultValue = "refuse",
            description = "Images with NaN or infinite pixels: refuse (default; one such pixel would make the whole"
                    + " restoration NaN) or fill (percentiles over the finite pixels, non-finite ones given the low"
                    + " percentile for the network and set back to NaN in the output at exactly those pixels).")
    String nonFinite;

    /**
     * Whether non-finite pixels are filled (true) or refused (false).
     *
     * @throws BadInputException for another value
     */
    boolean fillNonFinite() {
        String v = nonFinite == null ? "refuse" : nonFinite.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("refuse") && !v.equals("fill")) {
            throw new BadInputException("--non-finite " + nonFinite + ": unknown; use refuse or fill");
        }
        return v.equals("fill");
    }

    /** The axes override, or null. */
    String axesOverride() {
        return axes == null || axes.isBlank() ? null : axes.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The prediction options.
     *
     * @param nDim spatial axes of the network (2 or 3), to check per-axis tile counts
     * @throws BadInputException naming the option when a value is invalid
     */
    PredictOptions toPredictOptions(int nDim) {
        String n = norm.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("percentile") && !n.equals("none")) {
            throw new BadInputException("--norm " + norm + ": unknown; use percentile or none");
        }
        if (!(pmin >= 0 && pmin < pmax && pmax <= 100)) {
            throw new BadInputException("--pmin " + pmin + " and --pmax " + pmax + " must satisfy"
                    + " 0 <= pmin < pmax <= 100");
        }
        PredictOptions o = PredictOptions.defaults().withPercentiles(pmin, pmax);
        if (n.equals("none")) {
            o = o.withoutNormalization();
        }
        int[] t = tileCounts();
        if (t != null) {
            if (t.length != nDim) {
                throw new BadInputException("--tiles " + tiles + " has " + t.length + " entries but the model has "
                        + nDim + " spatial axes (" + (nDim == 3 ? "Z,Y,X" : "Y,X") + ")");
            }
            o = o.withTiles(t);
        }
        return o;
    }

    /** The per-axis tile counts, or null for auto. */
    int[] tileCounts() {
        String t = tiles.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return null;
        }
        try {
            return IntList.parse(t);
        } catch (RuntimeException e) {
            throw new BadInputException("--tiles " + tiles + ": use auto or one count per spatial axis, such as 2,4,4");
        }
    }

    /** Tile counts in words. */
    static String describe(int[] tilesPerAxis) {
        return Arrays.stream(tilesPerAxis).mapToObj(Integer::toString).reduce((a, b) -> a + "x" + b).orElse("1");
    }
}
