package org.jcare.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jcare.bench.RunInfo;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.DeviceInfo;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the op microbenchmarks (JMH, short by default: 1 fork, 2 warm-up and 3 measured iterations of 0.5 s) and
 * turns each JMH result into GFLOP/s, GB/s and % of the device's peak with the costs of {@link OpWorkloads} and
 * the peak of {@link DevicePeak}; prints a table and JSON lines. JMH measures wall time per invocation, which
 * includes the launches and a queue finish: on a GPU the small ops are launch-bound, which is the point of
 * measuring them this way (the tuner and the step profile give pure device time).
 *
 * <pre>
 * java -cp ... org.jcare.bench.jmh.OpBenchmarks [--size tiny|cpu|gpu] [--device SPEC] [--only REGEX]
 *      [--forks N] [--warmups N] [--iterations N] [--time-ms T] [--json FILE] [--peak-gflops G] [--peak-gbs B]
 * </pre>
 */
public final class OpBenchmarks {
    /** Every op family's benchmark class. */
    public static final String ALL = "org\\.jcare\\.bench\\.jmh\\.(ConvOps|PoolOps|UpsampleOps|LossOps|AdamOps)\\.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One analysed result.
     *
     * @param benchmark family and method, for example {@code ConvOps.forward}
     * @param rank      2 or 3 (0 for Adam)
     * @param size      tiny, cpu or gpu
     * @param usPerOp   mean microseconds per invocation
     * @param usError   JMH's 99.9% error of the mean (NaN with a single iteration)
     * @param cost      FLOPs and bytes of one invocation
     * @param gflops    achieved GFLOP/s
     * @param gbs       achieved GB/s
     * @param pctFlops  % of the FP32 peak (NaN when unknown)
     * @param pctBw     % of the bandwidth peak
     */
    public record Row(String benchmark, int rank, String size, double usPerOp, double usError, OpWorkloads.Cost cost,
                      double gflops, double gbs, double pctFlops, double pctBw) {
        /** The row as one JSON line with the device, peak, commit and date. */
        public String toJson(DeviceInfo device, DevicePeak peak) {
            ObjectNode n = JSON.createObjectNode();
            n.put("system", "jcare").put("kind", "op").put("benchmark", benchmark).put("what", cost.what())
                    .put("size", size).put("rank", rank).put("device", device.name())
                    .put("driver", device.driverVersion()).put("commit", RunInfo.commit()).put("date", RunInfo.date())
                    .put("us_per_op", round(usPerOp)).put("flops", cost.flops()).put("bytes", cost.bytes())
                    .put("gflops", round(gflops)).put("gbs", round(gbs)).put("peak_gbs", round(peak.gbs()))
                    .put("copy_gbs", round(peak.copyGbs())).put("pct_peak_bw", round(pctBw))
                    .put("peak_source", peak.source());
            putFinite(n, "us_error", usError);
            putFinite(n, "peak_gflops", peak.gflops());
            putFinite(n, "pct_peak_flops", pctFlops);
            return n.toString();
        }
    }

    private OpBenchmarks() {
    }

    private static void putFinite(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, round(v));
        } else {
            n.putNull(field);
        }
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    /** Runs JMH with {@code options} and analyses the results against {@code peak}. */
    public static List<Row> run(ChainedOptionsBuilder options, DevicePeak peak) throws RunnerException {
        return analyse(new Runner(options.build()).run(), peak);
    }

    /** JMH options: the benchmarks matching {@code include}, at {@code size} on {@code device}. */
    public static ChainedOptionsBuilder options(String include, String size, String device, int forks, int warmups,
                                                int iterations, int timeMs) {
        return new OptionsBuilder().include(include).param("size", size).param("device", device == null ? "" : device)
                .forks(forks).warmupIterations(warmups).warmupTime(TimeValue.milliseconds(timeMs))
                .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(timeMs))
                .shouldFailOnError(true);
    }

    /** GFLOP/s, GB/s and % of peak of every JMH result (sorted by benchmark name and rank). */
    public static List<Row> analyse(Collection<RunResult> results, DevicePeak peak) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String full = p.getBenchmark();
            String[] parts = full.split("\\.");
            String family = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            String size = p.getParam("size");
            String rankParam = p.getParamsKeys().contains("rank") ? p.getParam("rank") : null;
            int rank = rankParam == null ? 0 : Integer.parseInt(rankParam);
            OpWorkloads.Cost cost = OpWorkloads.cost(family, method, size, rank == 0 ? 3 : rank);
            double seconds = r.getPrimaryResult().getScore() * unitSeconds(r.getPrimaryResult().getScoreUnit());
            double us = seconds * 1e6;
            double err = r.getPrimaryResult().getScoreError() * unitSeconds(r.getPrimaryResult().getScoreUnit()) * 1e6;
            double gflops = cost.flops() / seconds / 1e9;
            double gbs = cost.bytes() / seconds / 1e9;
            rows.add(new Row(family + "." + method, rank, size, us, err, cost, gflops, gbs,
                    cost.flops() > 0 ? 100 * gflops / peak.gflops() : Double.NaN, 100 * gbs / peak.gbs()));
        }
        rows.sort((a, b) -> a.benchmark().equals(b.benchmark()) ? Integer.compare(b.rank(), a.rank())
                : a.benchmark().compareTo(b.benchmark()));
        return rows;
    }

    private static double unitSeconds(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalArgumentException("op benchmarks report time per op, not " + unit
                    + " (run them in AverageTime mode)");
        };
    }

    /** The results as a console table. */
    public static String table(List<Row> rows, DeviceInfo device, DevicePeak peak) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "op benchmarks on %s (driver %s); peak %s GFLOP/s, %.0f GB/s (%s); measured copy %.1f GB/s%n",
                device.name(), device.driverVersion(), Double.isNaN(peak.gflops()) ? "?" : String.format(Locale.ROOT,
                        "%.0f", peak.gflops()), peak.gbs(), peak.source(), peak.copyGbs()));
        sb.append(String.format(Locale.ROOT, "%-28s %4s %12s %10s %9s %8s %8s  %s%n", "benchmark", "rank", "us/op",
                "GFLOP/s", "GB/s", "%FLOP", "%BW", "what"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %4s %12.2f %10.2f %9.2f %8s %8.2f  %s%n", r.benchmark(),
                    r.rank() == 0 ? "-" : Integer.toString(r.rank()), r.usPerOp(), r.gflops(), r.gbs(),
                    Double.isNaN(r.pctFlops()) ? "-" : String.format(Locale.ROOT, "%.2f", r.pctFlops()), r.pctBw(),
                    r.cost().what()));
        }
        return sb.toString();
    }

    /** Runs the op benchmarks; see the class comment for the arguments. */
    public static void main(String[] args) throws RunnerException, IOException {
        String size = null;
        String device = null;
        String only = ALL;
        String json = null;
        int forks = 1;
        int warmups = 2;
        int iterations = 3;
        int timeMs = 500;
        double peakGflops = Double.NaN;
        double peakGbs = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                System.err.println("op benchmarks: " + a + " needs a value (or is unknown); see the class comment");
                System.exit(2);
            }
            String v = args[++i];
            switch (a) {
                case "--size" -> size = v;
                case "--device" -> device = v;
                case "--only" -> only = v;
                case "--json" -> json = v;
                case "--forks" -> forks = Integer.parseInt(v);
                case "--warmups" -> warmups = Integer.parseInt(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--time-ms" -> timeMs = Integer.parseInt(v);
                case "--peak-gflops" -> peakGflops = Double.parseDouble(v);
                case "--peak-gbs" -> peakGbs = Double.parseDouble(v);
                default -> {
                    System.err.println("op benchmarks: unknown argument " + a + "; use --size, --device, --only, --json,"
                            + " --forks, --warmups, --iterations, --time-ms, --peak-gflops, --peak-gbs");
                    System.exit(2);
                }
            }
        }
        DeviceInfo info;
        double copy;
        try (Engine engine = Engine.open(device)) {
            info = engine.device();
            if (size == null) {
                size = info.isGpu() ? "gpu" : "cpu";
            }
            copy = DevicePeak.measureCopy(engine, "gpu".equals(size) ? 512L << 20 : 64L << 20, 10);
        }
        DevicePeak peak = DevicePeak.of(info, copy, peakGflops, peakGbs);
        // the forks must open the device measured here
        String spec = device != null ? device : Integer.toString(info.index());
        List<Row> rows = run(options(only, size, spec, forks, warmups, iterations, timeMs), peak);
        PrintWriter out = new PrintWriter(System.out, true);
        out.print(table(rows, info, peak));
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            lines.add(r.toJson(info, peak));
            out.println(lines.get(lines.size() - 1));
        }
        if (json != null) {
            RunInfo.append(Path.of(json), lines);
            out.println("appended " + lines.size() + " JSON lines to " + json);
        }
        out.flush();
    }
}
