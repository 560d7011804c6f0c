package org.jcare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One benchmark result, written as one JSON line: what ran, where, when, and how fast.
 *
 * @param workload      workload name, for example "train3d" or "restore2d"
 * @param description   shapes and network in words
 * @param device        OpenCL device name
 * @param driver        driver version
 * @param precision     fp32 or tf32
 * @param commit        git commit of the code measured
 * @param date          ISO date and time of the run
 * @param medianMs      median wall-clock milliseconds per iteration
 * @param minMs         fastest iteration
 * @param iterations    timed iterations
 * @param mvoxelPerS    input voxels per second, in millions
 * @param tflopPerS     achieved TFLOP/s from the counted convolution FLOPs
 * @param peakDeviceBytes peak device memory held by the buffer pool plus parameters
 */
public record BenchRecord(String workload, String description, String device, String driver, String precision,
                          String commit, String date, double medianMs, double minMs, int iterations,
                          double mvoxelPerS, double tflopPerS, long peakDeviceBytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record as one JSON line (no trailing newline). */
    public String toJsonLine() {
        ObjectNode n = JSON.createObjectNode();
        n.put("system", "jcare");
        n.put("workload", workload);
        n.put("description", description);
        n.put("device", device);
        n.put("driver", driver);
        n.put("precision", precision);
        n.put("commit", commit);
        n.put("date", date);
        n.put("median_ms", round(medianMs));
        n.put("min_ms", round(minMs));
        n.put("iterations", iterations);
        n.put("mvoxel_per_s", round(mvoxelPerS));
        n.put("tflop_per_s", round(tflopPerS));
        n.put("peak_device_mib", round(peakDeviceBytes / 1048576.0));
        return n.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
