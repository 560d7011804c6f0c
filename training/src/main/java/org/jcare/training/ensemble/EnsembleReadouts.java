package org.jcare.training.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.kernels.mixture.Mixture;
import org.jcare.training.predict.TileOutput;
import org.jcare.training.predict.TileOutput.Undo;

/**
 * Which per-pixel readouts an ensemble restoration produces besides the mean (the mixture mean, or the mean of plain
 * members): variance, standard deviation, central intervals, samples, the disagreement D, and the members' own
 * predictions. The images come in a fixed order, named as the files the CLI writes:
 * {@code mean, var, std, interval90_lower, interval90_upper, ..., sample1, ..., disagreement, disagreement_norm,
 * member1_mean, ..., member1_scale, ...}.
 *
 * @param variance     the mixture variance ({@code var})
 * @param std          its square root ({@code std})
 * @param intervals    central interval probabilities in (0, 1), for example 0.9: lower and upper bounds each
 * @param samples      random samples per pixel (member, then its Laplace), 0 for none
 * @param sampleSeed   the seed of the samples
 * @param disagreement D in nats ({@code disagreement}) and D / ln M ({@code disagreement_norm})
 * @param members      every member's mean (and scale, for probabilistic members) as images of their own
 */
public record EnsembleReadouts(boolean variance, boolean std, double[] intervals, int samples, long sampleSeed,
                               boolean disagreement, boolean members) {
    /** Checks the levels and counts. */
    public EnsembleReadouts {
        intervals = intervals == null ? new double[0] : intervals.clone();
        for (double c : intervals) {
            if (!(c > 0 && c < 1)) {
                throw new IllegalArgumentException("interval probability " + c + " is outside (0, 1)");
            }
        }
        if (samples < 0 || samples > Mixture.MAX_SAMPLES) {
            throw new IllegalArgumentException("ask for 0 to " + Mixture.MAX_SAMPLES + " samples, got " + samples);
        }
    }

    /** The mean only. */
    public static final EnsembleReadouts MEAN = new EnsembleReadouts(false, false, null, 0, 0, false, false);

    /** What {@code jcare predict} writes for an ensemble by default: the standard deviation and D. */
    public static EnsembleReadouts standard() {
        return new EnsembleReadouts(false, true, null, 0, 0, true, false);
    }

    /** The members' own predictions only (calibration of each member and of the mixture). */
    public static EnsembleReadouts memberPredictions() {
        return new EnsembleReadouts(false, false, null, 0, 0, false, true);
    }

    /**
     * Parses a list such as {@code std,var,interval90,interval50,samples:3,disagreement,members} (any order).
     *
     * @throws IllegalArgumentException naming the entry that is not understood
     */
    public static EnsembleReadouts parse(String spec, long sampleSeed) {
        boolean var = false;
        boolean std = false;
        boolean d = false;
        boolean members = false;
        int samples = 0;
        List<Double> intervals = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            switch (s) {
                case "var" -> var = true;
                case "std" -> std = true;
                case "disagreement", "d" -> d = true;
                case "members" -> members = true;
                default -> {
                    if (s.matches("interval\\d{1,2}(\\.\\d+)?")) {
                        double c = Double.parseDouble(s.substring("interval".length())) / 100;
                        if (!(c > 0 && c < 1)) {
                            throw new IllegalArgumentException("'" + raw.trim() + "': the interval's probability must"
                                    + " be between 0 and 100 percent");
                        }
                        intervals.add(c);
                    } else if (s.matches("samples?(:\\d+)?")) {
                        samples = s.contains(":") ? Integer.parseInt(s.substring(s.indexOf(':') + 1)) : 1;
                        if (samples < 1 || samples > Mixture.MAX_SAMPLES) {
                            throw new IllegalArgumentException("'" + raw.trim() + "': ask for 1 to "
                                    + Mixture.MAX_SAMPLES + " samples");
                        }
                    } else {
                        throw new IllegalArgumentException("'" + raw.trim() + "' is not a readout; use any of std,"
                                + " var, interval90 (or another percentage), samples:N, disagreement, members");
                    }
                }
            }
        }
        return new EnsembleReadouts(var, std, intervals.stream().mapToDouble(Double::doubleValue).toArray(), samples,
                sampleSeed, d, members);
    }

    @Override
    public double[] intervals() {
        return intervals.clone();
    }

    /** True when a readout needs a distribution per member (plain members cannot give it). */
    public boolean needsScales() {
        return intervals.length > 0 || disagreement;
    }

    /** The name of interval {@code c}: "interval90", "interval97.5". */
    public static String intervalName(double c) {
        double pct = c * 100;
        return "interval" + (pct == Math.rint(pct) ? String.valueOf((long) pct)
                : String.valueOf(pct).replaceAll("0+$", ""));
    }

    /**
     * The images, in order, for members with {@code channels} mean channels: name, channels and how normalization is
     * undone on each.
     *
     * @param memberCount   M (for the member images)
     * @param probabilistic whether the members have scales
     */
    public List<TileOutput> outputs(int channels, int memberCount, boolean probabilistic) {
        if (!probabilistic && needsScales()) {
            throw new IllegalArgumentException("intervals and the disagreement D need probabilistic members (trained"
                    + " with --probabilistic); plain members give the mean, variance, std and samples");
        }
        List<TileOutput> out = new ArrayList<>();
        out.add(new TileOutput("mean", channels, Undo.LOCATION));
        if (variance) {
            out.add(new TileOutput("var", channels, Undo.VARIANCE));
        }
        if (std) {
            out.add(new TileOutput("std", channels, Undo.SCALE));
        }
        for (double c : intervals) {
            out.add(new TileOutput(intervalName(c) + "_lower", channels, Undo.LOCATION));
            out.add(new TileOutput(intervalName(c) + "_upper", channels, Undo.LOCATION));
        }
        for (int k = 1; k <= samples; k++) {
            out.add(new TileOutput("sample" + k, channels, Undo.LOCATION));
        }
        if (disagreement) {
            out.add(new TileOutput("disagreement", channels, Undo.NONE));
            out.add(new TileOutput("disagreement_norm", channels, Undo.NONE));
        }
        if (members) {
            for (int m = 1; m <= memberCount; m++) {
                out.add(new TileOutput("member" + m + "_mean", channels, Undo.LOCATION));
            }
            if (probabilistic) {
                for (int m = 1; m <= memberCount; m++) {
                    out.add(new TileOutput("member" + m + "_scale", channels, Undo.SCALE));
                }
            }
        }
        return out;
    }

    /** The quantile levels of the intervals: (1 - c) / 2 and (1 + c) / 2 for each c, as float32. */
    float[] quantileLevels() {
        float[] l = new float[2 * intervals.length];
        for (int k = 0; k < intervals.length; k++) {
            l[2 * k] = (float) ((1 - intervals[k]) / 2);
            l[2 * k + 1] = (float) ((1 + intervals[k]) / 2);
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnsembleReadouts r && variance == r.variance && std == r.std
                && Arrays.equals(intervals, r.intervals) && samples == r.samples && sampleSeed == r.sampleSeed
                && disagreement == r.disagreement && members == r.members;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(intervals) * 31 + samples;
    }
}
