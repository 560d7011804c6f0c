package org.jcare.training.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The projection sub-network of CSBDeep's {@code ProjectionConfig} ({@code csbdeep/models/care_projection.py}), under
 * its {@code config.json} names: {@code proj_axis} (the axis projected away, Z), {@code proj_n_depth} (pooling levels,
 * default 4), {@code proj_n_filt} (filters of every convolution, default 8), {@code proj_n_conv_per_depth} (default 1),
 * {@code proj_kern} (kernel per spatial axis of the config, default 3,3,3) and {@code proj_pool} (pooling per axis,
 * default 1 along the projection axis and 2 on the others). Kernel and pooling may be null until the config resolves
 * them from its axes.
 *
 * @param axis          the projected axis (jcare supports Z)
 * @param nDepth        pooling levels of the encoder-decoder
 * @param nFilt         filters of each 3D convolution
 * @param nConvPerDepth convolutions per level
 * @param kern          kernel size per spatial axis (config order, e.g. Z, Y, X), or null for the default
 * @param pool          pooling factor per spatial axis, or null for the default
 */
public record ProjectionParams(String axis, int nDepth, int nFilt, int nConvPerDepth, int[] kern, int[] pool) {
    /** CSBDeep's defaults, kernel and pooling resolved later from the axes. */
    public static ProjectionParams defaults() {
        return new ProjectionParams("Z", 4, 8, 1, null, null);
    }

    /** Copies the arrays. */
    public ProjectionParams {
        kern = kern == null ? null : kern.clone();
        pool = pool == null ? null : pool.clone();
    }

    /** These parameters with CSBDeep's default kernel (3 everywhere) and pooling for spatial axes {@code spatial}. */
    public ProjectionParams resolved(String spatial) {
        int n = spatial.length();
        int[] k = kern;
        int[] p = pool;
        if (k == null) {
            k = new int[n];
            Arrays.fill(k, 3);
        }
        if (p == null) {
            p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = axis != null && spatial.charAt(i) == axis.charAt(0) ? 1 : 2;
            }
        }
        return new ProjectionParams(axis, nDepth, nFilt, nConvPerDepth, k, p);
    }

    /** Every problem with these parameters for a config with spatial axes {@code spatial} (e.g. ZYX). */
    List<Violation> violations(String spatial) {
        List<Violation> bad = new ArrayList<>();
        if (spatial != null && spatial.length() != 3) {
            bad.add(new Violation("axes", "'" + spatial + "'", "a projection model takes 3D input: ZYX (with C)"));
        }
        if (!"Z".equals(axis)) {
            bad.add(new Violation("proj_axis", axis == null ? "null" : "'" + axis + "'",
                    "'Z' (jcare projects along Z, the axis of the stack)"));
        } else if (spatial != null && spatial.indexOf('Z') < 0) {
            bad.add(new Violation("proj_axis", "'Z'", "an axis of the model, whose axes are " + spatial));
        }
        positive(bad, "proj_n_depth", nDepth);
        positive(bad, "proj_n_filt", nFilt);
        positive(bad, "proj_n_conv_per_depth", nConvPerDepth);
        sizes(bad, "proj_kern", kern, true);
        sizes(bad, "proj_pool", pool, false);
        if (pool != null && pool.length == 3 && spatial != null && spatial.indexOf('Z') >= 0
                && pool[spatial.indexOf('Z')] != 1) {
            bad.add(new Violation("proj_pool", Arrays.toString(pool), "1 along the projection axis Z (the projection"
                    + " network never pools Z, so the whole stack is weighted)"));
        }
        return bad;
    }

    private static void positive(List<Violation> bad, String field, int v) {
        if (v < 1) {
            bad.add(new Violation(field, String.valueOf(v), "an integer >= 1"));
        }
    }

    private static void sizes(List<Violation> bad, String field, int[] v, boolean odd) {
        if (v == null) {
            return;
        }
        boolean ok = v.length == 3;
        for (int s : v) {
            ok &= s >= 1 && (!odd || s % 2 == 1);
        }
        if (!ok) {
            bad.add(new Violation(field, Arrays.toString(v), "three " + (odd ? "odd " : "") + "integers >= 1, one per"
                    + " spatial axis"));
        }
    }

    @Override
    public int[] kern() {
        return kern == null ? null : kern.clone();
    }

    @Override
    public int[] pool() {
        return pool == null ? null : pool.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectionParams p && java.util.Objects.equals(p.axis, axis) && p.nDepth == nDepth
                && p.nFilt == nFilt && p.nConvPerDepth == nConvPerDepth && Arrays.equals(p.kern, kern)
                && Arrays.equals(p.pool, pool);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(axis, nDepth, nFilt, nConvPerDepth) * 31 + Arrays.hashCode(kern) * 7
                + Arrays.hashCode(pool);
    }

    @Override
    public String toString() {
        return "proj_axis=" + axis + ", proj_n_depth=" + nDepth + ", proj_n_filt=" + nFilt
                + ", proj_n_conv_per_depth=" + nConvPerDepth + ", proj_kern=" + Arrays.toString(kern) + ", proj_pool="
                + Arrays.toString(pool);
    }
}
