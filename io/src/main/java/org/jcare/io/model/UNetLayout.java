package org.jcare.io.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CARE U-Net as the model formats see it: which convolution layers it has, in CSBDeep's construction order, with
 * their jcare tensor names and shapes. The network itself lives in the training module ({@code UNetSpec},
 * {@code UNet}); this description lets the format code (CSBDeep import, ONNX and Model Zoo export) work without a
 * device. CSBDeep's {@code custom_unet} (CARE-MODES.md section 0.5): per level two convolutions with ReLU and 2x
 * max-pooling, a middle of two, per level up nearest upsampling, concatenation [upsampled, skip] and two convolutions
 * with ReLU, a 1x1 linear head, the residual add of the input, the optional last ReLU, and, when probabilistic, a 1x1
 * scale head with softplus + 1e-3 whose channels follow the mean's.
 *
 * @param nDim               2 or 3 spatial axes
 * @param channelsIn         input channels
 * @param channelsOut        output channels of the mean (a probabilistic net outputs twice as many)
 * @param depth              pooling levels (unet_n_depth)
 * @param kernelSize         odd kernel size per spatial axis, outermost first
 * @param firstFilters       filters of the first level (unet_n_first)
 * @param residual           the input is added to the head's output
 * @param probabilistic      with the Laplace scale head
 * @param lastActivationRelu ReLU after the residual add (unet_last_activation "relu")
 * @param poolFactors        pooling factor per spatial axis
 */
public record UNetLayout(int nDim, int channelsIn, int channelsOut, int depth, int[] kernelSize, int firstFilters,
                         boolean residual, boolean probabilistic, boolean lastActivationRelu, int[] poolFactors) {
    /** Added to the softplus of the scale head (CSBDeep's Lambda layer). */
    public static final float SCALE_EPSILON = 1e-3f;

    /**
     * One convolution: weight {@code [out, in, k...]}, bias {@code [out]}.
     *
     * @param name   the CSBDeep layer name jcare uses for its tensors ({@code <name>.weight}, {@code <name>.bias})
     * @param out    output channels
     * @param in     input channels
     * @param kernel kernel size per spatial axis
     * @param relu   whether ReLU follows it
     */
    public record Conv(String name, int out, int in, int[] kernel, boolean relu) {
        /** The jcare weight shape {@code [out, in, k...]}. */
        public long[] weightShape() {
            long[] s = new long[2 + kernel.length];
            s[0] = out;
            s[1] = in;
            for (int i = 0; i < kernel.length; i++) {
                s[2 + i] = kernel[i];
            }
            return s;
        }

        /** The Keras kernel shape {@code [k..., in, out]}. */
        public long[] kerasShape() {
            long[] s = new long[2 + kernel.length];
            for (int i = 0; i < kernel.length; i++) {
                s[i] = kernel[i];
            }
            s[kernel.length] = in;
            s[kernel.length + 1] = out;
            return s;
        }

        @Override
        public int[] kernel() {
            return kernel.clone();
        }
    }

    /** Checks the sizes. */
    public UNetLayout {
        if (nDim != 2 && nDim != 3) {
            throw new IllegalArgumentException("a CARE U-Net has 2 or 3 spatial axes, got " + nDim);
        }
        if (kernelSize.length != nDim || poolFactors.length != nDim) {
            throw new IllegalArgumentException("kernel size and pool factors need " + nDim + " entries, got "
                    + Arrays.toString(kernelSize) + " and " + Arrays.toString(poolFactors));
        }
        if (channelsIn < 1 || channelsOut < 1 || depth < 0 || firstFilters < 1) {
            throw new IllegalArgumentException("invalid U-Net sizes: channels " + channelsIn + " -> " + channelsOut
                    + ", depth " + depth + ", first filters " + firstFilters);
        }
        kernelSize = kernelSize.clone();
        poolFactors = poolFactors.clone();
    }

    /** Filters of level {@code n}. */
    public int filters(int level) {
        return firstFilters << level;
    }

    /** Output channels of the network: twice {@link #channelsOut()} when probabilistic. */
    public int outputChannels() {
        return probabilistic ? 2 * channelsOut : channelsOut;
    }

    /** Input sizes must be multiples of these per spatial axis. */
    public int[] divisibility() {
        int[] d = new int[nDim];
        for (int i = 0; i < nDim; i++) {
            d[i] = (int) Math.round(Math.pow(poolFactors[i], depth));
        }
        return d;
    }

    /** The convolutions in CSBDeep's construction order (which is also the order of jcare's parameters). */
    public List<Conv> convs() {
        List<Conv> out = new ArrayList<>();
        int ch = channelsIn;
        for (int n = 0; n < depth; n++) {
            out.add(new Conv("down_level_" + n + "_no_0", filters(n), ch, kernelSize, true));
            out.add(new Conv("down_level_" + n + "_no_1", filters(n), filters(n), kernelSize, true));
            ch = filters(n);
        }
        out.add(new Conv("middle_0", filters(depth), ch, kernelSize, true));
        out.add(new Conv("middle_2", filters(Math.max(0, depth - 1)), filters(depth), kernelSize, true));
        ch = filters(Math.max(0, depth - 1));
        for (int n = depth - 1; n >= 0; n--) {
            out.add(new Conv("up_level_" + n + "_no_0", filters(n), ch + filters(n), kernelSize, true));
            out.add(new Conv("up_level_" + n + "_no_2", filters(Math.max(0, n - 1)), filters(n), kernelSize, true));
            ch = filters(Math.max(0, n - 1));
        }
        int[] one = new int[nDim];
        Arrays.fill(one, 1);
        out.add(new Conv("head", channelsOut, ch, one, false));
        if (probabilistic) {
            out.add(new Conv("head_scale", channelsOut, ch, one, false));
        }
        return out;
    }

    @Override
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    @Override
    public int[] poolFactors() {
        return poolFactors.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UNetLayout l && l.nDim == nDim && l.channelsIn == channelsIn
                && l.channelsOut == channelsOut && l.depth == depth && Arrays.equals(l.kernelSize, kernelSize)
                && l.firstFilters == firstFilters && l.residual == residual && l.probabilistic == probabilistic
                && l.lastActivationRelu == lastActivationRelu && Arrays.equals(l.poolFactors, poolFactors);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernelSize) * 31 + depth * 7 + firstFilters;
    }

    @Override
    public String toString() {
        return "U-Net " + nDim + "D " + channelsIn + "->" + channelsOut + (probabilistic ? " probabilistic" : "")
                + ", depth " + depth + ", kernel " + Arrays.toString(kernelSize) + ", " + firstFilters + " filters"
                + (residual ? ", residual" : "");
    }
}
