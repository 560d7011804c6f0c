package org.jcare.bench;

import java.util.Arrays;
import java.util.List;

/**
 * A standard workload: the CSBDeep default network (depth 2, 32 first filters, kernel 3 in 3D and 5 in 2D)
 * trained on a batch or restoring a volume, at the sizes of issue "Performance" (GPU and CPU sets) or tiny
 * sizes for the CI smoke run.
 *
 * @param name        short name, for example "train3d"
 * @param train       true for a training step, false for a restoration
 * @param shape       batch shape N C [D] H W for training; the image shape C [D] H W... as N C [D] H W for restore
 * @param warmup      untimed iterations
 * @param iterations  timed iterations
 * @param task        the CARE task: "standard", or "isotropic" (restore with the default 2D isotropic model, Z
 *                    upsampled by {@code factor}) or "projection" (train step of CSBDeep's default projection
 *                    network; shape N C Z Y X)
 * @param factor      the isotropic Z factor (0 otherwise)
 */
public record Workload(String name, boolean train, long[] shape, int warmup, int iterations, String task,
                       double factor) {
    /** A standard-task workload. */
    public Workload(String name, boolean train, long[] shape, int warmup, int iterations) {
        this(name, train, shape, warmup, iterations, "standard", 0);
    }

    /** True for the standard task (the default U-Net). */
    public boolean isStandard() {
        return "standard".equals(task);
    }

    /** Spatial dimensions (2 or 3). */
    public int nDim() {
        return shape.length - 2;
    }

    /** CSBDeep's default kernel size for the dimensionality (isotropic: the 2D network, 5; projection: 3). */
    public int kernel() {
        if (task.equals("isotropic")) {
            return 5;
        }
        return nDim() == 3 ? 3 : 5;
    }

    /** Voxels processed per iteration (batch times spatial size). */
    public long voxels() {
        long v = shape[0];
        for (int i = 2; i < shape.length; i++) {
            v *= shape[i];
        }
        return v;
    }

    /** Shapes in words. */
    public String description() {
        long[] spatial = Arrays.copyOfRange(shape, 2, shape.length);
        String size = Arrays.stream(spatial).mapToObj(Long::toString).reduce((a, b) -> a + "x" + b).orElse("");
        if (task.equals("isotropic")) {
            return "isotropic restore " + size + " to Z x " + factor + ", CSBDeep default 2D U-Net k5 on YZ and XZ"
                    + " slices, geometric mean";
        }
        if (task.equals("projection")) {
            return "projection train step, batch " + shape[0] + " of " + size + ", CSBDeep default projection"
                    + " network (depth 4, 8 filters) + 2D U-Net k3, Adam, L1";
        }
        return (train ? "train step, batch " + shape[0] + " of " + size : "restore " + size)
                + ", CSBDeep default U-Net k" + kernel() + (train ? ", Adam, L1" : "");
    }

    /** The GPU set (issue 5): PyTorch anchors exist for these in DESIGN.md. */
    public static List<Workload> gpu() {
        return List.of(
                new Workload("train3d", true, new long[] {16, 1, 16, 64, 64}, 5, 20),
                new Workload("train2d", true, new long[] {16, 1, 128, 128}, 5, 20),
                new Workload("restore3d", false, new long[] {1, 1, 100, 1024, 1024}, 1, 3),
                new Workload("restore2d", false, new long[] {1, 1, 4096, 4096}, 1, 5),
                new Workload("restoreiso", false, new long[] {1, 1, 100, 1024, 1024}, 1, 3, "isotropic", 5),
                new Workload("trainproj", true, new long[] {8, 1, 32, 128, 128}, 5, 20, "projection", 0));
    }

    /** The CPU set, sized for a 2-core machine. */
    public static List<Workload> cpu() {
        return List.of(
                new Workload("cputrain3d", true, new long[] {4, 1, 16, 32, 32}, 2, 5),
                new Workload("cputrain2d", true, new long[] {4, 1, 64, 64}, 2, 5),
                new Workload("cpurestore3d", false, new long[] {1, 1, 32, 256, 256}, 1, 2),
                new Workload("cpurestore2d", false, new long[] {1, 1, 1024, 1024}, 1, 2),
                new Workload("cpurestoreiso", false, new long[] {1, 1, 20, 128, 128}, 1, 2, "isotropic", 5),
                new Workload("cputrainproj", true, new long[] {2, 1, 16, 64, 64}, 2, 5, "projection", 0));
    }

    /** Tiny sizes that exercise every path in seconds (CI smoke run). */
    public static List<Workload> smoke() {
        return List.of(
                new Workload("smoketrain3d", true, new long[] {1, 1, 8, 16, 16}, 1, 2),
                new Workload("smoketrain2d", true, new long[] {1, 1, 32, 32}, 1, 2),
                new Workload("smokerestore3d", false, new long[] {1, 1, 8, 32, 32}, 1, 1),
                new Workload("smokerestore2d", false, new long[] {1, 1, 64, 64}, 1, 1),
                new Workload("smokerestoreiso", false, new long[] {1, 1, 4, 32, 32}, 1, 1, "isotropic", 4),
                new Workload("smoketrainproj", true, new long[] {1, 1, 4, 32, 32}, 1, 2, "projection", 0));
    }
}
