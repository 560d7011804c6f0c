package org.jcare.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.training.ensemble.MixtureImages;

/**
 * The calibration of a probabilistic model, or of each member of an ensemble and of their mixture, on images with
 * ground truth, following the CARE paper's evaluation protocol: the ground truth normalized with its 0.1 and 99.9
 * percentiles ({@link Metrics#normalizeGroundTruth}), the prediction's mean fitted to it by least squares,
 * {@code alpha x + beta} ({@link Metrics#fitLeastSquares}), and the whole predictive distribution mapped by the same
 * affine map (locations {@code alpha mu + beta}, scales {@code |alpha| b}), so that calibration is judged in the
 * units the paper's metrics use. Each member alone is fitted on its own mean, the mixture on the mixture mean (one
 * map for all its members, which keeps the mixture's shape). Pixels of all images are pooled; every model is reported
 * on all pixels and on the foreground ({@link ForegroundMask} of the normalized ground truth).
 *
 * <p>Recalibration factors are applied as prediction applies them (each member its own, the mixture the ensemble's);
 * with {@code withRaw}, a factor other than 1 adds a row of the same model without it, for before/after comparisons.
 */
public final class CalibrationReport {
    private final Engine engine;
    private final int members;
    private final double[] memberFactors;
    private final double ensembleFactor;
    private final Map<String, Pooled> variants = new LinkedHashMap<>();

    /**
     * One row of the report.
     *
     * @param model  "model", "member 1", ..., "ensemble", with " (raw)" for a recalibrated one without its factor
     * @param pixels "all" or "foreground"
     * @param result the calibration
     */
    public record Row(String model, String pixels, Calibration.Result result) {
    }

    /**
     * A report over {@code memberFactors.length} members (1: a single model).
     *
     * @param memberFactors  each member's own scale factor (1 for none)
     * @param ensembleFactor the mixture's scale factor (ignored for a single model)
     * @param withRaw        also report recalibrated models without their factor
     */
    public CalibrationReport(Engine engine, double[] memberFactors, double ensembleFactor, boolean withRaw) {
        this.engine = engine;
        this.members = memberFactors.length;
        this.memberFactors = memberFactors.clone();
        this.ensembleFactor = ensembleFactor;
        for (int k = 0; k < members; k++) {
            String name = members == 1 ? "model" : "member " + (k + 1);
            if (withRaw && memberFactors[k] != 1) {
                variants.put(name + " (raw)", new Pooled());
            }
            variants.put(name, new Pooled());
        }
        if (members > 1) {
            if (withRaw && ensembleFactor != 1) {
                variants.put("ensemble (raw)", new Pooled());
            }
            variants.put("ensemble", new Pooled());
        }
    }

    /**
     * Predictions brought to the protocol's units: the normalized ground truth, and the members' locations and scales
     * after the least-squares map of their mean (of each member's own mean, or of the mixture mean for all members).
     *
     * @param truth the normalized ground truth
     * @param mu    the mapped locations, per member
     * @param b     the mapped scales, per member
     */
    public record ProtocolUnits(float[] truth, float[][] mu, float[][] b) {
        /**
         * Maps one image's raw predictions.
         *
         * @param mixture one map fitted on the mean of all members (the ensemble), else one per member
         */
        public static ProtocolUnits of(float[] groundTruth, float[][] mu, float[][] b, boolean mixture) {
            float[] gt = Metrics.normalizeGroundTruth(groundTruth);
            int m = mu.length;
            float[][] mus = new float[m][];
            float[][] bs = new float[m][];
            double[] joint = null;
            if (mixture) {
                float[] mean = new float[gt.length];
                for (float[] x : mu) {
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] += x[i] / m;
                    }
                }
                joint = Metrics.fitLeastSquares(mean, gt);
            }
            for (int k = 0; k < m; k++) {
                double[] fit = mixture ? joint : Metrics.fitLeastSquares(mu[k], gt);
                mus[k] = affine(mu[k], fit);
                bs[k] = scaled(b[k], Math.abs(fit[0]));
            }
            return new ProtocolUnits(gt, mus, bs);
        }
    }

    /**
     * Adds one image: its ground truth and each member's mean and Laplace scale, in raw units (what prediction
     * writes) and without recalibration factors, flattened alike.
     */
    public void add(float[] groundTruth, float[][] mu, float[][] b) {
        if (mu.length != members || b.length != members) {
            throw new IllegalArgumentException("calibration: " + members + " members expected, got " + mu.length
                    + " means and " + b.length + " scales");
        }
        ProtocolUnits alone = ProtocolUnits.of(groundTruth, mu, b, false);
        float[] gt = alone.truth();
        boolean[] fg = ForegroundMask.of(gt);
        for (int k = 0; k < members; k++) {
            String name = members == 1 ? "model" : "member " + (k + 1);
            if (variants.containsKey(name + " (raw)")) {
                variants.get(name + " (raw)").add(Calibration.laplacePit(alone.mu()[k], alone.b()[k], gt), fg);
            }
            variants.get(name).add(Calibration.laplacePit(alone.mu()[k], scaled(alone.b()[k], memberFactors[k]),
                    gt), fg);
        }
        if (members > 1) {
            ProtocolUnits mix = ProtocolUnits.of(groundTruth, mu, b, true);
            if (variants.containsKey("ensemble (raw)")) {
                variants.get("ensemble (raw)").add(MixtureImages.cdf(engine, mix.mu(), mix.b(), factors(1), gt), fg);
            }
            variants.get("ensemble").add(MixtureImages.cdf(engine, mix.mu(), mix.b(), factors(ensembleFactor), gt),
                    fg);
        }
    }

    /** Every model on all pixels and on the foreground. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Pooled> e : variants.entrySet()) {
            float[] pit = e.getValue().pit();
            boolean[] fg = e.getValue().foreground();
            rows.add(new Row(e.getKey(), "all", Calibration.of(pit, null)));
            rows.add(new Row(e.getKey(), "foreground", Calibration.of(pit, fg)));
        }
        return rows;
    }

    /** The rows as CSV: model, pixels, count, ECE, QCE, mean gap, then the coverage at every level. */
    public static String csv(List<Row> rows) {
        StringBuilder s = new StringBuilder("model,pixels,count,ece,qce,mean_gap");
        for (double c : Calibration.LEVELS) {
            s.append(String.format(Locale.ROOT, ",coverage_%.2f", c));
        }
        s.append('\n');
        for (Row r : rows) {
            Calibration.Result c = r.result();
            s.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%.6f", r.model(), r.pixels(), c.pixels(), c.ece(),
                    c.qce(), c.meanGap()));
            for (double v : c.coverage()) {
                s.append(String.format(Locale.ROOT, ",%.6f", v));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The rows as an aligned table for a terminal. */
    public static String table(List<Row> rows) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-22s %-11s %9s %8s %8s %9s  %s%n", "model",
                "pixels", "count", "ECE", "QCE", "mean gap", "coverage at 50% / 90%"));
        for (Row r : rows) {
            Calibration.Result c = r.result();
            s.append(String.format(Locale.ROOT, "%-22s %-11s %9d %8.4f %8.4f %+9.4f  %.3f / %.3f%n", r.model(),
                    r.pixels(), c.pixels(), c.ece(), c.qce(), c.meanGap(), c.coverage()[9], c.coverage()[17]));
        }
        return s.toString();
    }

    private float[] factors(double f) {
        float[] out = new float[members];
        Arrays.fill(out, (float) f);
        return out;
    }

    private static float[] affine(float[] x, double[] fit) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (fit[0] * x[i] + fit[1]);
        }
        return out;
    }

    private static float[] scaled(float[] b, double factor) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (float) (b[i] * factor);
        }
        return out;
    }

    /** The cdf values and foreground flags of every image added so far. */
    private static final class Pooled {
        private final List<float[]> pits = new ArrayList<>();
        private final List<boolean[]> masks = new ArrayList<>();

        void add(float[] pit, boolean[] fg) {
            pits.add(pit);
            masks.add(fg);
        }

        float[] pit() {
            int n = pits.stream().mapToInt(p -> p.length).sum();
            float[] out = new float[n];
            int at = 0;
            for (float[] p : pits) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }

        boolean[] foreground() {
            int n = masks.stream().mapToInt(p -> p.length).sum();
            boolean[] out = new boolean[n];
            int at = 0;
            for (boolean[] p : masks) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
