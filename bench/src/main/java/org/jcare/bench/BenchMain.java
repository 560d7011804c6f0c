package org.jcare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;

/**
 * The benchmark harness without the CLI (the GPU machine runs it from the jars):
 *
 * <pre>java -cp ... org.jcare.bench.BenchMain --workload cpu|gpu|smoke|all [--device D] [--precision fp32|tf32|bf16]
 *     [--json FILE] [--profile] [--only name,name]</pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
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
                    System.exit(2);
                }
            }
        }
        List<Workload> workloads = BenchHarness.workloads(set);
        if (only != null) {
            List<String> names = List.of(only.split(","));
            workloads = workloads.stream().filter(w -> names.contains(w.name())).toList();
        }
        PrintWriter out = new PrintWriter(System.out, true);
        List<String> lines;
        try (Engine engine = Engine.open(device)) {
            engine.precision(precision);
            lines = BenchHarness.run(engine, workloads, profile, out);
        }
        if (json != null) {
            RunInfo.append(Path.of(json), lines);
            out.println("appended " + lines.size() + " JSON lines to " + json);
        }
    }
}
