package org.jcare.bench.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jcare.kernels.conv.ConvGeometry;

/**
 * One convolution layer shape to tune: channels, kernel and a realistic spatial bucket (batch included), with
 * how often it occurs in the network and whether a training step needs its data gradient (not for the first
 * layer, whose input is the image).
 *
 * @param name              for example {@code 3d-k3-32-64-b16-8x32x32}
 * @param geometry          the shape timed
 * @param count             occurrences in one U-Net
 * @param needsDataGradient false for the first layer
 */
public record LayerSignature(String name, ConvGeometry geometry, int count, boolean needsDataGradient) {

    /** Batch and spatial size per resolution level of the U-Net. */
    public enum SizeSet {
        /** The GPU workloads of issue 5: batch 16 of 16x64x64 (3D) and 128x128 (2D). */
        GPU(16, new int[][] {{16, 64, 64}, {8, 32, 32}, {4, 16, 16}}, new int[][] {{128, 128}, {64, 64}, {32, 32}}),
        /** The CPU workloads: batch 4 of 16x32x32 (3D) and 64x64 (2D). */
        CPU(4, new int[][] {{16, 32, 32}, {8, 16, 16}, {4, 8, 8}}, new int[][] {{64, 64}, {32, 32}, {16, 16}}),
        /** Seconds on PoCL: tests. */
        TINY(1, new int[][] {{4, 16, 16}, {2, 8, 8}, {1, 4, 4}}, new int[][] {{32, 32}, {16, 16}, {8, 8}});

        private final int batch;
        private final int[][] levels3d;
        private final int[][] levels2d;

        SizeSet(int batch, int[][] levels3d, int[][] levels2d) {
            this.batch = batch;
            this.levels3d = levels3d;
            this.levels2d = levels2d;
        }

        /** The set named {@code s} (gpu, cpu or tiny). */
        public static SizeSet parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("size set '" + s + "' unknown: use gpu, cpu or tiny", e);
            }
        }
    }

    /**
     * The convolutions of the CSBDeep default CARE U-Net (depth 2, 32 first filters, 2 convolutions per level,
     * kernel 3 in 3D and 5 in 2D, 1 input and output channel): 1->32, 32->32 (twice), 32->64, 64->64, 64->128,
     * 128->64 at the bottom, 128->64 and 64->32 after the first upsampling (concatenation doubles the input
     * channels), 64->32 after the second, and the 1x1 head 32->1. Ordered by FLOPs in a training step, largest
     * first, so that a tuner running out of time has tuned what matters most.
     *
     * @param dims 2 or 3
     */
    public static List<LayerSignature> care(SizeSet sizes, int dims) {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("dims must be 2 or 3, not " + dims);
        }
        int k = dims == 3 ? 3 : 5;
        // {cin, cout, level, kernel, count}
        int[][] layers = {
            {1, 32, 0, k, 1}, {32, 32, 0, k, 2}, {32, 64, 1, k, 1}, {64, 64, 1, k, 1}, {64, 128, 2, k, 1},
            {128, 64, 2, k, 1}, {128, 64, 1, k, 1}, {64, 32, 1, k, 1}, {64, 32, 0, k, 1}, {32, 1, 0, 1, 1}};
        List<LayerSignature> out = new ArrayList<>();
        for (int[] l : layers) {
            int[] sp = dims == 3 ? sizes.levels3d[l[2]] : sizes.levels2d[l[2]];
            int kd = dims == 3 ? l[3] : 1;
            int d = dims == 3 ? sp[0] : 1;
            int h = sp[sp.length - 2];
            int w = sp[sp.length - 1];
            ConvGeometry g = new ConvGeometry(sizes.batch, l[0], l[1], d, h, w, kd, l[3], l[3]);
            String spatial = dims == 3 ? d + "x" + h + "x" + w : h + "x" + w;
            String name = dims + "d-k" + l[3] + "-" + l[0] + "-" + l[1] + "-b" + sizes.batch + "-" + spatial;
            out.add(new LayerSignature(name, g, l[4], l[0] != 1));
        }
        out.sort(Comparator.comparingDouble(LayerSignature::stepFlops).reversed());
        return out;
    }

    /** FLOPs of this layer in one training step: forward, data gradient when needed, weight gradient, times count. */
    public double stepFlops() {
        return geometry.flops() * count * (needsDataGradient ? 3 : 2);
    }
}
