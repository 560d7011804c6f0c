package org.jcare.engine;

import java.util.Locale;

/**
 * Arithmetic precision of the convolutions. {@link #FP32} is exact float32 everywhere; {@link #TF32} uses
 * NVIDIA tensor cores (inline PTX mma.sync) where the device supports them (compute capability 8.0 or newer)
 * and falls back to FP32 elsewhere. Every fast path keeps its FP32 twin.
 */
public enum Precision {
    FP32, TF32;

    /** Parses "fp32" or "tf32", case-insensitive, naming the accepted values otherwise. */
    public static Precision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision '" + s + "' unknown: use fp32 or tf32", e);
        }
    }
}
