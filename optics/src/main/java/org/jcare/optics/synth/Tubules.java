package org.jcare.optics.synth;

import java.util.random.RandomGenerator;

/**
 * Tubules (microtubules) as worm-like chains: the centre line advances in steps of a quarter pixel while its direction
 * diffuses, with an angular variance of {@code ds / Lp} per step. In 2D that is the planar worm-like chain,
 * &lt;cos theta(s)&gt; = exp(-s / (2 Lp)); in 3D the tangent diffuses on the sphere, &lt;t(s) . t(0)&gt; =
 * exp(-s / Lp). The cross-section is a Gaussian of the given FWHM, drawn with a small quadrature across the line (3
 * points in 2D, 4 in 3D, matching its variance), and the mass per unit length is the tubule's brightness.
 */
final class Tubules {
    /** Centre-line step in pixels: fine enough that the line is continuous after cloud-in-cell deposition. */
    static final double STEP_PX = 0.25;

    private Tubules() {
    }

    /** Receives the centre line, point by point, in nm (z, y, x). */
    interface Trace {
        void point(double z, double y, double x);
    }

    /**
     * Draws one tubule of contour length {@code lengthNm} starting at a uniform point of the canvas with a uniform
     * direction.
     */
    static void draw(Canvas c, float[] density, float[] target, SynthSettings s, double persistenceNm, double lengthNm,
            double brightness, RandomGenerator rng) {
        double y = rng.nextDouble() * c.ny * s.pixelNm();
        double x = rng.nextDouble() * c.nx * s.pixelNm();
        double z = c.is3d() ? rng.nextDouble() * c.nz * s.zStepNm() : 0;
        double[] t = c.is3d() ? randomUnit(rng) : null;
        double theta = c.is3d() ? 0 : rng.nextDouble() * 2 * Math.PI;
        walk(c, density, target, s, persistenceNm, lengthNm, brightness, new double[] {z, y, x}, theta, t, rng, null);
    }

    /**
     * Draws one tubule from {@code startNm} (z, y, x) with initial direction angle {@code theta} (2D, from +x towards
     * +y) or unit tangent {@code t} (3D, z y x; changed in place), reporting the centre line to {@code trace} (may be
     * null). The input's {@code density} receives the cross-section by quadrature (cloud-in-cell); the
     * {@code target} (patch-sized) receives the centre line splatted with the cross-section and the target Gaussian
     * combined (widths add in quadrature), which is exact.
     */
    static void walk(Canvas c, float[] density, float[] target, SynthSettings s, double persistenceNm, double lengthNm,
            double brightness, double[] startNm, double theta, double[] t, RandomGenerator rng, Trace trace) {
        double px = s.pixelNm();
        double dzNm = c.is3d() ? s.zStepNm() : 1;
        double ds = STEP_PX * px;
        double sigmaStep = Math.sqrt(ds / persistenceNm);
        double sw = s.tubuleWidthNm() / (2 * Math.sqrt(2 * Math.log(2)));
        double st0 = s.effectiveTargetFwhmNm() / (2 * Math.sqrt(2 * Math.log(2))) / px;
        // draw every k-th point with k times the mass: points 1 target sigma apart already sum to a smooth line
        // (ripple ~ exp(-2 pi^2) of the peak), and the PSF is wider still; the walk itself keeps its fine step
        int every = (int) Math.max(1, Math.min(4, Math.floor(st0 / STEP_PX)));
        double mass = brightness * STEP_PX * every;
        int steps = (int) Math.round(lengthNm / ds);
        double z = startNm[0];
        double y = startNm[1];
        double x = startNm[2];
        double pad = 2 + 3 * sw / px;
        double st = s.effectiveTargetFwhmNm() / (2 * Math.sqrt(2 * Math.log(2)));
        double sy = Math.sqrt(st * st + sw * sw) / px;
        double stz = s.effectiveTargetFwhmZNm() / (2 * Math.sqrt(2 * Math.log(2)));
        double sz = Math.sqrt(stz * stz + sw * sw) / dzNm;
        if (!c.is3d()) {
            double off = Math.sqrt(3) * sw;
            for (int k = 0; k < steps; k++) {
                double ty = Math.sin(theta);
                double tx = Math.cos(theta);
                double cy = y / px;
                double cx = x / px;
                if (trace != null) {
                    trace.point(0, y, x);
                }
                if (k % every == 0 && c.near(0, cy, cx, pad)) {
                    c.splat(target, 0, cy, cx, mass, sy, 0);
                    if (sw > 0) {
                        // Gauss-Hermite 3 points across the line (normal = (tx, -ty) in (y, x)): weights 2/3, 1/6, 1/6
                        c.deposit(density, 0, cy, cx, mass * 2 / 3);
                        c.deposit(density, 0, cy + tx * off / px, cx - ty * off / px, mass / 6);
                        c.deposit(density, 0, cy - tx * off / px, cx + ty * off / px, mass / 6);
                    } else {
                        c.deposit(density, 0, cy, cx, mass);
                    }
                }
                y += ty * ds;
                x += tx * ds;
                theta += sigmaStep * rng.nextGaussian();
            }
            return;
        }
        double[] n1 = new double[3];
        double[] n2 = new double[3];
        double off = Math.sqrt(2) * sw;
        for (int k = 0; k < steps; k++) {
            perpendicular(t, n1, n2);
            double cz = z / dzNm;
            double cy = y / px;
            double cx = x / px;
            if (trace != null) {
                trace.point(z, y, x);
            }
            if (k % every == 0 && c.near(cz, cy, cx, pad)) {
                c.splat(target, cz, cy, cx, mass, sy, sz);
                if (sw > 0) {
                    // four points at sqrt(2) sigma along two normals: the variance of the round cross-section
                    for (int q = 0; q < 4; q++) {
                        double[] n = q < 2 ? n1 : n2;
                        double sgn = (q & 1) == 0 ? off : -off;
                        c.deposit(density, (z + sgn * n[0]) / dzNm, (y + sgn * n[1]) / px, (x + sgn * n[2]) / px,
                                mass / 4);
                    }
                } else {
                    c.deposit(density, cz, cy, cx, mass);
                }
            }
            z += t[0] * ds;
            y += t[1] * ds;
            x += t[2] * ds;
            double g1 = sigmaStep * rng.nextGaussian();
            double g2 = sigmaStep * rng.nextGaussian();
            double norm = 0;
            for (int i = 0; i < 3; i++) {
                t[i] += g1 * n1[i] + g2 * n2[i];
                norm += t[i] * t[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < 3; i++) {
                t[i] /= norm;
            }
        }
    }

    /** A direction uniform on the sphere (z, y, x). */
    static double[] randomUnit(RandomGenerator rng) {
        double u = 2 * rng.nextDouble() - 1;
        double phi = 2 * Math.PI * rng.nextDouble();
        double r = Math.sqrt(1 - u * u);
        return new double[] {u, r * Math.sin(phi), r * Math.cos(phi)};
    }

    /** Two unit vectors perpendicular to unit {@code t} and to each other. */
    static void perpendicular(double[] t, double[] n1, double[] n2) {
        // cross with the axis least aligned with t
        double ax = Math.abs(t[0]);
        double ay = Math.abs(t[1]);
        double az = Math.abs(t[2]);
        double[] e = ax <= ay && ax <= az ? new double[] {1, 0, 0} : ay <= az ? new double[] {0, 1, 0}
                : new double[] {0, 0, 1};
        n1[0] = t[1] * e[2] - t[2] * e[1];
        n1[1] = t[2] * e[0] - t[0] * e[2];
        n1[2] = t[0] * e[1] - t[1] * e[0];
        double n = Math.sqrt(n1[0] * n1[0] + n1[1] * n1[1] + n1[2] * n1[2]);
        for (int i = 0; i < 3; i++) {
            n1[i] /= n;
        }
        n2[0] = t[1] * n1[2] - t[2] * n1[1];
        n2[1] = t[2] * n1[0] - t[0] * n1[2];
        n2[2] = t[0] * n1[1] - t[1] * n1[0];
    }
}
