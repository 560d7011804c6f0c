package org.jcare.optics.deconv;

import org.jcare.optics.fft.LinearConvolution;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;

/**
 * Richardson-Lucy deconvolution (Richardson 1972, Lucy 1974), the maximum-likelihood restoration under Poisson
 * noise, with optional total-variation regularization (Dey et al., Microsc. Res. Tech. 69, 260-266, 2006):
 * <pre>
 *   u_{k+1} = u_k / (1 - lambda div(grad u_k / |grad u_k|)) * (h' * (d / (h * u_k)))
 * </pre>
 * where h is the PSF, h' its mirror image (correlation), and d the image. Boundaries: the image is first extended by
 * mirror reflection by the PSF's half-size on every side, and every convolution is linear on that extended canvas
 * (zero beyond it), computed here with FFTs; the result is cropped back. {@code DeviceRichardsonLucy} (training
 * module) computes the same iteration with the device's direct convolution; both follow {@link #iterate}'s
 * definition. The TV term uses forward differences for the gradient and backward differences for the divergence, with
 * |grad u| regularized by {@link #TV_EPSILON}, and its denominator is kept at least {@link #MIN_TV_DENOMINATOR} so a
 * large lambda cannot flip signs. Values below 0 in the image are treated as 0 (subtract the camera offset first).
 */
public final class RichardsonLucy {
    /** Regularization of |grad u| in the TV term (image units). */
    public static final double TV_EPSILON = 1e-6;
    /** Lower bound of the TV denominator. */
    public static final double MIN_TV_DENOMINATOR = 0.1;
    /** Ratios use max(h * u, this) as denominator. */
    public static final float DIVISION_EPSILON = 1e-12f;

    private RichardsonLucy() {
    }

    /** Receives progress after each iteration. */
    public interface Listener {
        /** None. */
        Listener NONE = (done, total) -> {
        };

        /** {@code done} of {@code total} iterations are finished. */
        void iteration(int done, int total);
    }

    /**
     * Deconvolves an image of {@code nz x ny x nx} (C order; nz = 1 for 2D).
     *
     * @param iterations number of RL iterations (at least 1)
     * @param tvLambda   TV regularization weight (0 = plain RL; 0.001-0.01 is typical for normalized images)
     * @throws IllegalArgumentException when the PSF's dimensionality does not match the image, or the values are bad
     */
    public static float[] deconvolve(float[] image, int nz, int ny, int nx, Psf psf, int iterations, double tvLambda,
            Listener listener) {
        Extended e = Extended.of(image, nz, ny, nx, psf);
        if (iterations < 1 || !(tvLambda >= 0)) {
            throw new IllegalArgumentException("Richardson-Lucy needs iterations >= 1 and lambda >= 0, got " + iterations
                    + " and " + tvLambda);
        }
        LinearConvolution conv = e.convolution(psf);
        float[] u = e.initialEstimate();
        for (int k = 0; k < iterations; k++) {
            u = iterate(u, e, conv, tvLambda);
            listener.iteration(k + 1, iterations);
        }
        return e.crop(u);
    }

    /** One iteration on the extended canvas. */
    static float[] iterate(float[] u, Extended e, LinearConvolution conv, double tvLambda) {
        float[] blurred = conv.convolve(u);
        float[] ratio = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            ratio[i] = e.data[i] / Math.max(blurred[i], DIVISION_EPSILON);
        }
        float[] correction = conv.correlate(ratio);
        float[] next = new float[u.length];
        if (tvLambda > 0) {
            double[] div = TotalVariation.divergence(u, e.ez, e.ey, e.ex, TV_EPSILON);
            for (int i = 0; i < u.length; i++) {
                next[i] = (float) TotalVariation.update(u[i], correction[i], div[i], tvLambda, MIN_TV_DENOMINATOR);
            }
        } else {
            for (int i = 0; i < u.length; i++) {
                next[i] = u[i] * correction[i];
            }
        }
        return next;
    }

    /**
     * The image extended by mirror reflection by the PSF's half-size on every side, negatives clipped to 0: the
     * canvas Richardson-Lucy works on (here and on the device).
     */
    public static final class Extended {
        final int nz;
        final int ny;
        final int nx;
        final int mz;
        final int my;
        final int mx;
        final int ez;
        final int ey;
        final int ex;
        final float[] data;

        private Extended(int nz, int ny, int nx, int mz, int my, int mx) {
            this.nz = nz;
            this.ny = ny;
            this.nx = nx;
            this.mz = mz;
            this.my = my;
            this.mx = mx;
            this.ez = nz + 2 * mz;
            this.ey = ny + 2 * my;
            this.ex = nx + 2 * mx;
            this.data = new float[ez * ey * ex];
        }

        /**
         * The extension of an image of {@code nz x ny x nx} for {@code psf}.
         *
         * @throws IllegalArgumentException when sizes or dimensionality do not match, or values are not finite
         */
        public static Extended of(float[] image, int nz, int ny, int nx, Psf psf) {
            VoxelGrid g = psf.grid();
            if (image.length != nz * ny * nx) {
                throw new IllegalArgumentException("image of " + image.length + " values does not fit " + nz + " x " + ny
                        + " x " + nx);
            }
            if ((nz == 1) != psf.is2d()) {
                throw new IllegalArgumentException((nz == 1 ? "a 2D image needs a 2D PSF" : "a 3D image needs a 3D PSF")
                        + "; got " + psf);
            }
            Extended e = new Extended(nz, ny, nx, g.nz() / 2, g.ny() / 2, g.nx() / 2);
            for (int z = 0; z < e.ez; z++) {
                int sz = mirror(z - e.mz, nz);
                for (int y = 0; y < e.ey; y++) {
                    int sy = mirror(y - e.my, ny);
                    for (int x = 0; x < e.ex; x++) {
                        float v = image[(sz * ny + sy) * nx + mirror(x - e.mx, nx)];
                        if (!Float.isFinite(v)) {
                            throw new IllegalArgumentException("Richardson-Lucy: the image has NaN or infinite values");
                        }
                        e.data[(z * e.ey + y) * e.ex + x] = Math.max(0, v);
                    }
                }
            }
            return e;
        }

        /** Mirror (edge included: ... 2 1 0 | 0 1 2 ...) index into [0, n). */
        static int mirror(int i, int n) {
            if (n == 1) {
                return 0;
            }
            int period = 2 * n;
            int m = Math.floorMod(i, period);
            return m < n ? m : period - 1 - m;
        }

        /** The extended sizes (z, y, x). */
        public int[] dims() {
            return new int[] {ez, ey, ex};
        }

        /** The extended image (a copy). */
        public float[] data() {
            return data.clone();
        }

        /** The starting estimate: the extended image, floored at a millionth of its maximum so every voxel can grow. */
        public float[] initialEstimate() {
            float max = 0;
            for (float v : data) {
                max = Math.max(max, v);
            }
            float floor = Math.max(max * 1e-6f, Float.MIN_NORMAL);
            float[] u = new float[data.length];
            for (int i = 0; i < u.length; i++) {
                u[i] = Math.max(data[i], floor);
            }
            return u;
        }

        /** Linear convolution (and correlation) with {@code psf} on this canvas, zero beyond it. */
        public LinearConvolution convolution(Psf psf) {
            return LinearConvolution.of(psf, ez, ey, ex);
        }

        /** The original image's part of an extended array. */
        public float[] crop(float[] u) {
            float[] out = new float[nz * ny * nx];
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    System.arraycopy(u, ((z + mz) * ey + y + my) * ex + mx, out, (z * ny + y) * nx, nx);
                }
            }
            return out;
        }
    }

}
