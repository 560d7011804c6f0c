package org.jcare.engine;

import java.util.Locale;

/**
 * Arithmetic precision of the convolutions. {@link #FP32} is exact float32 everywhere; {@link #TF32} and
 * {@link #BF16} use NVIDIA tensor cores (inline PTX mma.sync) where the device supports them (compute capability 8.0
 * or newer) and fall back to FP32 elsewhere. Every fast path keeps its FP32 twin. Both round only the operands of the
 * convolutions' products (TF32: 10 mantissa bits; BF16: 7, with float32's exponent range) and sum in fp32; weights,
 * activations and gradients stay float32 in memory (fp32 master weights), so neither needs loss scaling.
 */
public enum Precision {
    FP32, TF32, BF16;

    /** Parses "fp32", "tf32" or "bf16", case-insensitive, naming the accepted values otherwise. */
    public static Precision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision '" + s + "' unknown: use fp32, tf32 or bf16", e);
        }
    }

    /** True for the precisions that run on tensor cores where the device has them (TF32, BF16). */
    public boolean usesTensorCores() {
        return this != FP32;
    }
}
