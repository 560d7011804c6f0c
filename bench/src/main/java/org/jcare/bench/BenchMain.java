package org.jcare.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainStep;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;

/**
 * The benchmark harness without the CLI: runs a workload set on one device and precision, prints a table, a
 * per-step profile of the training workloads, and appends JSON lines to a file.
 *
 * <pre>java -cp ... org.jcare.bench.BenchMain --workload cpu|gpu|smoke|all [--device D] [--precision fp32|tf32]
 *     [--json FILE] [--profile] [--only name,name]</pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out));
    }

    /** Runs the harness; returns the exit code. */
    public static int run(String[] args, PrintStream out) throws IOException {
        String set = "smoke";
        String device = null;
        String json = null;
        String only = null;
        boolean profile = false;
        Precision precision = Precision.FP32;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workload" -> set = args[++i];
                case "--device" -> device = args[++i];
                case "--json" -> json = args[++i];
                case "--only" -> only = args[++i];
                case "--profile" -> profile = true;
                case "--precision" -> precision = Precision.parse(args[++i]);
                default -> {
                    System.err.println("bench: unknown argument " + args[i]
                            + "; use --workload cpu|gpu|smoke|all, --device, --precision, --json, --profile, --only");
                    return 2;
                }
            }
        }
        List<Workload> workloads = switch (set) {
            case "cpu" -> Workload.cpu();
            case "gpu" -> Workload.gpu();
            case "smoke" -> Workload.smoke();
            case "all" -> {
                List<Workload> all = new ArrayList<>(Workload.cpu());
                all.addAll(Workload.gpu());
                yield all;
            }
            default -> throw new IllegalArgumentException("workload set '" + set + "' unknown: use cpu, gpu, smoke or all");
        };
        if (only != null) {
            List<String> names = List.of(only.split(","));
            workloads = workloads.stream().filter(w -> names.contains(w.name())).toList();
        }
        List<String> lines = new ArrayList<>();
        try (Engine engine = Engine.open(device)) {
            engine.precision(precision);
            out.printf(Locale.ROOT, "jcare bench on %s (%s, driver %s), precision %s, commit %s%n",
                    engine.device().name(), engine.device().platformName(), engine.device().driverVersion(),
                    precision.name().toLowerCase(Locale.ROOT), RunInfo.commit());
            out.printf(Locale.ROOT, "%-14s %10s %10s %10s %9s %9s  %s%n", "workload", "median ms", "min ms",
                    "Mvoxel/s", "TFLOP/s", "peak MiB", "what");
            for (Workload w : workloads) {
                BenchRecord r = w.train() ? TrainWorkload.run(engine, w) : RestoreWorkload.run(engine, w);
                lines.add(r.toJsonLine());
                out.printf(Locale.ROOT, "%-14s %10.2f %10.2f %10.2f %9.3f %9.0f  %s%n", r.workload(), r.medianMs(),
                        r.minMs(), r.mvoxelPerS(), r.tflopPerS(), r.peakDeviceBytes() / 1048576.0, r.description());
                if (profile && w.train()) {
                    List<StepProfile.Row> rows = profileTrainStep(engine, w);
                    out.print(StepProfile.table(w.name(), rows));
                    lines.add(StepProfile.jsonLine(w.name(), engine.device().name(), RunInfo.commit(), rows));
                }
            }
        }
        if (json != null) {
            RunInfo.append(Path.of(json), lines);
            out.println("appended " + lines.size() + " JSON lines to " + json);
        }
        return 0;
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
