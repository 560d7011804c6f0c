package org.jcare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.KernelProfiler;

/**
 * Device time per kernel family for a few iterations of a workload, and its share: the data that chooses the
 * next optimization. A family is the kernel name without its variant suffix ({@code conv3d_forward_tiled} and
 * {@code conv3d_forward_naive} are both {@code conv3d_forward}).
 */
public final class StepProfile {
    /** One family's time. */
    public record Row(String family, long launches, double ms, double share) {
    }

    private StepProfile() {
    }

    /** Profiles {@code iterations} runs of {@code body} (after it has been warmed up by the caller). */
    public static List<Row> measure(Engine engine, int iterations, Runnable body) {
        KernelProfiler profiler = new KernelProfiler();
        engine.cl().finish();
        engine.cl().profiler(profiler);
        try {
            for (int i = 0; i < iterations; i++) {
                body.run();
            }
            engine.cl().finish();
            profiler.collect();
        } finally {
            engine.cl().profiler(null);
        }
        Map<String, double[]> byFamily = new LinkedHashMap<>();
        double total = 0;
        for (KernelProfiler.Entry e : profiler.entries()) {
            double[] acc = byFamily.computeIfAbsent(family(e.kernel()), k -> new double[2]);
            acc[0] += e.launches();
            acc[1] += e.milliseconds();
            total += e.milliseconds();
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : byFamily.entrySet()) {
            rows.add(new Row(e.getKey(), (long) (e.getValue()[0] / iterations), e.getValue()[1] / iterations,
                    total == 0 ? 0 : e.getValue()[1] / total));
        }
        rows.sort((a, b) -> Double.compare(b.ms, a.ms));
        return rows;
    }

    /** The row that {@link #withWallTime} adds: wall time in which no kernel ran (host work, transfers, launch gaps). */
    public static final String OFF_DEVICE = "(outside kernels)";

    /**
     * {@code rows} with their shares recomputed over {@code wallMs} and one more row, {@link #OFF_DEVICE}, for the wall
     * time not covered by kernel time (never negative: kernels on an out-of-order or concurrent device may overlap).
     */
    public static List<Row> withWallTime(List<Row> rows, double wallMs) {
        double device = rows.stream().mapToDouble(Row::ms).sum();
        double wall = Math.max(wallMs, device);
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Row(r.family(), r.launches(), r.ms(), wall == 0 ? 0 : r.ms() / wall));
        }
        out.add(new Row(OFF_DEVICE, 0, wall - device, wall == 0 ? 0 : (wall - device) / wall));
        out.sort((a, b) -> Double.compare(b.ms, a.ms));
        return out;
    }

    /** The family of a kernel name: the first two underscore-separated words. */
    static String family(String kernel) {
        String[] parts = kernel.split("_");
        return parts.length >= 2 ? parts[0] + "_" + parts[1] : kernel;
    }

    /** A table for the console. */
    public static String table(String workload, List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "profile of %s (time per iteration)%n", workload));
        double total = rows.stream().mapToDouble(Row::ms).sum();
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-28s %5d launches %10.3f ms %6.1f%%%n", r.family, r.launches, r.ms,
                    100 * r.share));
        }
        sb.append(String.format(Locale.ROOT, "  %-28s %16s %10.3f ms%n", "total", "", total));
        return sb.toString();
    }

    /** The profile as one JSON line. */
    public static String jsonLine(String workload, String device, String commit, List<Row> rows) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode n = json.createObjectNode();
        n.put("system", "jcare");
        n.put("kind", "profile");
        n.put("workload", workload);
        n.put("device", device);
        n.put("commit", commit);
        var arr = n.putArray("families");
        for (Row r : rows) {
            arr.addObject().put("family", r.family).put("launches", r.launches)
                    .put("ms", Math.round(r.ms * 1000) / 1000.0).put("share", Math.round(r.share * 1000) / 1000.0);
        }
        return n.toString();
    }
}
