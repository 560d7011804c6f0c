package org.jcare.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.LaplaceReadouts;

/**
 * Extra outputs of a probabilistic network, asked for with {@code --probabilistic-outputs}: the per-pixel Laplace
 * scale, variance, standard deviation, entropy, central intervals and random samples ({@link LaplaceReadouts}). Each
 * readout becomes images named with a suffix after the output's base name: {@code _scale}, {@code _var},
 * {@code _std}, {@code _entropy}, {@code _interval90_lower} and {@code _interval90_upper}, {@code _sample1} ...
 */
final class ProbabilisticOutputs {
    /** The readouts this spec asks for, in the given order. */
    private final List<String> readouts;
    private final int samples;

    private ProbabilisticOutputs(List<String> readouts, int samples) {
        this.readouts = readouts;
        this.samples = samples;
    }

    /** No extra outputs. */
    static final ProbabilisticOutputs NONE = new ProbabilisticOutputs(List.of(), 0);

    /**
     * Parses {@code scale,var,std,entropy,interval90,samples:5} (any subset, any order).
     *
     * @throws BadInputException naming the entry that is not understood
     */
    static ProbabilisticOutputs parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<String> r = new ArrayList<>();
        int samples = 0;
        for (String raw : spec.split(",")) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            if (s.equals("scale") || s.equals("var") || s.equals("std") || s.equals("entropy")) {
                r.add(s);
            } else if (s.matches("interval\\d{1,2}(\\.\\d+)?")) {
                double c = Double.parseDouble(s.substring("interval".length()));
                if (!(c > 0 && c < 100)) {
                    throw bad(raw, "the interval's probability must be between 0 and 100 percent");
                }
                r.add(s);
            } else if (s.matches("samples?(:\\d+)?")) {
                int n = s.contains(":") ? Integer.parseInt(s.substring(s.indexOf(':') + 1)) : 1;
                if (n < 1 || n > 1000) {
                    throw bad(raw, "ask for 1 to 1000 samples");
                }
                samples = n;
            } else {
                throw bad(raw, "unknown");
            }
        }
        return new ProbabilisticOutputs(List.copyOf(r), samples);
    }

    private static BadInputException bad(String entry, String why) {
        return new BadInputException("--probabilistic-outputs entry '" + entry.trim() + "': " + why + "; use any of"
                + " scale, var, std, entropy, interval90 (or another percentage), samples:N");
    }

    /** True when nothing extra is asked for. */
    boolean isEmpty() {
        return readouts.isEmpty() && samples == 0;
    }

    /** The name suffixes of every extra image, in output order. */
    List<String> suffixes() {
        List<String> out = new ArrayList<>();
        for (String r : readouts) {
            if (r.startsWith("interval")) {
                out.add("_" + r + "_lower");
                out.add("_" + r + "_upper");
            } else {
                out.add("_" + r);
            }
        }
        for (int k = 1; k <= samples; k++) {
            out.add("_sample" + k);
        }
        return out;
    }

    /**
     * The extra images by suffix, computed from the restoration's mean and scale (same axes and shape).
     *
     * @param seed seeds the samples (sample k of plane p draws from its own stream)
     */
    Map<String, FloatImage> compute(FloatImage mean, FloatImage scale, long seed) {
        Map<String, FloatImage> out = new LinkedHashMap<>();
        for (String r : readouts) {
            if (r.startsWith("interval")) {
                double c = Double.parseDouble(r.substring("interval".length())) / 100;
                FloatImage lo = like(mean);
                FloatImage hi = like(mean);
                for (int p = 0; p < mean.planeCount(); p++) {
                    float[][] iv = LaplaceReadouts.interval(mean.plane(p), scale.plane(p), c);
                    System.arraycopy(iv[0], 0, lo.plane(p), 0, iv[0].length);
                    System.arraycopy(iv[1], 0, hi.plane(p), 0, iv[1].length);
                }
                out.put("_" + r + "_lower", lo);
                out.put("_" + r + "_upper", hi);
                continue;
            }
            FloatImage img = like(mean);
            for (int p = 0; p < mean.planeCount(); p++) {
                float[] b = scale.plane(p);
                float[] v = switch (r) {
                    case "scale" -> b.clone();
                    case "var" -> LaplaceReadouts.variance(b);
                    case "std" -> LaplaceReadouts.std(b);
                    default -> LaplaceReadouts.entropy(b);
                };
                System.arraycopy(v, 0, img.plane(p), 0, v.length);
            }
            out.put("_" + r, img);
        }
        for (int k = 1; k <= samples; k++) {
            FloatImage img = like(mean);
            for (int p = 0; p < mean.planeCount(); p++) {
                long s = seed * 1_000_003L + k * 65_537L + p;
                float[] v = LaplaceReadouts.sample(mean.plane(p), scale.plane(p), s);
                System.arraycopy(v, 0, img.plane(p), 0, v.length);
            }
            out.put("_sample" + k, img);
        }
        return out;
    }

    private static FloatImage like(FloatImage m) {
        return FloatImage.zeros(m.axes().letters(), m.shape()).withCalibration(m.calibration());
    }
}
