package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jcare.bench.BenchHarness;
import org.jcare.bench.RunInfo;
import org.jcare.bench.Workload;
import org.jcare.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare bench}: runs the bench module's standard workloads and appends one JSON line per result. A thin
 * entry point: the workloads, timing and records are the bench module's ({@link BenchHarness}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the standard workloads (CSBDeep default U-Net train steps and restorations) on a device and append the"
            + " results as JSON lines.",
            "Sets: smoke (seconds, any device), cpu (sized for a 2-core CPU), gpu (the PyTorch anchor sizes), all;"
                + " cpuensemble, gpuensemble, smokeensemble (an ensemble of 5 against one member).",
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

    @Option(names = "--profile", description = "Also print the device time per kernel family of each workload: one "
            + "training step, or one restoration with the time spent outside kernels.")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Workload> set = workloads(workload);
        compute.parsePrecision();
        if (json != null && Files.isDirectory(json)) {
            throw new BadInputException("--json " + json + " is a folder; name a file");
        }
        List<String> lines;
        try (Engine engine = compute.open(err)) {
            lines = BenchHarness.run(engine, set, profile, out);
        }
        if (json != null && !lines.isEmpty()) {
            RunInfo.append(json, lines);
            out.println("appended " + lines.size() + " record" + (lines.size() == 1 ? "" : "s") + " to " + json);
        }
        return 0;
    }

    /** The workloads of a set name. */
    static List<Workload> workloads(String name) {
        try {
            return BenchHarness.workloads(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--workload " + name + ": unknown; use smoke, cpu, gpu, all, cpuensemble,"
                    + " gpuensemble or smokeensemble");
        }
    }
}
