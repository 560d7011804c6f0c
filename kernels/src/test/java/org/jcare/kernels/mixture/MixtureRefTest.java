package org.jcare.kernels.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float64 reference against closed forms, numerical integration and its own defining identities. */
class MixtureRefTest {
    @Test
    void oneMemberIsItsLaplaceDistribution() {
        double[] mu = {0.3};
        double[] b = {0.07};
        assertEquals(0.3, MixtureRef.mean(mu), 0);
        assertEquals(2 * 0.07 * 0.07, MixtureRef.variance(mu, b), 1e-15);
        for (double p : new double[] {0.001, 0.05, 0.3, 0.5, 0.8, 0.975, 0.999}) {
            double q = 0.3 + (p <= 0.5 ? 0.07 * Math.log(2 * p) : -0.07 * Math.log(2 * (1 - p)));
            assertEquals(q, MixtureRef.quantile(mu, b, p), 1e-14, "p " + p);
            assertEquals(p, MixtureRef.cdf(mu, b, q), 1e-14);
        }
        assertEquals(0, MixtureRef.disagreement(mu, b), 0);
    }

    @Test
    void momentsMatchNumericalIntegrationOfTheMixtureDensity() {
        Random r = new Random(1);
        for (int trial = 0; trial < 5; trial++) {
            int m = 2 + trial;
            double[] mu = new double[m];
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                mu[k] = r.nextDouble();
                b[k] = 0.02 + 0.2 * r.nextDouble();
            }
            // midpoint rule over +-60 of the largest scale (the kinks at mu_m limit it to about 1e-7)
            double lo = -60 * 0.22;
            double hi = 1 + 60 * 0.22;
            int n = 400_000;
            double h = (hi - lo) / n;
            double m0 = 0;
            double m1 = 0;
            double m2 = 0;
            for (int i = 0; i < n; i++) {
                double y = lo + (i + 0.5) * h;
                double p = MixtureRef.pdf(mu, b, y) * h;
                m0 += p;
                m1 += p * y;
                m2 += p * y * y;
            }
            assertEquals(1, m0, 1e-6);
            assertEquals(m1 / m0, MixtureRef.mean(mu), 1e-7);
            assertEquals(m2 / m0 - m1 * m1 / (m0 * m0), MixtureRef.variance(mu, b), 1e-7);
        }
    }

    @Test
    void plainMembersGiveThePopulationVarianceOfTheirMeans() {
        double[] mu = {1, 2, 4};
        double mean = 7.0 / 3;
        assertEquals(mean, MixtureRef.mean(mu), 1e-15);
        double var = ((1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean)) / 3;
        assertEquals(var, MixtureRef.variance(mu, null), 1e-15);
    }

    @Test
    void cdfIsMonotoneFromZeroToOneWithThePdfAsDerivative() {
        double[] mu = {0.1, 0.5, 0.52, 2};
        double[] b = {0.05, 0.3, 0.01, 0.1};
        double prev = 0;
        for (double y = -10; y <= 12; y += 0.01) {
            double f = MixtureRef.cdf(mu, b, y);
            assertTrue(f >= prev, "monotone at " + y);
            prev = f;
            assertEquals(1, f + MixtureRef.survival(mu, b, y), 1e-14);
            double h = 1e-6;
            double slope = (MixtureRef.cdf(mu, b, y + h) - MixtureRef.cdf(mu, b, y - h)) / (2 * h);
            assertEquals(MixtureRef.pdf(mu, b, y), slope, 1e-4 * Math.max(1, MixtureRef.pdf(mu, b, y)), "pdf at " + y);
        }
        assertEquals(0, MixtureRef.cdf(mu, b, -100), 1e-12);
        assertEquals(1, MixtureRef.cdf(mu, b, 100), 1e-12);
    }

    @Test
    void quantilesInvertTheCdfInBothTails() {
        Random r = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(8);
            double[] mu = new double[m];
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                mu[k] = r.nextDouble() * Math.pow(10, -2 + 3 * r.nextDouble());
                b[k] = Math.pow(10, -3 + 2.5 * r.nextDouble());
            }
            double prev = Double.NEGATIVE_INFINITY;
            for (double p : new double[] {1e-4, 0.005, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 0.995, 1 - 1e-4}) {
                double q = MixtureRef.quantile(mu, b, p);
                assertTrue(q > prev, "increasing in p");
                prev = q;
                if (p <= 0.5) {
                    assertEquals(p, MixtureRef.cdf(mu, b, q), 1e-13 * Math.max(1, p / 1e-3));
                } else {
                    assertEquals(1 - p, MixtureRef.survival(mu, b, q), 1e-13 * Math.max(1, (1 - p) / 1e-3));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MixtureRef.quantile(new double[] {0}, new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> MixtureRef.quantile(new double[] {0}, new double[] {1}, 0));
    }

    @Test
    void disagreementIsZeroForIdenticalMembersAndLnMForSeparatedOnes() {
        double[] same = {0.4, 0.4, 0.4, 0.4, 0.4};
        double[] bs = {0.03, 0.03, 0.03, 0.03, 0.03};
        assertEquals(0, MixtureRef.disagreement(same, bs), 0);
        for (int m = 2; m <= 8; m++) {
            double[] mu = new double[m];
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                mu[k] = k * 200;
                b[k] = 1 + 0.5 * k;
            }
            // each pair is > 100 scales apart: the members no longer overlap and D reaches its bound ln M (the
            // rule integrates each member's own density to about 2e-7)
            assertEquals(Math.log(m), MixtureRef.disagreement(mu, b), 1e-6 * Math.log(m), "M = " + m);
        }
    }

    @Test
    void laplaceKlClosedFormMatchesIntegration() {
        double[][] cases = {{0, 1, 0, 1}, {0, 1, 0.5, 1}, {0, 0.2, 1, 0.5}, {0.3, 0.05, 0.1, 0.4}};
        for (double[] c : cases) {
            double lo = Math.min(c[0], c[2]) - 80 * Math.max(c[1], c[3]);
            double hi = Math.max(c[0], c[2]) + 80 * Math.max(c[1], c[3]);
            int n = 2_000_000;
            double h = (hi - lo) / n;
            double kl = 0;
            for (int i = 0; i < n; i++) {
                double y = lo + (i + 0.5) * h;
                double lp = -Math.abs(y - c[0]) / c[1] - Math.log(2 * c[1]);
                double lq = -Math.abs(y - c[2]) / c[3] - Math.log(2 * c[3]);
                kl += Math.exp(lp) * (lp - lq) * h;
            }
            assertEquals(kl, MixtureRef.laplaceKl(c[0], c[1], c[2], c[3]), 1e-6, Arrays.toString(c));
        }
        assertEquals(0, MixtureRef.laplaceKl(0.2, 0.1, 0.2, 0.1), 1e-15);
    }

    @Test
    void fixedRuleMatchesAdaptiveQuadratureOnHardMixtures() {
        Random r = new Random(3);
        double worst = 0;
        for (int trial = 0; trial < 120; trial++) {
            int m = 2 + r.nextInt(7);
            double[] mu = new double[m];
            double[] b = new double[m];
            double spread = Math.pow(10, -3 + 4.3 * r.nextDouble());
            for (int k = 0; k < m; k++) {
                mu[k] = r.nextDouble() * spread;
                b[k] = Math.pow(10, -2.5 + 2 * r.nextDouble()); // scale ratios up to 100 between members
            }
            double fixed = MixtureRef.disagreement(mu, b);
            double truth = MixtureRef.disagreementAdaptive(mu, b, 1e-12);
            worst = Math.max(worst, Math.abs(fixed - truth));
            assertEquals(truth, fixed, 2e-6, "mu " + Arrays.toString(mu) + " b " + Arrays.toString(b));
            assertTrue(fixed >= 0 && fixed <= Math.log(m) + 1e-9, "0 <= D <= ln M");
            // convexity of KL in its second argument: KL(p_m || pbar) <= (1/M) sum_k KL(p_m || p_k)
            double bound = 0;
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < m; k++) {
                    bound += MixtureRef.laplaceKl(mu[i], b[i], mu[k], b[k]) / ((double) m * m);
                }
            }
            assertTrue(fixed <= bound + 1e-9, "D " + fixed + " above the pairwise bound " + bound);
        }
        System.out.println("MixtureRef: fixed rule vs adaptive quadrature, largest |error| " + worst + " nats");
    }

    @Test
    void disagreementIsInvariantToAffineMapsAndEqualsTheEntropyGap() {
        double[] mu = {0.2, 0.25, 0.4};
        double[] b = {0.05, 0.02, 0.1};
        double d = MixtureRef.disagreement(mu, b);
        double[] mu2 = new double[3];
        double[] b2 = new double[3];
        for (int k = 0; k < 3; k++) {
            mu2[k] = 1000 + 250 * mu[k];
            b2[k] = 250 * b[k];
        }
        assertEquals(d, MixtureRef.disagreement(mu2, b2), 1e-12);
        // H(pbar) - (1/M) sum H(p_m), with H(p_m) = 1 + ln(2 b_m) and H(pbar) integrated numerically
        double lo = -5;
        double hi = 5;
        int n = 2_000_000;
        double h = (hi - lo) / n;
        double hMix = 0;
        for (int i = 0; i < n; i++) {
            double p = MixtureRef.pdf(mu, b, lo + (i + 0.5) * h);
            hMix -= p > 0 ? p * Math.log(p) * h : 0;
        }
        double hMembers = 0;
        for (double bk : b) {
            hMembers += (1 + Math.log(2 * bk)) / 3;
        }
        assertEquals(hMix - hMembers, d, 1e-6);
    }

    @Test
    void samplesFollowTheMixtureAndAreKeyedReproducibly() {
        double[] mu = {0, 1, 1.2};
        double[] b = {0.1, 0.3, 0.05};
        int n = 40_000;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = MixtureRef.sample(mu, b, 7, i, 0);
        }
        Arrays.sort(s);
        double ks = 0;
        for (int i = 0; i < n; i++) {
            double f = MixtureRef.cdf(mu, b, s[i]);
            ks = Math.max(ks, Math.max(Math.abs(f - (double) i / n), Math.abs(f - (i + 1.0) / n)));
        }
        // Kolmogorov-Smirnov: the 99.9 % critical value is 1.95 / sqrt(n)
        assertTrue(ks < 1.95 / Math.sqrt(n), "KS distance " + ks);
        assertEquals(MixtureRef.sample(mu, b, 7, 123, 2), MixtureRef.sample(mu, b, 7, 123, 2), 0);
        assertTrue(MixtureRef.sample(mu, b, 7, 123, 2) != MixtureRef.sample(mu, b, 8, 123, 2));
        double u = MixtureRef.uniform(-1L);
        assertTrue(u > 0 && u < 1 && MixtureRef.uniform(0) > 0);
    }
}
