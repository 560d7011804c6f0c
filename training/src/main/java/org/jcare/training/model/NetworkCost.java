package org.jcare.training.model;

/**
 * Arithmetic cost of a U-Net, counted from its layers: a convolution producing V output voxels with kernel
 * volume K from Cin to Cout channels costs 2 K Cin Cout V floating-point operations forward, and the same
 * again for each of the data and weight gradients. Elementwise ops, pooling and the optimizer are ignored
 * (bandwidth-bound, under 1% of the FLOPs).
 */
public final class NetworkCost {
    private NetworkCost() {
    }

    /** Forward FLOPs for an input of {@code spatial} voxel sizes (outermost first) and batch 1. */
    public static double forwardFlops(UNet net, long[] spatial) {
        UNetSpec spec = net.spec();
        double flops = 0;
        for (UNet.Layer l : net.layers()) {
            long[] w = l.weight().shape().dims();
            long kernelVolume = 1;
            for (int i = 2; i < w.length; i++) {
                kernelVolume *= w[i];
            }
            int level = levelOf(l.name(), spec.depth());
            double voxels = 1;
            int[] pool = spec.poolFactors();
            for (int i = 0; i < spatial.length; i++) {
                voxels *= spatial[i] / Math.pow(pool[i], level);
            }
            flops += 2.0 * kernelVolume * w[0] * w[1] * voxels;
        }
        return flops;
    }

    /** FLOPs of one training step (forward, data gradient, weight gradient) for a batch. */
    public static double trainStepFlops(UNet net, long[] spatial, int batch) {
        return 3 * forwardFlops(net, spatial) * batch;
    }

    /** The resolution level a layer works at, from its CSBDeep name. */
    static int levelOf(String name, int depth) {
        if (name.startsWith("middle")) {
            return depth;
        }
        if (name.startsWith("down_level_") || name.startsWith("up_level_")) {
            String rest = name.substring(name.indexOf("level_") + 6);
            return Integer.parseInt(rest.substring(0, rest.indexOf('_')));
        }
        return 0; // heads
    }
}
