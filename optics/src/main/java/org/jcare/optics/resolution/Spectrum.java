package org.jcare.optics.resolution;

import org.jcare.optics.fft.ComplexFft;

/**
 * The 2D Fourier transform of an image with the bookkeeping the resolution readouts share: each coefficient's
 * frequency radius normalized so that 1 is the Nyquist frequency along each axis (an ellipse for non-square images,
 * as in Descloux et al.'s code), and edge apodization so that the image's borders do not add a cross of spurious
 * high frequencies.
 */
final class Spectrum {
    private Spectrum() {
    }

    /** The transform (interleaved complex) of a real image of {@code ny x nx}. */
    static float[] transform(double[] image, int ny, int nx) {
        float[] a = new float[2 * ny * nx];
        for (int i = 0; i < image.length; i++) {
            a[2 * i] = (float) image[i];
        }
        new ComplexFft(1, ny, nx).forward(a);
        return a;
    }

    /** Normalized radius of each coefficient: sqrt((fy / 0.5)^2 + (fx / 0.5)^2), fy and fx in cycles per pixel. */
    static double[] radii(int ny, int nx) {
        double[] r = new double[ny * nx];
        for (int y = 0; y < ny; y++) {
            double fy = ComplexFft.frequency(y, ny) / 0.5;
            for (int x = 0; x < nx; x++) {
                double fx = ComplexFft.frequency(x, nx) / 0.5;
                r[y * nx + x] = Math.sqrt(fy * fy + fx * fx);
            }
        }
        return r;
    }

    /**
     * The image with its borders tapered towards its mean over {@code width} pixels (a raised-cosine edge, as
     * Descloux et al.'s {@code apodImRect}); returns a new array.
     */
    static double[] apodize(float[] image, int ny, int nx, int width) {
        double mean = 0;
        for (float v : image) {
            mean += v;
        }
        mean /= image.length;
        double[] wy = taper(ny, width);
        double[] wx = taper(nx, width);
        double[] out = new double[image.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int i = y * nx + x;
                out[i] = (image[i] - mean) * wy[y] * wx[x] + mean;
            }
        }
        return out;
    }

    private static double[] taper(int n, int width) {
        double[] w = new double[n];
        int wd = Math.max(1, Math.min(width, n / 4));
        for (int i = 0; i < n; i++) {
            int d = Math.min(i, n - 1 - i);
            w[i] = d >= wd ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / wd);
        }
        return w;
    }
}
