package org.jcare.optics.synth;

/**
 * The lateral linear zoom that puts camera images on a finer target grid: {@code scipy.ndimage.zoom(order=1)} with
 * its defaults ({@code mode='constant'}, {@code grid_mode=False}), as CSBDeep's upsampling task zooms and as jcare's
 * lateral upsampling models zoom at prediction ({@code training}'s {@code ScipyZoom}, which this equals bit for bit:
 * Y first, then X, each pass accumulated in double and rounded to float32 once).
 *
 * <p>An axis of {@code n} samples zoomed by an integer factor {@code F} has {@code m = n F} samples; output sample
 * {@code k} lies at input coordinate {@code k (n - 1) / (m - 1)}: the end samples map onto each other, so the spacing
 * is {@code (n - 1) / (m - 1)} input pixels, slightly more than {@code 1 / F}. The synthetic targets are rendered at
 * exactly these coordinates ({@link #coordinate}), so that the zoomed input and its target are aligned everywhere.
 */
public final class LinearZoom {
    private LinearZoom() {
    }

    /** The input coordinate step {@code (n - 1) / (m - 1)} between output samples (1 when {@code m == 1}). */
    public static double step(int nIn, int nOut) {
        return nOut == 1 ? 1.0 : (double) (nIn - 1) / (nOut - 1);
    }

    /** The input coordinate of output sample {@code k} of a zoom from {@code nIn} to {@code nOut} samples. */
    public static double coordinate(int k, int nIn, int nOut) {
        return k * step(nIn, nOut);
    }

    /**
     * A (z, y, x) volume (C order; {@code nz = 1} for an image) with Y and X zoomed by {@code factor}.
     *
     * @throws IllegalArgumentException when the factor is below 1 or the array does not have the given size
     */
    public static float[] zoomLateral(float[] zyx, int nz, int ny, int nx, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("zoom factor " + factor + " must be >= 1");
        }
        if (zyx.length != (long) nz * ny * nx) {
            throw new IllegalArgumentException("zoom: " + zyx.length + " values for " + nz + " x " + ny + " x " + nx);
        }
        if (factor == 1) {
            return zyx.clone();
        }
        int my = ny * factor;
        int mx = nx * factor;
        float[] rows = new float[nz * my * nx];
        float[] out = new float[nz * my * mx];
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                line(zyx, z * ny * nx + x, nx, ny, rows, z * my * nx + x, nx, my);
            }
            for (int y = 0; y < my; y++) {
                line(rows, (z * my + y) * nx, 1, nx, out, (z * my + y) * mx, 1, mx);
            }
        }
        return out;
    }

    /**
     * One line: {@code nIn} samples {@code in[off + i stride]} to {@code nOut} samples {@code out[outOff + k outStride]}.
     * A coordinate past the last sample by rounding gives 0, as scipy's mode 'constant' does.
     */
    static void line(float[] in, int off, int stride, int nIn, float[] out, int outOff, int outStride, int nOut) {
        double z = step(nIn, nOut);
        for (int k = 0; k < nOut; k++) {
            double c = k * z;
            if (c > nIn - 1) {
                out[outOff + k * outStride] = 0f;
                continue;
            }
            int i = (int) Math.floor(c);
            double t = c - i;
            double a = in[off + i * stride];
            double b = in[off + mirror(i + 1, nIn) * stride];
            out[outOff + k * outStride] = (float) ((1 - t) * a + t * b);
        }
    }

    private static int mirror(int i, int n) {
        return n == 1 ? 0 : i < n ? i : 2 * (n - 1) - i;
    }
}
