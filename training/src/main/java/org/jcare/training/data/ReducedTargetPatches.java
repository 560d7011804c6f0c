package org.jcare.training.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcare.io.image.FloatImage;

/**
 * CSBDeep's {@code create_patches_reduced_target} ({@code csbdeep/data/generate.py}) for projection training data:
 * sources are stacks (ZYX, optionally C), targets the 2D images they project to (YX). Each target is broadcast along
 * Z to its source's shape ({@code broadcast_target}), patches are cut exactly as {@link Patches#create} does (the same
 * background filter and per-patch percentile normalization, computed on the broadcast target, as CSBDeep), and the
 * targets keep their first Z plane: X {@code [S, C, Z, Y, X]}, Y {@code [S, C, Y, X]}. A patch size of 0 along Z means
 * "the whole depth of the first stack" (CSBDeep's {@code None}).
 */
public final class ReducedTargetPatches {
    private ReducedTargetPatches() {
    }

    /**
     * The patch size with a 0 along Z replaced by the depth of the first source stack.
     *
     * @param patchSize one size per non-C axis of the sources, in their order
     */
    public static int[] resolvePatchSize(RawData raw, int[] patchSize) throws IOException {
        String spatial = raw.axes().replace("C", "");
        int z = spatial.indexOf('Z');
        if (z < 0) {
            throw new IllegalArgumentException("projection training data needs sources with a Z axis, got axes "
                    + raw.axes());
        }
        if (patchSize.length != spatial.length()) {
            throw new IllegalArgumentException("patch size " + Arrays.toString(patchSize) + " needs one size per axis of "
                    + spatial);
        }
        int[] p = patchSize.clone();
        if (p[z] <= 0) {
            FloatImage first = raw.get(0).source();
            p[z] = (int) first.size('Z');
        }
        return p;
    }

    /**
     * Normalized patches with reduced targets.
     *
     * @param raw pairs whose targets lack the sources' Z axis ({@link RawData#fromFoldersReducedTarget})
     * @param opt patch options; the patch size must include the whole depth along Z ({@link #resolvePatchSize})
     */
    public static TrainingData create(RawData raw, PatchOptions opt) throws IOException {
        RawData broadcast = raw.transformed((pair, i) -> broadcast(pair), "target broadcast along Z");
        TrainingData full = Patches.create(broadcast, opt);
        if (!full.spatialAxes().equals("ZYX")) {
            throw new IllegalArgumentException("projection patches need a Z axis, got " + full.spatialAxes()
                    + " (the patch size along Z must be the stack depth)");
        }
        int[] s = full.spatialShape();
        int plane = s[1] * s[2];
        int cout = full.channelsOut();
        List<float[]> xs = new ArrayList<>(full.size());
        List<float[]> ys = new ArrayList<>(full.size());
        for (int i = 0; i < full.size(); i++) {
            xs.add(full.x(i));
            float[] y = full.y(i);
            float[] r = new float[cout * plane];
            for (int c = 0; c < cout; c++) {
                System.arraycopy(y, c * s[0] * plane, r, c * plane, plane);
            }
            ys.add(r);
        }
        return TrainingData.reducedTarget(s, full.channelsIn(), cout, xs, ys);
    }

    /** The pair with its target repeated along Z to the source's shape (the planes are shared, not copied). */
    static RawData.ImagePair broadcast(RawData.ImagePair pair) {
        FloatImage src = pair.source();
        FloatImage tgt = pair.target();
        String sa = src.axes().letters();
        if (!sa.contains("Z")) {
            throw new IllegalArgumentException(pair.name() + ": the source needs a Z axis to project, axes " + sa);
        }
        if (tgt.axes().has('Z')) {
            return pair;
        }
        String expected = sa.replace("Z", "");
        FloatImage t = tgt;
        if (!t.axes().letters().equals(expected)) {
            if (!t.axes().has('C') && expected.contains("C") && src.size('C') == 1) {
                t = t.withAxes(expected, withOne(src.shape(), sa, expected));
            } else {
                throw new IllegalArgumentException(pair.name() + ": target axes " + t.axes() + " do not fit the source's "
                        + sa + " without Z (" + expected + ")");
            }
        }
        long[] shape = src.shape();
        long nPlanes = src.planeCount();
        float[][] planes = new float[Math.toIntExact(nPlanes)][];
        int zAxis = sa.indexOf('Z');
        long inner = 1;
        for (int i = zAxis + 1; i < shape.length - 2; i++) {
            inner *= shape[i];
        }
        long depth = shape[zAxis];
        for (int p = 0; p < planes.length; p++) {
            long outer = p / (inner * depth);
            long rest = p % inner;
            planes[p] = t.plane(Math.toIntExact(outer * inner + rest));
        }
        return new RawData.ImagePair(src, new FloatImage(src.axes(), shape, planes, tgt.calibration()), pair.name());
    }

    private static long[] withOne(long[] srcShape, String srcAxes, String axes) {
        long[] s = new long[axes.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = axes.charAt(i) == 'C' ? 1 : srcShape[srcAxes.indexOf(axes.charAt(i))];
        }
        return s;
    }
}
