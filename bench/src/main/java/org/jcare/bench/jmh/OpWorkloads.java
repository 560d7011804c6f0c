package org.jcare.bench.jmh;

import java.util.Locale;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.conv.ConvGeometry;

/**
 * Shapes and costs of the op microbenchmarks: one place for the JMH states (what to allocate) and for
 * {@link OpBenchmarks} (what a result means). Sizes follow the standard workloads at the first U-Net level
 * (32 channels): {@code gpu} batch 16 of 16x64x64 (3D) or 128x128 (2D), {@code cpu} batch 4 of 16x32x32 or 64x64,
 * {@code tiny} batch 1 of 4x16x16 or 32x32. Adam updates the 996,769 parameters of the CARE 3D U-Net (65,536 at
 * {@code tiny}).
 *
 * <p>Costs count what the op must do at least: FLOPs of the math (a multiply-add is 2; comparisons, copies and
 * index arithmetic are free; sqrt and division count 1) and bytes of the compulsory traffic (every input read
 * once, every output written once, float32; the pooling argmax is 1 byte). Convolution: 2 * N*Cout*V * Cin*taps
 * per pass; bytes x + w + y (forward), dy + w + dx (data), x + dy + dw + db (weights). Max-pool 2x: forward reads x
 * and writes y and the argmax; backward reads dy and the argmax and writes dx. Nearest upsampling 2x: forward reads
 * x and writes y; backward reads dy and writes dx with one add per dy element. MAE loss on N x 1 x V: forward reads
 * pred and target, 3 FLOPs per element (sub, abs, add); backward also writes dpred, 3 FLOPs (sub, sign, scale).
 * Adam: 12 FLOPs and 28 bytes per parameter (reads p, m, v, g; writes p, m, v).
 */
public final class OpWorkloads {
    /** Channels of the first U-Net level. */
    public static final int CHANNELS = 32;
    /** Parameters of the CARE 3D U-Net (depth 2, 32 filters, k3). */
    public static final long CARE3D_PARAMETERS = 996_769;

    /**
     * What one benchmark invocation costs.
     *
     * @param flops floating-point operations
     * @param bytes compulsory bytes moved to and from device memory
     * @param what  shapes in words
     */
    public record Cost(double flops, double bytes, String what) {
    }

    private OpWorkloads() {
    }

    /** Batch size of a size set. */
    public static int batch(String size) {
        return switch (checked(size)) {
            case "gpu" -> 16;
            case "cpu" -> 4;
            default -> 1;
        };
    }

    /** Spatial size (D, H, W; D = 1 in 2D) of the first level. */
    public static int[] spatial(String size, int rank) {
        boolean threeD = rank(rank) == 3;
        return switch (checked(size)) {
            case "gpu" -> threeD ? new int[] {16, 64, 64} : new int[] {1, 128, 128};
            case "cpu" -> threeD ? new int[] {16, 32, 32} : new int[] {1, 64, 64};
            default -> threeD ? new int[] {4, 16, 16} : new int[] {1, 32, 32};
        };
    }

    /** An activation [N, channels, (D,) H, W] at the first level, or at the second ({@code half}: sizes / 2). */
    public static Shape activation(String size, int rank, int channels, boolean half) {
        int[] s = spatial(size, rank);
        int f = half ? 2 : 1;
        int n = batch(size);
        return rank == 3 ? Shape.of(n, channels, s[0] / f, s[1] / f, s[2] / f) : Shape.of(n, channels, s[1] / f, s[2] / f);
    }

    /** The convolution benchmarked: 32 -> 32, kernel 3 (3D) or 5 (2D), at the first level. */
    public static ConvGeometry conv(String size, int rank) {
        int[] s = spatial(size, rank);
        int k = rank(rank) == 3 ? 3 : 5;
        return new ConvGeometry(batch(size), CHANNELS, CHANNELS, s[0], s[1], s[2], rank == 3 ? k : 1, k, k);
    }

    /** Parameters Adam updates. */
    public static long adamParameters(String size) {
        return checked(size).equals("tiny") ? 65_536 : CARE3D_PARAMETERS;
    }

    /**
     * The cost of benchmark {@code method} of op family {@code family} (the JMH class's simple name).
     *
     * @throws IllegalArgumentException for an unknown benchmark
     */
    public static Cost cost(String family, String method, String size, int rank) {
        switch (family) {
            case "ConvOps": {
                ConvGeometry g = conv(size, rank);
                double x = (double) g.n() * g.cin() * g.plane();
                double y = (double) g.n() * g.cout() * g.plane();
                double w = g.weightCount();
                double bytes = switch (method) {
                    case "forward" -> 4 * (x + w + g.cout() + y);
                    case "backwardData" -> 4 * (y + w + x);
                    case "backwardWeights" -> 4 * (x + y + w + g.cout());
                    default -> throw unknown(family, method);
                };
                return new Cost(g.flops(), bytes, rank + "D conv " + g.describe() + " " + shapeText(size, rank));
            }
            case "PoolOps": {
                double v = activation(size, rank, CHANNELS, false).numel();
                double pooled = v / (rank == 3 ? 8 : 4);
                double bytes = switch (method) {
                    case "forward", "backward" -> 4 * v + 4 * pooled + pooled;
                    default -> throw unknown(family, method);
                };
                return new Cost(0, bytes, rank + "D max-pool 2x, " + CHANNELS + " ch " + shapeText(size, rank));
            }
            case "UpsampleOps": {
                double v = activation(size, rank, CHANNELS, false).numel();
                double small = v / (rank == 3 ? 8 : 4);
                double flops = switch (method) {
                    case "forward" -> 0;
                    case "backward" -> v;
                    default -> throw unknown(family, method);
                };
                return new Cost(flops, 4 * (v + small), rank + "D nearest upsampling 2x to " + CHANNELS + " ch "
                        + shapeText(size, rank));
            }
            case "LossOps": {
                double v = activation(size, rank, 1, false).numel();
                double bytes = switch (method) {
                    case "maeForward" -> 8 * v;
                    case "maeBackward" -> 12 * v;
                    default -> throw unknown(family, method);
                };
                return new Cost(3 * v, bytes, rank + "D MAE loss, 1 ch " + shapeText(size, rank));
            }
            case "AdamOps": {
                if (!method.equals("step")) {
                    throw unknown(family, method);
                }
                double p = adamParameters(size);
                return new Cost(12 * p, 28 * p, String.format(Locale.ROOT, "Adam over %,d parameters", (long) p));
            }
            default:
                throw unknown(family, method);
        }
    }

    private static String shapeText(String size, int rank) {
        int[] s = spatial(size, rank);
        return "batch " + batch(size) + " of " + (rank == 3 ? s[0] + "x" : "") + s[1] + "x" + s[2];
    }

    private static IllegalArgumentException unknown(String family, String method) {
        return new IllegalArgumentException("no cost model for benchmark " + family + "." + method);
    }

    private static String checked(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        if (!s.equals("gpu") && !s.equals("cpu") && !s.equals("tiny")) {
            throw new IllegalArgumentException("op benchmark size '" + size + "' unknown: use tiny, cpu or gpu");
        }
        return s;
    }

    private static int rank(int rank) {
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException("op benchmark rank must be 2 or 3, not " + rank);
        }
        return rank;
    }
}
