package org.jcare.optics.synth;

import java.util.random.RandomGenerator;

/**
 * Ken Perlin's improved gradient noise (SIGGRAPH 2002) with a permutation drawn from a seeded generator, and its
 * fractal sum over octaves: the smooth, low-frequency background that mimics autofluorescence and out-of-focus
 * haze. Values of one octave lie in about [-1, 1].
 */
final class PerlinNoise {
    private final int[] perm = new int[512];

    /** Noise whose permutation is drawn from {@code rng}. */
    PerlinNoise(RandomGenerator rng) {
        int[] p = new int[256];
        for (int i = 0; i < 256; i++) {
            p[i] = i;
        }
        for (int i = 255; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        for (int i = 0; i < 512; i++) {
            perm[i] = p[i & 255];
        }
    }

    /** Noise at (x, y, z), in about [-1, 1]; 0 at integer lattice points. */
    double noise(double x, double y, double z) {
        int xi = (int) Math.floor(x);
        int yi = (int) Math.floor(y);
        int zi = (int) Math.floor(z);
        x -= xi;
        y -= yi;
        z -= zi;
        xi &= 255;
        yi &= 255;
        zi &= 255;
        double u = fade(x);
        double v = fade(y);
        double w = fade(z);
        int a = perm[xi] + yi;
        int aa = perm[a] + zi;
        int ab = perm[a + 1] + zi;
        int b = perm[xi + 1] + yi;
        int ba = perm[b] + zi;
        int bb = perm[b + 1] + zi;
        return lerp(w,
                lerp(v, lerp(u, grad(perm[aa], x, y, z), grad(perm[ba], x - 1, y, z)),
                        lerp(u, grad(perm[ab], x, y - 1, z), grad(perm[bb], x - 1, y - 1, z))),
                lerp(v, lerp(u, grad(perm[aa + 1], x, y, z - 1), grad(perm[ba + 1], x - 1, y, z - 1)),
                        lerp(u, grad(perm[ab + 1], x, y - 1, z - 1), grad(perm[bb + 1], x - 1, y - 1, z - 1))));
    }

    /** Two-dimensional noise at (x, y): the same construction on the plane, half the work of {@link #noise}. */
    double noise2(double x, double y) {
        int xi = (int) Math.floor(x);
        int yi = (int) Math.floor(y);
        x -= xi;
        y -= yi;
        xi &= 255;
        yi &= 255;
        double u = fade(x);
        double v = fade(y);
        int a = perm[xi] + yi;
        int b = perm[xi + 1] + yi;
        return lerp(v, lerp(u, grad2(perm[a], x, y), grad2(perm[b], x - 1, y)),
                lerp(u, grad2(perm[a + 1], x, y - 1), grad2(perm[b + 1], x - 1, y - 1)));
    }

    /** The fractal sum of {@link #noise2} over octaves, as {@link #fractal}. */
    double fractal2(double x, double y, int octaves) {
        double sum = 0;
        double amp = 1;
        double norm = 0;
        double f = 1;
        for (int o = 0; o < octaves; o++) {
            sum += amp * noise2(x * f + 0.37 * o, y * f + 0.61 * o);
            norm += amp;
            amp *= 0.5;
            f *= 2;
        }
        return norm == 0 ? 0 : sum / norm;
    }

    /** Gradients of 2D improved noise: the 8 directions (+-1, +-1), (+-1, 0), (0, +-1), scaled to match 3D's range. */
    private static double grad2(int hash, double x, double y) {
        return switch (hash & 7) {
            case 0 -> x + y;
            case 1 -> -x + y;
            case 2 -> x - y;
            case 3 -> -x - y;
            case 4 -> x;
            case 5 -> -x;
            case 6 -> y;
            default -> -y;
        };
    }

    /**
     * The fractal sum of {@code octaves} octaves at a point given in units of the first octave's period, each octave
     * at twice the frequency and half the amplitude of the last, scaled to about [-1, 1].
     */
    double fractal(double x, double y, double z, int octaves) {
        double sum = 0;
        double amp = 1;
        double norm = 0;
        double f = 1;
        for (int o = 0; o < octaves; o++) {
            // a fixed, irrational offset per octave keeps lattice zeros of different octaves apart
            sum += amp * noise(x * f + 0.37 * o, y * f + 0.61 * o, z * f + 0.19 * o);
            norm += amp;
            amp *= 0.5;
            f *= 2;
        }
        return norm == 0 ? 0 : sum / norm;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }

    private static double grad(int hash, double x, double y, double z) {
        int h = hash & 15;
        double u = h < 8 ? x : y;
        double v = h < 4 ? y : h == 12 || h == 14 ? x : z;
        return ((h & 1) == 0 ? u : -u) + ((h & 2) == 0 ? v : -v);
    }
}
