package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.system.MemoryStack;

/**
 * Collects an OpenCL profiling event for every kernel launched while it is installed on a context, and sums
 * device time per kernel name. Used by the benchmarks' per-step profile; costs one event per launch.
 */
public final class KernelProfiler {
    private record Pending(String kernel, long event) {
    }

    /** Device time and launch count of one kernel name. */
    public record Entry(String kernel, long launches, double milliseconds) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, double[]> totals = new LinkedHashMap<>();

    void record(String kernel, long event) {
        pending.add(new Pending(kernel, event));
    }

    /** Waits for every recorded launch and folds its time into the totals. */
    public void collect() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            LongBuffer t = stack.mallocLong(1);
            for (Pending p : pending) {
                ClException.check(clWaitForEvents(p.event), "clWaitForEvents(" + p.kernel + ")");
                ClException.check(clGetEventProfilingInfo(p.event, CL_PROFILING_COMMAND_START, t, null),
                        "clGetEventProfilingInfo(" + p.kernel + ")");
                long start = t.get(0);
                ClException.check(clGetEventProfilingInfo(p.event, CL_PROFILING_COMMAND_END, t, null),
                        "clGetEventProfilingInfo(" + p.kernel + ")");
                long end = t.get(0);
                clReleaseEvent(p.event);
                double[] acc = totals.computeIfAbsent(p.kernel, k -> new double[2]);
                acc[0] += 1;
                acc[1] += (end - start) / 1e6;
            }
            pending.clear();
        }
    }

    /** Totals per kernel name, in first-seen order (call {@link #collect()} first). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        totals.forEach((k, v) -> out.add(new Entry(k, (long) v[0], v[1])));
        return out;
    }

    /** Forgets all totals. */
    public void reset() {
        collect();
        totals.clear();
    }
}
