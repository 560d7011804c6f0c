package org.jcare.optics.deconv;

import org.jcare.optics.fft.LinearConvolution;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;

/**
 * Richardson-Lucy deconvolution onto a grid {@code F} times finer than the camera's (laterally): the estimate u lives
 * on sub-pixels, F x F per camera pixel, and the forward model is the camera's: blur by the PSF sampled at the
 * sub-pixel size, then sum each camera pixel's sub-pixels (D, the pixel's integration):
 * <pre>
 *   u_{k+1} = u_k * H' D' ( d / (D H u_k) )
 * </pre>
 * (D' copies a camera value to its sub-pixels; D' 1 = 1 and H' 1 = 1, so no normalization is needed), from a flat
 * start ({@link #initialEstimate}). It is the
 * classical restoration on the same fine grid as an upsampling CARE model, and the fair baseline for resolution
 * readouts there: it never interpolates the data, and whatever it puts beyond the camera's Nyquist frequency it
 * infers from the data through the PSF and positivity. With F = 1 it is {@link RichardsonLucy} (same canvas, same
 * iteration, same numbers).
 *
 * <p>Grid: sub-pixel {@code k} of an axis is centred at camera coordinate {@code (k + 0.5) / F - 0.5} (the camera pixel
 * area split into F parts). Boundaries as {@link RichardsonLucy}: the data is mirror-extended by the PSF's reach (in
 * camera pixels) and every convolution is linear on the extended fine canvas. Values per sub-pixel: a camera pixel's
 * sub-pixels sum to its restored value.
 */
public final class FineGridRichardsonLucy {
    private FineGridRichardsonLucy() {
    }

    /**
     * Deconvolves an image of {@code nz x ny x nx} camera pixels (C order; nz = 1 for 2D) onto {@code nz x ny F x nx F}
     * sub-pixels.
     *
     * @param psf        the PSF sampled at the sub-pixel size (camera pixel / F) laterally, the image's z step axially
     * @param factor     F, at least 1
     * @param iterations at least 1
     * @throws IllegalArgumentException for a bad factor, iteration count, size, PSF dimensionality or value
     */
    public static float[] deconvolve(float[] image, int nz, int ny, int nx, Psf psf, int factor, int iterations,
            RichardsonLucy.Listener listener) {
        if (factor < 1 || iterations < 1) {
            throw new IllegalArgumentException("fine-grid Richardson-Lucy needs a factor >= 1 and iterations >= 1, got "
                    + factor + " and " + iterations);
        }
        if (image.length != (long) nz * ny * nx) {
            throw new IllegalArgumentException("image of " + image.length + " values does not fit " + nz + " x " + ny
                    + " x " + nx);
        }
        if ((nz == 1) != psf.is2d()) {
            throw new IllegalArgumentException((nz == 1 ? "a 2D image needs a 2D PSF" : "a 3D image needs a 3D PSF")
                    + "; got " + psf);
        }
        VoxelGrid g = psf.grid();
        int mz = g.nz() / 2;
        int my = (g.ny() / 2 + factor - 1) / factor;
        int mx = (g.nx() / 2 + factor - 1) / factor;
        int ez = nz + 2 * mz;
        int ey = ny + 2 * my;
        int ex = nx + 2 * mx;
        float[] data = new float[ez * ey * ex];
        float max = 0;
        for (int z = 0; z < ez; z++) {
            int sz = RichardsonLucy.Extended.mirror(z - mz, nz);
            for (int y = 0; y < ey; y++) {
                int sy = RichardsonLucy.Extended.mirror(y - my, ny);
                for (int x = 0; x < ex; x++) {
                    float v = image[(sz * ny + sy) * nx + RichardsonLucy.Extended.mirror(x - mx, nx)];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("Richardson-Lucy: the image has NaN or infinite values");
                    }
                    v = Math.max(0, v);
                    data[(z * ey + y) * ex + x] = v;
                    max = Math.max(max, v);
                }
            }
        }
        int fy = ey * factor;
        int fx = ex * factor;
        LinearConvolution conv = LinearConvolution.of(psf, ez, fy, fx);
        float[] u = initialEstimate(data, max, ez, fy, fx, ey, ex, factor);
        float[] ratio = new float[data.length];
        float[] spread = new float[u.length];
        for (int k = 0; k < iterations; k++) {
            float[] blurred = conv.convolve(u);
            float[] summed = new float[data.length];
            for (int i = 0; i < blurred.length; i++) {
                summed[camera(i, fy, fx, ey, ex, factor)] += blurred[i];
            }
            for (int i = 0; i < data.length; i++) {
                ratio[i] = data[i] / Math.max(summed[i], RichardsonLucy.DIVISION_EPSILON);
            }
            for (int i = 0; i < spread.length; i++) {
                spread[i] = ratio[camera(i, fy, fx, ey, ex, factor)];
            }
            float[] correction = conv.correlate(spread);
            for (int i = 0; i < u.length; i++) {
                u[i] *= correction[i];
            }
            listener.iteration(k + 1, iterations);
        }
        int oy = ny * factor;
        int ox = nx * factor;
        float[] out = new float[nz * oy * ox];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < oy; y++) {
                System.arraycopy(u, ((z + mz) * fy + y + my * factor) * fx + mx * factor, out, (z * oy + y) * ox, ox);
            }
        }
        return out;
    }

    /**
     * The starting estimate. F = 1: the data floored at a millionth of its maximum, as {@link RichardsonLucy}. F &gt; 1:
     * flat, the data's mean per sub-pixel: the data copied to its sub-pixels would be a staircase whose steps (near the
     * fine grid's Nyquist frequency) lie beyond the PSF's pass band, where the forward model cannot see them, so the
     * iteration would never remove them: the estimate would carry the camera's pixel edges, and a resolution readout
     * would count them as detail.
     */
    private static float[] initialEstimate(float[] data, float max, int ez, int fy, int fx, int ey, int ex, int factor) {
        float floor = Math.max(max * 1e-6f, Float.MIN_NORMAL);
        float[] u = new float[ez * fy * fx];
        if (factor == 1) {
            for (int i = 0; i < u.length; i++) {
                u[i] = Math.max(data[i], floor);
            }
            return u;
        }
        double sum = 0;
        for (float v : data) {
            sum += v;
        }
        java.util.Arrays.fill(u, Math.max((float) (sum / data.length / (factor * factor)), floor));
        return u;
    }

    /** The camera canvas index of fine canvas index {@code i}. */
    private static int camera(int i, int fy, int fx, int ey, int ex, int factor) {
        int x = i % fx;
        int rest = i / fx;
        int y = rest % fy;
        int z = rest / fy;
        return (z * ey + y / factor) * ex + x / factor;
    }
}
