package org.jcare.training.task;

import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;

/**
 * Generated projection data (issue 11): a cell layer on a smooth curved surface inside a noisy 3D stack. The layer is
 * a 2D texture of blobs (nuclei-like, sigma 1.5-3 px) placed at height z = h(y, x), a sum of two tilted sinusoids,
 * with a thin axial profile (Gaussian, sigma 0.8 slices); bright out-of-surface blobs (debris, other tissue) sit at
 * least 4 slices away from the surface, and Gaussian read noise covers everything. The target is the clean layer:
 * a maximum projection picks the debris and the noise, which a projection network trained to find the surface avoids.
 */
final class SurfaceStacks {
    /**
     * One stack and its target.
     *
     * @param stack  ZYX, noisy
     * @param target YX, the clean layer
     */
    record Sample(FloatImage stack, FloatImage target) {
    }

    private SurfaceStacks() {
    }

    static Sample make(long seed, int depth, int height, int width) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] layer = new float[height * width];
        int cells = height * width / 90;
        for (int n = 0; n < cells; n++) {
            double cy = r.nextDouble() * height;
            double cx = r.nextDouble() * width;
            double s = 1.5 + 1.5 * r.nextDouble();
            double a = 0.5 + 0.5 * r.nextDouble();
            blob(layer, height, width, cy, cx, s, a);
        }
        double a1 = 2 + 2 * r.nextDouble();
        double a2 = 1.5 + 1.5 * r.nextDouble();
        double p1 = 40 + 40 * r.nextDouble();
        double p2 = 30 + 50 * r.nextDouble();
        double f1 = r.nextDouble() * 2 * Math.PI;
        double f2 = r.nextDouble() * 2 * Math.PI;
        double zc = (depth - 1) / 2.0;
        float[] stack = new float[depth * height * width];
        double[] surface = new double[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double h = zc + a1 * Math.sin(2 * Math.PI * (x + 0.3 * y) / p1 + f1)
                        + a2 * Math.cos(2 * Math.PI * (y - 0.2 * x) / p2 + f2);
                h = Math.max(1.5, Math.min(depth - 2.5, h));
                surface[y * width + x] = h;
                for (int z = 0; z < depth; z++) {
                    double d = (z - h) / 0.8;
                    stack[(z * height + y) * width + x] = (float) (layer[y * width + x] * Math.exp(-0.5 * d * d));
                }
            }
        }
        int debris = height * width / 150;
        for (int n = 0; n < debris; n++) {
            int cy = r.nextInt(height);
            int cx = r.nextInt(width);
            double h = surface[cy * width + cx];
            double z = r.nextBoolean() ? h - 4 - r.nextDouble() * 4 : h + 4 + r.nextDouble() * 4;
            if (z < 0 || z > depth - 1) {
                continue;
            }
            double s = 1.2 + r.nextDouble();
            double a = 0.8 + 0.8 * r.nextDouble();
            for (int k = 0; k < depth; k++) {
                double dz = (k - z) / 1.0;
                float[] plane = new float[height * width];
                blob(plane, height, width, cy, cx, s, a * Math.exp(-0.5 * dz * dz));
                for (int i = 0; i < plane.length; i++) {
                    stack[k * height * width + i] += plane[i];
                }
            }
        }
        for (int i = 0; i < stack.length; i++) {
            stack[i] = (float) (100 * (stack[i] + 0.25 * r.nextGaussian() + 0.2));
        }
        return new Sample(FloatImage.of("ZYX", new long[] {depth, height, width}, stack),
                FloatImage.of("YX", new long[] {height, width}, layer));
    }

    private static void blob(float[] img, int h, int w, double cy, double cx, double s, double a) {
        int r = (int) Math.ceil(3 * s);
        for (int y = Math.max(0, (int) cy - r); y < Math.min(h, (int) cy + r + 1); y++) {
            for (int x = Math.max(0, (int) cx - r); x < Math.min(w, (int) cx + r + 1); x++) {
                double d2 = ((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (s * s);
                img[y * w + x] += (float) (a * Math.exp(-0.5 * d2));
            }
        }
    }
}
