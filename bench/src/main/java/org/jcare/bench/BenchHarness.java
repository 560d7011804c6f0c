package org.jcare.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainStep;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;

/**
 * Runs standard workloads on an engine: prints a table (and, on request, the kernel profile of each: device time per
 * kernel family of one training step, or of one restoration with the wall time outside kernels) and returns the results
 * as JSON lines. Used by {@link BenchMain} and by {@code jcare bench}.
 */
public final class BenchHarness {
    private BenchHarness() {
    }

    /** The workloads of a set: smoke, cpu, gpu or all (cpu + gpu). */
    public static List<Workload> workloads(String set) {
        return switch (set.trim().toLowerCase(Locale.ROOT)) {
            case "smoke" -> Workload.smoke();
            case "cpu" -> Workload.cpu();
            case "gpu" -> Workload.gpu();
            case "all" -> {
                List<Workload> all = new ArrayList<>(Workload.cpu());
                all.addAll(Workload.gpu());
                yield all;
            }
            default -> throw new IllegalArgumentException("workload set '" + set + "' unknown: use smoke, cpu, gpu or all");
        };
    }

    /** Runs {@code workloads} on {@code engine}, printing as it goes; returns one JSON line per result and profile. */
    public static List<String> run(Engine engine, List<Workload> workloads, boolean profile, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        out.printf(Locale.ROOT, "jcare bench on %s (%s, driver %s), precision %s, commit %s%n",
                engine.device().name(), engine.device().platformName(), engine.device().driverVersion(),
                engine.precision().name().toLowerCase(Locale.ROOT), RunInfo.commit());
        out.printf(Locale.ROOT, "%-14s %10s %10s %10s %9s %9s  %s%n", "workload", "median ms", "min ms",
                "Mvoxel/s", "TFLOP/s", "peak MiB", "what");
        out.flush();
        for (Workload w : workloads) {
            BenchRecord r = !w.isStandard() ? TaskWorkloads.run(engine, w)
                    : w.train() ? TrainWorkload.run(engine, w) : RestoreWorkload.run(engine, w);
            lines.add(r.toJsonLine());
            out.printf(Locale.ROOT, "%-14s %10.2f %10.2f %10.2f %9.3f %9.0f  %s%n", r.workload(), r.medianMs(),
                    r.minMs(), r.mvoxelPerS(), r.tflopPerS(), r.peakDeviceBytes() / 1048576.0, r.description());
            if (profile) {
                List<StepProfile.Row> rows = !w.isStandard() ? TaskWorkloads.profile(engine, w)
                        : w.train() ? profileTrainStep(engine, w) : RestoreWorkload.profile(engine, w);
                out.print(StepProfile.table(w.name(), rows));
                lines.add(StepProfile.jsonLine(w.name(), engine.device().name(), RunInfo.commit(), rows));
            }
            out.flush();
        }
        return lines;
    }

    /** Device time per kernel family of one training step of {@code w}. */
    static List<StepProfile.Row> profileTrainStep(Engine engine, Workload w) {
        Shape shape = Shape.of(w.shape());
        try (UNet net = new UNet(engine, UNetSpec.csbdeepDefault(w.nDim(), 1, false)).initialize(42);
             TrainStep step = new TrainStep(net, LossKind.MAE);
             Tensor x = engine.tensor(shape, TrainWorkload.random(shape, 1));
             Tensor y = engine.tensor(shape, TrainWorkload.random(shape, 2))) {
            step.run(x, y, 4e-4f, null);
            return StepProfile.measure(engine, 2, () -> step.run(x, y, 4e-4f, null));
        }
    }
}
