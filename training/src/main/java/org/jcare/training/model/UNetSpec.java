package org.jcare.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture of a CARE U-Net (CSBDeep {@code custom_unet} with its fixed choices: two convolutions per
 * level, ReLU, max-pooling and nearest upsampling by {@code poolFactors}, filters doubling per level).
 *
 * @param nDim            2 or 3 spatial dimensions
 * @param channelsIn      input channels
 * @param channelsOut     output channels (of the mean; a probabilistic net outputs twice as many)
 * @param depth           number of pooling levels (unet_n_depth)
 * @param kernelSize      odd kernel size per spatial axis, outermost first (for example {5,5} or {1,3,3})
 * @param firstFilters    filters of the first level (unet_n_first)
 * @param residual        add the input to the head's output (unet_residual)
 * @param probabilistic   add the softplus scale head (Laplace likelihood)
 * @param lastActivationRelu apply ReLU after the residual add (unet_last_activation = relu)
 * @param poolFactors     pooling factor per spatial axis (2 in CSBDeep; 1 along Z allowed for anisotropic data)
 */
public record UNetSpec(int nDim, int channelsIn, int channelsOut, int depth, int[] kernelSize, int firstFilters,
                       boolean residual, boolean probabilistic, boolean lastActivationRelu, int[] poolFactors) {

    /** Validates every field at once. */
    public UNetSpec {
        List<String> problems = new ArrayList<>();
        if (nDim != 2 && nDim != 3) {
            problems.add("nDim must be 2 or 3, got " + nDim);
        }
        if (channelsIn < 1 || channelsOut < 1) {
            problems.add("channel counts must be >= 1, got in " + channelsIn + ", out " + channelsOut);
        }
        if (depth < 0) {
            problems.add("depth must be >= 0, got " + depth);
        }
        if (kernelSize == null || kernelSize.length != nDim) {
            problems.add("kernelSize needs one size per spatial axis (" + nDim + "), got " + Arrays.toString(kernelSize));
        } else {
            for (int k : kernelSize) {
                if (k < 1 || k % 2 == 0) {
                    problems.add("kernel sizes must be odd and positive, got " + Arrays.toString(kernelSize));
                    break;
                }
            }
        }
        if (poolFactors == null || poolFactors.length != nDim) {
            problems.add("poolFactors needs one factor per spatial axis (" + nDim + "), got " + Arrays.toString(poolFactors));
        }
        if (firstFilters < 1) {
            problems.add("firstFilters must be >= 1, got " + firstFilters);
        }
        if (residual && channelsIn != channelsOut) {
            problems.add("a residual net needs channelsIn == channelsOut, got " + channelsIn + " and " + channelsOut);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid U-Net: " + String.join("; ", problems));
        }
        kernelSize = kernelSize.clone();
        poolFactors = poolFactors.clone();
    }

    /** CSBDeep's defaults for {@code nDim} (kernel 5 in 2D, 3 in 3D; depth 2; 32 filters; residual). */
    public static UNetSpec csbdeepDefault(int nDim, int channels, boolean probabilistic) {
        int k = nDim == 2 ? 5 : 3;
        int[] ks = new int[nDim];
        int[] pf = new int[nDim];
        Arrays.fill(ks, k);
        Arrays.fill(pf, 2);
        return new UNetSpec(nDim, channels, channels, 2, ks, 32, true, probabilistic, false, pf);
    }

    /** The U-Net a CSBDeep configuration describes (pooling by 2 on every axis, as CSBDeep). */
    public static UNetSpec fromConfig(org.jcare.training.config.CareConfig c) {
        int[] pf = new int[c.nDim()];
        Arrays.fill(pf, 2);
        return new UNetSpec(c.nDim(), c.nChannelIn(), c.nChannelOut(), c.unetNDepth(), c.kernelSizePerAxis(),
                c.unetNFirst(), c.unetResidual(), c.probabilistic(), "relu".equals(c.unetLastActivation()), pf);
    }

    /** Channels the network outputs: twice {@link #channelsOut()} when probabilistic. */
    public int outputChannels() {
        return probabilistic ? 2 * channelsOut : channelsOut;
    }

    /** Filters of the convolutions at level {@code n} (the first of the two). */
    public int filters(int level) {
        return firstFilters << level;
    }

    /** Input sizes must be multiples of this per spatial axis (the product of the pool factors). */
    public int[] divisibility() {
        int[] d = new int[nDim];
        for (int i = 0; i < nDim; i++) {
            d[i] = (int) Math.pow(poolFactors[i], depth);
        }
        return d;
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
        return o instanceof UNetSpec s && s.nDim == nDim && s.channelsIn == channelsIn && s.channelsOut == channelsOut
                && s.depth == depth && Arrays.equals(s.kernelSize, kernelSize) && s.firstFilters == firstFilters
                && s.residual == residual && s.probabilistic == probabilistic
                && s.lastActivationRelu == lastActivationRelu && Arrays.equals(s.poolFactors, poolFactors);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernelSize) * 31 + Arrays.hashCode(poolFactors) * 17 + depth * 7 + firstFilters;
    }

    @Override
    public String toString() {
        return "UNet(" + nDim + "D, " + channelsIn + "->" + channelsOut + (probabilistic ? " probabilistic" : "")
                + ", depth " + depth + ", kernel " + Arrays.toString(kernelSize) + ", " + firstFilters + " filters"
                + (residual ? ", residual" : "") + ")";
    }
}
