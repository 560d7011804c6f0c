package org.jcare.kernels.conv;

import org.jcare.engine.Precision;
import org.jcare.engine.cl.DeviceInfo;

/**
 * The kernel variants of the convolution family. {@link #AUTO} picks one by explicit preconditions: the precision
 * setting and the device first ({@link #GPU_TF32} or {@link #GPU_BF16} when the engine's precision is
 * {@link Precision#TF32} or {@link Precision#BF16} and the device has tensor cores, {@link #tensorCores}), then the
 * device type (CPU-shaped kernels on CPUs, GPU-shaped ones on GPUs), then whether the shape fits the variant (local
 * memory, work-group size); otherwise it falls back to {@link #GPU} (from TF32 and BF16) and then to {@link #NAIVE}. Forcing a variant (tests, benchmarks, the tuner) runs it on any
 * device, and fails with the reason when the shape does not fit it.
 */
public enum ConvVariant {
    /** Chosen per precision, device and shape (what {@link Conv#apply(org.jcare.engine.tensor.Tensor,
     * org.jcare.engine.tensor.Tensor, org.jcare.engine.tensor.Tensor, boolean)} uses). */
    AUTO,
    /** One output element per work-item, the math in plain loops: the fallback and the documentation. */
    NAIVE,
    /** Register tiles with explicit vectors over zero-padded inputs, no local memory, no barriers (PoCL). */
    CPU,
    /** Local-memory tiles of input halo and weights with register tiles, split-K weight gradients (GPUs). */
    GPU,
    /**
     * TF32 tensor cores through inline-PTX {@code mma.sync.m16n8k8} ({@code conv_tf32.cl}): implicit GEMM for the
     * forward and backward-data passes (OPENCL-KERNELS.md 6a), split-K GEMMs per tap with the fixed-order reduce of
     * {@link #GPU} for backward weights (its fp32 kernel where the TF32 tile does not fit). Chosen by {@link #AUTO} only for {@link Precision#TF32} on NVIDIA GPUs of compute
     * capability 8.0 or newer. Forced elsewhere it runs a portable emulation of the same fragment-level
     * computation (the same results up to summation order, very slow: for tests). The tile's stages pick the kernel
     * generation: 0 the single-stage kernels of {@code conv_tf32.cl}, 1 to 4 the cp.async pipeline of
     * {@code conv_mma.cl} ({@link ConvTf32Tunables#stages}).
     */
    GPU_TF32,
    /**
     * BF16 tensor cores through inline-PTX {@code mma.sync.m16n8k16} ({@code conv_mma.cl}, the pipelined kernels of
     * {@link #GPU_TF32} with BF16 operands: 8 input channels x 2 taps per k-step), fp32 sums; weights, activations and
     * gradients stay fp32 in memory. Weight gradients fall back to the fp32 kernel where the tile does not fit.
     * Chosen by {@link #AUTO} only for {@link Precision#BF16} on NVIDIA GPUs of compute capability 8.0 or newer; forced
     * elsewhere it runs the portable emulation (for tests).
     */
    GPU_BF16;

    /**
     * True when {@code device} has TF32 tensor cores reachable from OpenCL C: an NVIDIA GPU of compute capability
     * 8.0 or newer (Ampere, Hopper and later; {@code mma.sync...tf32} needs sm_80).
     */
    public static boolean tensorCores(DeviceInfo device) {
        return device.isGpu() && device.isNvidia() && device.computeCapability() >= 80;
    }

    /**
     * The concrete variant to run for {@code requested} on {@code device} and geometry {@code g} at
     * {@link Precision#FP32}; throws when a forced variant cannot run this shape, naming the reason.
     */
    public static ConvVariant resolve(ConvVariant requested, DeviceInfo device, ConvTunables tunables, ConvGeometry g) {
        return resolve(requested, Precision.FP32, device, tunables, g);
    }

    /**
     * The concrete variant to run for {@code requested} at {@code precision} on {@code device} and geometry
     * {@code g}; throws when a forced variant cannot run this shape, naming the reason. {@link #AUTO} at
     * {@link Precision#TF32} ({@link Precision#BF16}) gives {@link #GPU_TF32} ({@link #GPU_BF16}) only where
     * {@link #tensorCores} holds and the shape fits (forward and the transposed backward-data geometry, and the fp32
     * weight-gradient kernel); else what FP32 would give.
     */
    public static ConvVariant resolve(ConvVariant requested, Precision precision, DeviceInfo device,
                                      ConvTunables tunables, ConvGeometry g) {
        switch (requested) {
            case AUTO:
                if (precision == Precision.TF32 && tensorCores(device) && tf32UnsupportedReason(device, tunables, g) == null) {
                    return GPU_TF32;
                }
                if (precision == Precision.BF16 && tensorCores(device) && bf16UnsupportedReason(device, tunables, g) == null) {
                    return GPU_BF16;
                }
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
            case GPU_TF32: {
                String why = tf32UnsupportedReason(device, tunables, g);
                if (why != null) {
                    throw new IllegalArgumentException("conv variant GPU_TF32 cannot run " + g.describe() + " on "
                            + device.name() + ": " + why);
                }
                return GPU_TF32;
            }
            case GPU_BF16: {
                String why = bf16UnsupportedReason(device, tunables, g);
                if (why != null) {
                    throw new IllegalArgumentException("conv variant GPU_BF16 cannot run " + g.describe() + " on "
                            + device.name() + ": " + why);
                }
                return GPU_BF16;
            }
            default:
                return requested;
        }
    }

    /** Why GPU_TF32 cannot run g (forward, backward data on the transposed geometry, fp32 backward weights), or null. */
    private static String tf32UnsupportedReason(DeviceInfo device, ConvTunables tunables, ConvGeometry g) {
        ConvTf32Tunables t = tunables.tf32();
        String why = t.pipelined() ? t.mmaUnsupportedReason(device, g, false) : t.unsupportedReason(device, g);
        if (why == null) {
            why = t.pipelined() ? t.mmaUnsupportedReason(device, g.transposed(), false)
                    : t.unsupportedReason(device, g.transposed());
        }
        if (why == null) {
            why = tunables.gpu().unsupportedReason(device, g);
        }
        return why;
    }

    /** Why GPU_BF16 cannot run g (as {@link #tf32UnsupportedReason}, on the pipelined kernels), or null. */
    private static String bf16UnsupportedReason(DeviceInfo device, ConvTunables tunables, ConvGeometry g) {
        ConvTf32Tunables t = tunables.tf32();
        String why = t.mmaUnsupportedReason(device, g, true);
        if (why == null) {
            why = t.mmaUnsupportedReason(device, g.transposed(), true);
        }
        if (why == null) {
            why = tunables.gpu().unsupportedReason(device, g);
        }
        return why;
    }
}
