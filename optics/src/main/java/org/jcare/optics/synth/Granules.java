package org.jcare.optics.synth;

import java.util.random.RandomGenerator;

/**
 * Granules (vesicles, secretory granules) as uniformly filled balls of fluorophores. In 3D the ball is filled with
 * points on a fine grid; in 2D the ball is projected onto the plane (column density proportional to
 * sqrt(1 - rho^2 / r^2)). The points go into the input's density (cloud-in-cell) and, splatted with the target
 * Gaussian, into the target. A granule's mass is its brightness times its volume in cubic pixels.
 */
final class Granules {
    private Granules() {
    }

    /** Draws one granule of radius {@code radiusNm} at a uniform point of the canvas. */
    static void draw(Canvas c, float[] density, float[] target, SynthSettings s, double radiusNm, double brightness,
            RandomGenerator rng) {
        double px = s.pixelNm();
        double dzNm = c.is3d() ? s.zStepNm() : 1;
        double y = rng.nextDouble() * c.ny * px;
        double x = rng.nextDouble() * c.nx * px;
        double z = c.is3d() ? rng.nextDouble() * c.nz * dzNm : 0;
        double rPx = radiusNm / px;
        double mass = brightness * 4.0 / 3 * Math.PI * rPx * rPx * rPx;
        // sub-grid spacing in pixels: at most half a target pixel (under one target sigma, so the splats sum smoothly)
        // and at least 5 points across the ball
        double h = Math.min(0.5 / s.upsample(), rPx / 2);
        int m = (int) Math.ceil(rPx / h);
        if (!c.near(z / dzNm, y / px, x / px, rPx + 2)) {
            return;
        }
        // first pass: the weights' sum, so the total is exactly the mass whatever the grid
        double sy = s.effectiveTargetFwhmNm() / (2 * Math.sqrt(2 * Math.log(2))) / px;
        double sz = s.effectiveTargetFwhmZNm() / (2 * Math.sqrt(2 * Math.log(2))) / dzNm;
        double total = 0;
        for (int pass = 0; pass < 2; pass++) {
            double scale = pass == 0 ? 0 : mass / total;
            for (int iz = c.is3d() ? -m : 0; iz <= (c.is3d() ? m : 0); iz++) {
                for (int iy = -m; iy <= m; iy++) {
                    for (int ix = -m; ix <= m; ix++) {
                        double r2 = (iz * iz + iy * iy + ix * ix) * h * h / (rPx * rPx);
                        if (r2 > 1) {
                            continue;
                        }
                        double w = c.is3d() ? 1 : Math.sqrt(1 - r2);
                        if (pass == 0) {
                            total += w;
                        } else {
                            double gz = (z + iz * h * px) / dzNm;
                            double gy = y / px + iy * h;
                            double gx = x / px + ix * h;
                            c.deposit(density, gz, gy, gx, w * scale);
                            c.splat(target, gz, gy, gx, w * scale, sy, sz);
                        }
                    }
                }
            }
        }
    }
}
