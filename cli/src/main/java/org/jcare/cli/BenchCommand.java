package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.bench.BenchRecord;
import org.jcare.bench.RunInfo;
import org.jcare.bench.TrainWorkload;
import org.jcare.bench.Workload;
import org.jcare.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare bench}: runs the bench module's standard workloads and appends one JSON line per result. A thin
 * entry point: the workloads, timing and records are the bench module's ({@link Workload}, {@link TrainWorkload},
 * {@link BenchRecord}). Restore workloads are listed but skipped until the bench module has a restore runner.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the standard workloads (CSBDeep default U-Net train steps) on a device and append the"
            + " results as JSON lines.",
            "Sets: smoke (seconds, any device), cpu (sized for a 2-core CPU), gpu (the PyTorch anchor sizes), all.",
            "Example: jcare bench --workload cpu --json results.jsonl"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workload", paramLabel = "SET", defaultValue = "smoke",
            description = "smoke, cpu, gpu or all (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Append the results to this JSON-lines file (created if missing).")
    Path json;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Workload> set = workloads(workload);
        compute.parsePrecision();
        if (json != null && Files.isDirectory(json)) {
            throw new BadInputException("--json " + json + " is a folder; name a file");
        }
        List<String> lines = new ArrayList<>();
        try (Engine engine = compute.open(err)) {
            for (Workload w : set) {
                if (!w.train()) {
                    err.println("skipped " + w.name() + " (" + w.description() + "): the bench module has no restore"
                            + " runner yet");
                    continue;
                }
                err.println("running " + w.name() + ": " + w.description() + " ...");
                err.flush();
                BenchRecord r = TrainWorkload.run(engine, w);
                lines.add(r.toJsonLine());
                out.println(String.format(Locale.ROOT, "%-14s %9.2f ms (min %.2f, %d runs)  %8.3f Mvoxel/s"
                        + "  %7.3f TFLOP/s  %s", r.workload(), r.medianMs(), r.minMs(), r.iterations(), r.mvoxelPerS(),
                        r.tflopPerS(), r.device()));
                out.flush();
            }
        }
        if (json != null && !lines.isEmpty()) {
            RunInfo.append(json, lines);
            out.println("appended " + lines.size() + " record" + (lines.size() == 1 ? "" : "s") + " to " + json);
        }
        return 0;
    }

    /** The workloads of a set name. */
    static List<Workload> workloads(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        List<Workload> all = new ArrayList<>();
        switch (n) {
            case "smoke" -> all.addAll(Workload.smoke());
            case "cpu" -> all.addAll(Workload.cpu());
            case "gpu" -> all.addAll(Workload.gpu());
            case "all" -> {
                all.addAll(Workload.smoke());
                all.addAll(Workload.cpu());
                all.addAll(Workload.gpu());
            }
            default -> throw new BadInputException("--workload " + name + ": unknown; use smoke, cpu, gpu or all");
        }
        return all;
    }
}
