package org.jcare.kernels.conv;

import org.jcare.engine.cl.DeviceInfo;

/**
 * The kernel variants of the convolution family. {@link #AUTO} picks one by explicit preconditions: the device
 * type first (CPU-shaped kernels on CPUs, GPU-shaped ones on GPUs), then whether the shape fits the variant
 * (local memory, work-group size); otherwise it falls back to {@link #NAIVE}. Forcing a variant (tests,
 * benchmarks, the tuner) runs it on any device, and fails with the reason when the shape does not fit it.
 */
public enum ConvVariant {
    /** Chosen per device and shape (what {@link Conv#apply(org.jcare.engine.tensor.Tensor,
     * org.jcare.engine.tensor.Tensor, org.jcare.engine.tensor.Tensor, boolean)} uses). */
    AUTO,
    /** One output element per work-item, the math in plain loops: the fallback and the documentation. */
    NAIVE,
    /** Register tiles with explicit vectors over zero-padded inputs, no local memory, no barriers (PoCL). */
    CPU,
    /** Local-memory tiles of input halo and weights with register tiles, split-K weight gradients (GPUs). */
    GPU,
    /**
     * Reserved: TF32 tensor cores through inline-PTX {@code mma.sync} (NVIDIA sm_80+, implicit GEMM,
     * OPENCL-KERNELS.md 6a). Not implemented yet; never chosen by {@link #AUTO}, and forcing it fails.
     */
    GPU_TF32;

    /**
     * The concrete variant to run for {@code requested} on {@code device} and geometry {@code g}; throws when a
     * forced variant cannot run this shape, naming the reason.
     */
    public static ConvVariant resolve(ConvVariant requested, DeviceInfo device, ConvTunables tunables, ConvGeometry g) {
        switch (requested) {
            case AUTO:
                if (device.isCpu()) {
                    return CPU;
                }
                if (device.isGpu() && tunables.gpu().unsupportedReason(device, g) == null) {
                    return GPU;
                }
                return NAIVE;
            case GPU: {
                String why = tunables.gpu().unsupportedReason(device, g);
                if (why != null) {
                    throw new IllegalArgumentException("conv variant GPU cannot run " + g.describe() + " on "
                            + device.name() + ": " + why);
                }
                return GPU;
            }
            case GPU_TF32:
                throw new UnsupportedOperationException("conv variant GPU_TF32 is reserved and not implemented yet;"
                        + " use AUTO, GPU, CPU or NAIVE");
            default:
                return requested;
        }
    }
}
