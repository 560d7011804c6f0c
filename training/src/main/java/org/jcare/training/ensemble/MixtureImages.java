package org.jcare.training.ensemble;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.image.FloatImage;
import org.jcare.kernels.mixture.Mixture;
import org.jcare.kernels.mixture.MixtureMembers;
import org.jcare.kernels.mixture.SampleKeys;
import org.jcare.training.predict.TileOutput;

/**
 * Mixture readouts of members given as whole images on the host, computed on the device plane by plane: for
 * predictors that need each member's own restoration before mixing (a task that combines several passes of a
 * network per member, such as the isotropic one, restores the members with {@link EnsembleReadouts#memberPredictions()}
 * through {@link EnsembleTileProgram}, combines per member, and mixes here), and for calibration (the mixture cdf
 * at the true values). The images must be in the same units; nothing is normalized here. Samples are keyed as in
 * the tiled path, so both give the same samples.
 */
public final class MixtureImages {
    /** Pixels per device pass. */
    private static final int CHUNK = 1 << 20;

    private MixtureImages() {
    }

    /**
     * The mixture cdf of every pixel at {@code y}: members {@code mu[m]}, {@code b[m]} (scales times
     * {@code factors[m]}), all of {@code y.length} pixels.
     */
    public static float[] cdf(Engine engine, float[][] mu, float[][] b, float[] factors, float[] y) {
        int m = mu.length;
        for (int k = 0; k < m; k++) {
            if (mu[k].length != y.length || b[k].length != y.length) {
                throw new IllegalArgumentException("mixture cdf: member " + (k + 1) + " has " + mu[k].length
                        + " means and " + b[k].length + " scales for " + y.length + " pixels");
            }
        }
        float[] out = new float[y.length];
        try (Scope s = engine.scope()) {
            Tensor f = engine.tensor(Shape.of(m), factors);
            for (int from = 0; from < y.length; from += CHUNK) {
                int n = Math.min(CHUNK, y.length - from);
                try (Scope chunk = engine.scope()) {
                    Tensor x = engine.tensor(Shape.of(2L * m * n), stack(mu, b, from, n));
                    Tensor yy = engine.tensor(Shape.of(n), java.util.Arrays.copyOfRange(y, from, from + n));
                    Tensor o = engine.empty(Shape.of(n));
                    Mixture.cdf(o, MixtureMembers.stacked(x, f, m, n, true), yy);
                    System.arraycopy(o.toArray(), 0, out, from, n);
                }
            }
        }
        return out;
    }

    /**
     * The readouts of {@code spec} of members given as images of one shape (axes ending in YX; Z is a spatial axis
     * when {@code nDim} is 3, otherwise images are restored plane after plane), named as
     * {@link EnsembleReadouts#outputs}.
     *
     * @param scales  the members' scales, or null for plain members
     * @param factors per member, the factor of its scales
     */
    public static Map<String, FloatImage> readouts(Engine engine, List<FloatImage> means, List<FloatImage> scales,
                                                   float[] factors, EnsembleReadouts spec, int nDim) {
        int m = means.size();
        boolean probabilistic = scales != null;
        FloatImage first = means.get(0);
        for (int k = 0; k < m; k++) {
            if (!java.util.Arrays.equals(means.get(k).shape(), first.shape())
                    || probabilistic && !java.util.Arrays.equals(scales.get(k).shape(), first.shape())) {
                throw new IllegalArgumentException("mixture readouts: member " + (k + 1) + " differs in shape from"
                        + " member 1 " + first);
            }
        }
        String axes = first.axes().letters();
        int channels = axes.indexOf('C') < 0 ? 1 : (int) first.size('C');
        List<TileOutput> outputs = spec.outputs(channels, m, probabilistic);
        FloatImage[] images = new FloatImage[outputs.size()];
        for (int r = 0; r < images.length; r++) {
            images[r] = FloatImage.zeros(axes, first.shape()).withCalibration(first.calibration());
        }
        PlaneKeys keys = new PlaneKeys(axes, first.shape(), nDim);
        int plane = first.planeSize();
        try (Scope s = engine.scope();
             ReadoutRows rows = new ReadoutRows(engine, spec, m, probabilistic)) {
            Tensor f = engine.tensor(Shape.of(m), factors);
            for (int p = 0; p < first.planeCount(); p++) {
                float[][] mu = new float[m][];
                float[][] b = probabilistic ? new float[m][] : null;
                for (int k = 0; k < m; k++) {
                    mu[k] = means.get(k).plane(p);
                    if (probabilistic) {
                        b[k] = scales.get(k).plane(p);
                    }
                }
                try (Scope chunk = engine.scope()) {
                    Tensor x = engine.tensor(Shape.of((long) (probabilistic ? 2 : 1) * m * plane),
                            probabilistic ? stack(mu, b, 0, plane) : concat(mu));
                    Tensor o = engine.empty(Shape.of((long) rows.rows() * plane));
                    rows.fill(o, MixtureMembers.stacked(x, f, m, plane, probabilistic), keys.of(p));
                    float[] all = o.toArray();
                    // a plane holds one channel: row r is that channel's plane of output image r
                    for (int r = 0; r < images.length; r++) {
                        System.arraycopy(all, r * plane, images[r].plane(p), 0, plane);
                    }
                }
            }
        }
        Map<String, FloatImage> named = new LinkedHashMap<>();
        for (int r = 0; r < images.length; r++) {
            named.put(outputs.get(r).name(), images[r]);
        }
        return named;
    }

    /** Members stacked as {@link MixtureMembers#stacked}: per member n means, then n scales. */
    private static float[] stack(float[][] mu, float[][] b, int from, int n) {
        float[] x = new float[2 * mu.length * n];
        for (int k = 0; k < mu.length; k++) {
            System.arraycopy(mu[k], from, x, 2 * k * n, n);
            System.arraycopy(b[k], from, x, 2 * k * n + n, n);
        }
        return x;
    }

    private static float[] concat(float[][] mu) {
        int n = mu[0].length;
        float[] x = new float[mu.length * n];
        for (int k = 0; k < mu.length; k++) {
            System.arraycopy(mu[k], 0, x, k * n, n);
        }
        return x;
    }

    /**
     * The sample keys of each YX plane, as the tiled path computes them: a plane of channel c, slice z (a spatial axis
     * of a 3D network) and index t over the other leading axes is pixel block ((t C + c) Z + z) of the image.
     */
    private record PlaneKeys(String axes, long[] shape, int nDim) {
        SampleKeys of(int plane) {
            int lead = axes.length() - 2;
            long[] idx = new long[lead];
            long rest = plane;
            for (int a = lead - 1; a >= 0; a--) {
                idx[a] = rest % shape[a];
                rest /= shape[a];
            }
            long c = 0;
            long z = 0;
            long t = 0;
            long channels = 1;
            long depth = 1;
            for (int a = 0; a < lead; a++) {
                char letter = axes.charAt(a);
                if (letter == 'C') {
                    c = idx[a];
                    channels = shape[a];
                } else if (letter == 'Z' && nDim == 3) {
                    z = idx[a];
                    depth = shape[a];
                } else {
                    t = t * shape[a] + idx[a];
                }
            }
            long h = shape[lead];
            long w = shape[lead + 1];
            // one plane as a tile of one channel: the key's leading index t C + c picks the channel's block
            return new SampleKeys(1, 1, Math.toIntExact(h), Math.toIntExact(w), z, 0, 0, depth, h, w,
                    t * channels + c);
        }
    }
}
