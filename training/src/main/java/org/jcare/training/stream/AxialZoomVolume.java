package org.jcare.training.stream;

import java.io.IOException;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.VolumeReader;
import org.jcare.optics.resample.ScipyZoom;

/**
 * A volume zoomed along Z by scipy's linear zoom, computed box by box as it is read: what an upsampling model restores
 * (CSBDeep's {@code UpsamplingCARE} zooms the raw stack before normalization). Every value is the one
 * {@link ScipyZoom#zoomAxis}{@code (image, 'Z', factor, 1)} gives for the whole image, bit for bit: output plane
 * {@code k} is {@code (1 - t) x[i] + t x[i + 1]} at input coordinate {@code k (n - 1) / (m - 1) = i + t}, in double,
 * rounded to float32 once, 0 past the last input plane. A box of {@code nz} output planes reads about
 * {@code nz / factor + 2} input planes.
 */
public final class AxialZoomVolume implements VolumeReader {
    private final VolumeReader source;
    private final double factor;
    private final int zAxis;
    private final int nIn;
    private final int nOut;
    private final long[] shape;

    /**
     * {@code source} zoomed along Z by {@code factor}.
     *
     * @throws IllegalArgumentException when the source has no Z axis or the factor gives no plane
     */
    public AxialZoomVolume(VolumeReader source, double factor) {
        this.source = source;
        this.factor = factor;
        this.zAxis = source.axes().letters().indexOf('Z');
        if (zAxis < 0) {
            throw new IllegalArgumentException(source.describe() + " has no Z axis to upsample (axes "
                    + source.axes().letters() + "); give the axes with --axes, for example ZYX");
        }
        this.shape = source.shape();
        this.nIn = Math.toIntExact(shape[zAxis]);
        this.nOut = ScipyZoom.outputSize(nIn, factor);
        shape[zAxis] = nOut;
    }

    /** The Z factor. */
    public double factor() {
        return factor;
    }

    @Override
    public Axes axes() {
        return source.axes();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The source's pixel sizes with the Z spacing divided by the factor. */
    @Override
    public Calibration calibration() {
        Calibration c = source.calibration();
        return new Calibration(c.x(), c.y(), c.z() / factor, c.unit(), c.t());
    }

    @Override
    public float[] read(long[] start, int[] size) throws IOException {
        int z0 = Math.toIntExact(start[zAxis]);
        int nz = size[zAxis];
        if (z0 < 0 || nz < 0 || z0 + nz > nOut) {
            throw new IndexOutOfBoundsException("Z " + z0 + " + " + nz + " is outside the zoomed volume's " + nOut
                    + " planes (" + describe() + ")");
        }
        double step = ScipyZoom.step(nIn, nOut);
        int[] first = new int[nz];
        int[] second = new int[nz];
        double[] weight = new double[nz];
        boolean[] outside = new boolean[nz];
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int k = 0; k < nz; k++) {
            double c = (z0 + k) * step;
            outside[k] = c > nIn - 1;
            if (outside[k]) {
                continue;
            }
            int i = (int) Math.floor(c);
            weight[k] = c - i;
            first[k] = mirror(i, nIn);
            second[k] = mirror(i + 1, nIn);
            lo = Math.min(lo, Math.min(first[k], second[k]));
            hi = Math.max(hi, Math.max(first[k], second[k]));
        }
        long outer = 1;
        for (int a = 0; a < zAxis; a++) {
            outer *= size[a];
        }
        long inner = 1;
        for (int a = zAxis + 1; a < size.length; a++) {
            inner *= size[a];
        }
        float[] out = new float[Math.toIntExact(outer * nz * inner)];
        if (hi < 0 || out.length == 0) {
            return out;
        }
        long[] srcStart = start.clone();
        int[] srcSize = size.clone();
        srcStart[zAxis] = lo;
        srcSize[zAxis] = hi - lo + 1;
        float[] src = source.read(srcStart, srcSize);
        int n = srcSize[zAxis];
        int in = (int) inner;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < nz; k++) {
                int dst = (o * nz + k) * in;
                if (outside[k]) {
                    continue;
                }
                int a = (o * n + first[k] - lo) * in;
                int b = (o * n + second[k] - lo) * in;
                double t = weight[k];
                for (int j = 0; j < in; j++) {
                    double va = src[a + j];
                    double vb = src[b + j];
                    out[dst + j] = (float) ((1 - t) * va + t * vb);
                }
            }
        }
        return out;
    }

    /** Whole-sample mirror into [0, n), as scipy's linear zoom indexes its second tap at the last sample. */
    private static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int p = 2 * (n - 1);
        int m = ((i % p) + p) % p;
        return m < n ? m : p - m;
    }

    @Override
    public int[] blockShape() {
        int[] b = source.blockShape().clone();
        b[zAxis] = (int) Math.max(1, Math.min(nOut, Math.round(b[zAxis] * factor)));
        return b;
    }

    @Override
    public String describe() {
        return source.describe() + " (Z zoomed by " + factor + ")";
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
