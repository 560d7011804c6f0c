package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.tensor.Shape;

/** Shape rules of the convolution family, checked in one place so that every error names the op and both shapes. */
final class ConvShapes {
    private ConvShapes() {
    }

    /**
     * Checks x [N, Cin, (D,) H, W] against weight [Cout, Cin, (kd,) kh, kw] and bias [Cout] (null: no bias):
     * equal ranks (4 or 5), matching input channels, odd kernel sizes. Reports every violation at once.
     */
    static void check(String op, Shape x, Shape weight, Shape bias) {
        List<String> problems = new ArrayList<>();
        if (x.rank() != 4 && x.rank() != 5) {
            problems.add("input must be N C H W or N C D H W");
        }
        if (weight.rank() != x.rank()) {
            problems.add("weight rank " + weight.rank() + " differs from input rank " + x.rank()
                    + " (weights are [Cout, Cin, (kd,) kh, kw])");
        } else if (x.rank() >= 4) {
            if (weight.dim(1) != x.dim(1)) {
                problems.add("weight has " + weight.dim(1) + " input channels, input has " + x.dim(1));
            }
            if (weight.dim(0) < 1) {
                problems.add("weight has no output channels");
            }
            for (int i = 2; i < weight.rank(); i++) {
                long k = weight.dim(i);
                if (k < 1 || k % 2 == 0) {
                    problems.add("kernel size " + k + " on axis " + i + " is not odd ('same' padding needs odd sizes)");
                }
            }
        }
        if (bias != null && (bias.rank() != 1 || (weight.rank() >= 1 && bias.dim(0) != weight.dim(0)))) {
            problems.add("bias " + bias + " must be [Cout] = [" + (weight.rank() >= 1 ? weight.dim(0) : "?") + "]");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(op + ": input " + x + ", weight " + weight
                    + (bias == null ? "" : ", bias " + bias) + ": " + String.join("; ", problems));
        }
    }

    /** The op name recorded on the tape: conv2d or conv3d. */
    static String opName(Shape x) {
        return x.rank() == 5 ? "conv3d" : "conv2d";
    }

    /** Kernel size as text, for example 3x3x3 or 1x3x3 (3D) and 5x5 (2D). */
    static String kernelText(Shape weight) {
        StringBuilder sb = new StringBuilder();
        for (int i = 2; i < weight.rank(); i++) {
            if (i > 2) {
                sb.append('x');
            }
            sb.append(weight.dim(i));
        }
        return sb.toString();
    }
}
