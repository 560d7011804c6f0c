package org.jcare.optics.resolution;

import java.util.SplittableRandom;
import org.jcare.optics.fft.ComplexFft;

/** Images with known spectra for the readout tests. */
final class TestImages {
    private TestImages() {
    }

    /** White noise band-limited by a hard disc of normalized radius {@code k0} (1 = Nyquist), unit variance. */
    static float[] bandLimited(int n, double k0, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[2 * n * n];
        for (int i = 0; i < n * n; i++) {
            a[2 * i] = (float) rng.nextGaussian();
        }
        ComplexFft f = new ComplexFft(1, n, n);
        f.forward(a);
        for (int y = 0; y < n; y++) {
            double fy = ComplexFft.frequency(y, n) / 0.5;
            for (int x = 0; x < n; x++) {
                double fx = ComplexFft.frequency(x, n) / 0.5;
                if (Math.hypot(fy, fx) > k0) {
                    a[2 * (y * n + x)] = 0;
                    a[2 * (y * n + x) + 1] = 0;
                }
            }
        }
        f.inverse(a);
        float[] out = new float[n * n];
        double s2 = 0;
        for (int i = 0; i < n * n; i++) {
            out[i] = a[2 * i];
            s2 += out[i] * out[i];
        }
        float scale = (float) (1 / Math.sqrt(s2 / (n * n)));
        for (int i = 0; i < n * n; i++) {
            out[i] *= scale;
        }
        return out;
    }

    /** {@code base} plus independent Gaussian noise of standard deviation {@code sigma}. */
    static float[] plusNoise(float[] base, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            out[i] = (float) (base[i] + sigma * rng.nextGaussian());
        }
        return out;
    }
}
