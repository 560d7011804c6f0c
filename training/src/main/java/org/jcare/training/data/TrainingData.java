package org.jcare.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Training patches in the engine layout: sources X of shape {@code [S, C_in, (Z,) Y, X]} and targets Y of shape
 * {@code [S, C_out, (Z,) Y, X]}, float32, held as one array per sample (chunks, so millions of patches never need
 * one array over 2^31 values). Axes are {@code "SCYX"}, {@code "SCZYX"} or {@code "SCTYX"}: CSBDeep's
 * {@code create_patches} layout, which is also what {@code save_training_data} writes to {@code .npz}.
 *
 * <p>Immutable in structure; the sample arrays returned by {@link #x(int)} and {@link #y(int)} are the stored ones
 * and must not be modified.
 */
public final class TrainingData {
    private final String axes;
    private final int channelsIn;
    private final int channelsOut;
    private final int[] spatialShape;
    private final int[] targetShape;
    private final List<float[]> x;
    private final List<float[]> y;

    private TrainingData(String axes, int channelsIn, int channelsOut, int[] spatialShape, List<float[]> x,
            List<float[]> y) {
        this(axes, channelsIn, channelsOut, spatialShape, spatialShape, x, y);
    }

    private TrainingData(String axes, int channelsIn, int channelsOut, int[] spatialShape, int[] targetShape,
            List<float[]> x, List<float[]> y) {
        this.axes = axes;
        this.channelsIn = channelsIn;
        this.channelsOut = channelsOut;
        this.spatialShape = spatialShape;
        this.targetShape = targetShape;
        this.x = x;
        this.y = y;
    }

    /**
     * Training data whose targets lack the Z axis of the sources, as CSBDeep's {@code create_patches_reduced_target}
     * makes for projection models: X {@code [S, C_in, Z, Y, X]}, Y {@code [S, C_out, Y, X]} (the network's 2D output;
     * in an {@code .npz} Y keeps a Z axis of size 1, as CSBDeep writes it).
     *
     * @param spatialShape patch size Z, Y, X of the sources
     */
    public static TrainingData reducedTarget(int[] spatialShape, int channelsIn, int channelsOut, List<float[]> x,
            List<float[]> y) {
        TrainingData full = of("ZYX", spatialShape, channelsIn, channelsIn, x, x);
        int[] target = {spatialShape[1], spatialShape[2]};
        long voxels = (long) target[0] * target[1];
        if (channelsOut < 1) {
            throw new IllegalArgumentException("channel counts must be >= 1, got " + channelsOut);
        }
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("X has " + x.size() + " samples but Y has " + y.size());
        }
        for (int i = 0; i < y.size(); i++) {
            if (y.get(i).length != channelsOut * voxels) {
                throw new IllegalArgumentException("sample " + i + ": Y has " + y.get(i).length + " values, expected "
                        + channelsOut * voxels + " for " + channelsOut + " channel(s) of " + target[0] + "x"
                        + target[1]);
            }
        }
        return new TrainingData(full.axes, channelsIn, channelsOut, spatialShape.clone(), target, full.x,
                Collections.unmodifiableList(new ArrayList<>(y)));
    }

    /**
     * Training data from per-sample arrays already in the engine layout.
     *
     * @param spatialAxes  "YX", "ZYX" or "TYX"
     * @param spatialShape patch size per spatial axis
     * @param x            per sample, {@code channelsIn * prod(spatialShape)} values ([C, spatial...] in C order)
     * @param y            per sample, {@code channelsOut * prod(spatialShape)} values
     */
    public static TrainingData of(String spatialAxes, int[] spatialShape, int channelsIn, int channelsOut,
            List<float[]> x, List<float[]> y) {
        String sp = spatialAxes.toUpperCase(Locale.ROOT);
        if (!sp.equals("YX") && !sp.equals("ZYX") && !sp.equals("TYX")) {
            throw new IllegalArgumentException("training data spatial axes must be YX, ZYX or TYX, got '" + spatialAxes
                    + "'");
        }
        if (spatialShape.length != sp.length()) {
            throw new IllegalArgumentException("spatial shape " + Arrays.toString(spatialShape) + " does not fit axes "
                    + sp);
        }
        if (channelsIn < 1 || channelsOut < 1) {
            throw new IllegalArgumentException("channel counts must be >= 1, got " + channelsIn + " and "
                    + channelsOut);
        }
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("X has " + x.size() + " samples but Y has " + y.size());
        }
        long voxels = 1;
        for (int s : spatialShape) {
            if (s < 1) {
                throw new IllegalArgumentException("spatial shape " + Arrays.toString(spatialShape) + " has a size < 1");
            }
            voxels *= s;
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i).length != channelsIn * voxels || y.get(i).length != channelsOut * voxels) {
                throw new IllegalArgumentException("sample " + i + ": X has " + x.get(i).length + " and Y "
                        + y.get(i).length + " values, expected " + channelsIn * voxels + " and "
                        + channelsOut * voxels + " for channels " + channelsIn + "/" + channelsOut + " and patch "
                        + Arrays.toString(spatialShape));
            }
        }
        return new TrainingData("SC" + sp, channelsIn, channelsOut, spatialShape.clone(),
                Collections.unmodifiableList(new ArrayList<>(x)), Collections.unmodifiableList(new ArrayList<>(y)));
    }

    /**
     * Training data from CSBDeep arrays (as stored in an {@code .npz} by {@code save_training_data}): X and Y with
     * the same axes {@code axes}, S first, C anywhere or absent (then one channel), spatial axes in any order; X and
     * Y may differ only in their channel count. The result is in the engine layout (C second, spatial axes ordered
     * T/Z, Y, X), as CSBDeep's {@code load_training_data} moves channels for its backend.
     */
    public static TrainingData fromArrays(LongFloatArray xData, long[] xShape, LongFloatArray yData, long[] yShape,
            String axes) {
        String a = axes == null ? "" : axes.trim().toUpperCase(Locale.ROOT);
        if (a.length() != xShape.length || a.length() != yShape.length) {
            throw new IllegalArgumentException("training data axes '" + axes + "' do not fit X shape "
                    + Arrays.toString(xShape) + " and Y shape " + Arrays.toString(yShape));
        }
        if (a.indexOf('S') != 0) {
            throw new IllegalArgumentException("training data axes '" + axes + "' must start with S (samples)");
        }
        int ci = a.indexOf('C');
        String spatial = canonicalSpatial(a.replace("S", "").replace("C", ""), axes);
        int zi = a.indexOf('Z');
        boolean reduced = zi >= 0 && yShape[zi] == 1 && xShape[zi] > 1;
        for (int i = 0; i < a.length(); i++) {
            if (i != ci && !(reduced && i == zi) && xShape[i] != yShape[i]) {
                throw new IllegalArgumentException("X shape " + Arrays.toString(xShape) + " and Y shape "
                        + Arrays.toString(yShape) + " differ along axis " + a.charAt(i) + " (axes " + a + ")");
            }
        }
        checkLength("X", xData, xShape);
        checkLength("Y", yData, yShape);
        int n = Math.toIntExact(xShape[0]);
        int cin = ci < 0 ? 1 : Math.toIntExact(xShape[ci]);
        int cout = ci < 0 ? 1 : Math.toIntExact(yShape[ci]);
        int[] sp = new int[spatial.length()];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = Math.toIntExact(xShape[a.indexOf(spatial.charAt(i))]);
        }
        List<float[]> xs = new ArrayList<>(n);
        List<float[]> ys = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            xs.add(sampleToEngine(xData, xShape, a, spatial, s));
            ys.add(sampleToEngine(yData, yShape, a, spatial, s));
        }
        if (reduced) {
            // CSBDeep's reduced targets keep Z with size 1; the network's output has no Z
            return reducedTarget(sp, cin, cout, xs, ys);
        }
        return new TrainingData("SC" + spatial, cin, cout, sp, Collections.unmodifiableList(xs),
                Collections.unmodifiableList(ys));
    }

    /** Spatial letters ordered T/Z, Y, X; rejects anything else. */
    private static String canonicalSpatial(String letters, String axes) {
        StringBuilder sb = new StringBuilder();
        for (char c : "TZYX".toCharArray()) {
            if (letters.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        String s = sb.toString();
        if (s.length() != letters.length() || !(s.equals("YX") || s.equals("ZYX") || s.equals("TYX"))) {
            throw new IllegalArgumentException("training data axes '" + axes + "': besides S and C they must be YX, ZYX"
                    + " or TYX (in any order)");
        }
        return s;
    }

    private static void checkLength(String what, LongFloatArray data, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (data.length() != n) {
            throw new IllegalArgumentException(what + " has " + data.length() + " values but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    /** Sample {@code s} of an array with axes {@code a} (S first) as [C, spatial in canonical order]. */
    private static float[] sampleToEngine(LongFloatArray data, long[] shape, String a, String spatial, int s) {
        int per = 1;
        for (int i = 1; i < shape.length; i++) {
            per = Math.multiplyExact(per, Math.toIntExact(shape[i]));
        }
        float[] raw = new float[per];
        data.read((long) s * per, raw, 0, per);
        String target = "C" + spatial;
        String src = a.substring(1);
        if (src.indexOf('C') < 0) {
            src = "C" + src;
        }
        if (src.equals(target)) {
            return raw;
        }
        // strides of the source sample, then gather in target order
        long[] srcShape = new long[src.length()];
        for (int i = 0; i < src.length(); i++) {
            int k = a.indexOf(src.charAt(i));
            srcShape[i] = k < 0 ? 1 : shape[k];
        }
        int[] srcStride = new int[src.length()];
        int st = 1;
        for (int i = src.length() - 1; i >= 0; i--) {
            srcStride[i] = st;
            st *= (int) srcShape[i];
        }
        int rank = target.length();
        int[] tShape = new int[rank];
        int[] tStride = new int[rank];
        for (int i = 0; i < rank; i++) {
            int k = src.indexOf(target.charAt(i));
            tShape[i] = (int) srcShape[k];
            tStride[i] = srcStride[k];
        }
        float[] out = new float[per];
        int[] idx = new int[rank];
        int off = 0;
        for (int f = 0; f < per; f++) {
            out[f] = raw[off];
            for (int i = rank - 1; i >= 0; i--) {
                off += tStride[i];
                if (++idx[i] < tShape[i]) {
                    break;
                }
                off -= tStride[i] * tShape[i];
                idx[i] = 0;
            }
        }
        return out;
    }

    /** Axes: "SCYX", "SCZYX" or "SCTYX". */
    public String axes() {
        return axes;
    }

    /** Spatial axes: "YX", "ZYX" or "TYX". */
    public String spatialAxes() {
        return axes.substring(2);
    }

    /** Number of samples. */
    public int size() {
        return x.size();
    }

    /** Source channels. */
    public int channelsIn() {
        return channelsIn;
    }

    /** Target channels. */
    public int channelsOut() {
        return channelsOut;
    }

    /** Patch size per spatial axis. */
    public int[] spatialShape() {
        return spatialShape.clone();
    }

    /** True when the targets lack the sources' Z axis ({@link #reducedTarget}). */
    public boolean isReducedTarget() {
        return targetShape.length != spatialShape.length;
    }

    /** Target patch size per spatial axis: the source's, or Y, X for reduced targets. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    /** Voxels per channel of one target patch. */
    public int targetVoxels() {
        int v = 1;
        for (int s : targetShape) {
            v *= s;
        }
        return v;
    }

    /** Voxels per channel of one patch. */
    public int patchVoxels() {
        int v = 1;
        for (int s : spatialShape) {
            v *= s;
        }
        return v;
    }

    /** Shape of X: {@code [S, C_in, spatial...]}. */
    public long[] xShape() {
        return shape(channelsIn);
    }

    /** Shape of Y: {@code [S, C_out, spatial...]} ({@code [S, C_out, Y, X]} for reduced targets). */
    public long[] yShape() {
        long[] s = new long[2 + targetShape.length];
        s[0] = size();
        s[1] = channelsOut;
        for (int i = 0; i < targetShape.length; i++) {
            s[2 + i] = targetShape[i];
        }
        return s;
    }

    private long[] shape(int c) {
        long[] s = new long[2 + spatialShape.length];
        s[0] = size();
        s[1] = c;
        for (int i = 0; i < spatialShape.length; i++) {
            s[2 + i] = spatialShape[i];
        }
        return s;
    }

    /** Source patch {@code i}, [C_in, spatial...] in C order (the stored array: do not modify). */
    public float[] x(int i) {
        return x.get(i);
    }

    /** Target patch {@code i}, [C_out, spatial...] in C order (the stored array: do not modify). */
    public float[] y(int i) {
        return y.get(i);
    }

    /** Bytes held by X and Y. */
    public long bytes() {
        return 4L * size() * ((long) channelsIn * patchVoxels() + (long) channelsOut * targetVoxels());
    }

    /** Samples {@code [from, to)} (sharing the arrays). */
    public TrainingData subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size() + " samples");
        }
        return new TrainingData(axes, channelsIn, channelsOut, spatialShape, targetShape, x.subList(from, to),
                y.subList(from, to));
    }

    /**
     * Training and validation parts as CSBDeep's {@code load_training_data}: the validation set is the <em>last</em>
     * {@code round(n * fraction)} samples (Python's round: half to even), the rest trains. Patch creation shuffles,
     * so the last samples are a random subset.
     *
     * @param validationFraction in [0, 1); 0 gives an empty validation set
     * @throws IllegalArgumentException when a positive fraction leaves no sample on either side
     */
    public Split split(double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int n = size();
        int nVal = (int) Math.rint(n * validationFraction);
        if (validationFraction > 0 && (nVal == 0 || nVal == n)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " of " + n
                    + " patches leaves " + nVal + " for validation and " + (n - nVal)
                    + " for training; both need at least one: create more patches or change the fraction");
        }
        return new Split(subset(0, n - nVal), subset(n - nVal, n));
    }

    /**
     * Training and validation parts.
     *
     * @param train      the first samples
     * @param validation the last samples
     */
    public record Split(TrainingData train, TrainingData validation) {
    }

    /** Batches as CSBDeep's {@code RollingSequence} (see {@link BatchSequence}). */
    public BatchSequence batches(int batchSize, long seed, Augmentation augmentation) {
        return new BatchSequence(this, batchSize, seed, augmentation);
    }

    @Override
    public String toString() {
        return "TrainingData{" + axes + ", samples=" + size() + ", channels=" + channelsIn + "->" + channelsOut
                + ", patch=" + Arrays.toString(spatialShape) + "}";
    }
}
