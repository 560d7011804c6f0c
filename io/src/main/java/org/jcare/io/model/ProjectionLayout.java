package org.jcare.io.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The projection sub-network of CSBDeep's ProjectionCARE (CARE-MODES.md section 3.2): an encoder-decoder of 3D
 * convolutions without skip connections ({@code proj_n_depth} levels of {@code proj_n_conv_per_depth} convolutions
 * with {@code proj_n_filt} filters and ReLU, max-pooling by {@code proj_pool}, a middle, nearest upsampling back),
 * then one linear 3D convolution to a single channel whose softmax over Z weights the input stack's planes. The
 * denoiser that follows is a 2D {@link UNetLayout}.
 *
 * <p>Tensor names are the parameter names of jcare's projection network ({@code ProjectionNetwork} in the training
 * module): {@code proj_down_level_<n>_no_<i>}, {@code proj_middle_no_<i>}, {@code proj_up_level_<n>_no_<i>} (n
 * counting down from the deepest level, as the decoder runs) and {@code proj_out}. CSBDeep leaves these layers
 * unnamed (Keras's automatic {@code conv3d}, {@code conv3d_1}, ...), so the names are ours, in construction order;
 * an imported ProjectionCARE model loads into the network by these names.
 *
 * @param channelsIn   channels of the input stack
 * @param depth        proj_n_depth
 * @param filters      proj_n_filt
 * @param convPerDepth proj_n_conv_per_depth
 * @param kernel       proj_kern (Z, Y, X)
 * @param pool         proj_pool (Z, Y, X), 1 along the projected axis
 */
public record ProjectionLayout(int channelsIn, int depth, int filters, int convPerDepth, int[] kernel, int[] pool) {
    /** Checks the sizes. */
    public ProjectionLayout {
        if (kernel.length != 3 || pool.length != 3 || channelsIn < 1 || depth < 1 || filters < 1 || convPerDepth < 1) {
            throw new IllegalArgumentException("invalid projection network: channels " + channelsIn + ", depth " + depth
                    + ", filters " + filters + ", convs per depth " + convPerDepth + ", kernel "
                    + Arrays.toString(kernel) + ", pool " + Arrays.toString(pool));
        }
        kernel = kernel.clone();
        pool = pool.clone();
    }

    /** The convolutions in construction order. */
    public List<UNetLayout.Conv> convs() {
        List<UNetLayout.Conv> out = new ArrayList<>();
        int ch = channelsIn;
        for (int d = 0; d < depth; d++) {
            for (int i = 0; i < convPerDepth; i++) {
                out.add(new UNetLayout.Conv("proj_down_level_" + d + "_no_" + i, filters, ch, kernel, true));
                ch = filters;
            }
        }
        for (int i = 0; i < convPerDepth; i++) {
            out.add(new UNetLayout.Conv("proj_middle_no_" + i, filters, ch, kernel, true));
            ch = filters;
        }
        for (int d = depth - 1; d >= 0; d--) {
            for (int i = 0; i < convPerDepth; i++) {
                out.add(new UNetLayout.Conv("proj_up_level_" + d + "_no_" + i, filters, ch, kernel, true));
            }
        }
        out.add(new UNetLayout.Conv("proj_out", 1, filters, kernel, false));
        return out;
    }

    @Override
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public int[] pool() {
        return pool.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectionLayout p && p.channelsIn == channelsIn && p.depth == depth
                && p.filters == filters && p.convPerDepth == convPerDepth && Arrays.equals(p.kernel, kernel)
                && Arrays.equals(p.pool, pool);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernel) * 31 + depth * 7 + filters;
    }

    @Override
    public String toString() {
        return "projection network (" + channelsIn + " channel(s), depth " + depth + ", " + filters + " filters, "
                + convPerDepth + " conv(s) per level, kernel " + Arrays.toString(kernel) + ", pool "
                + Arrays.toString(pool) + ")";
    }
}
