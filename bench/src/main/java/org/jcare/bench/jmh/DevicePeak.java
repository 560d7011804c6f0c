package org.jcare.bench.jmh;

import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.DeviceInfo;

/**
 * The peak a result is compared with. FP32 FLOP/s and memory bandwidth come from a small table of datasheet
 * numbers where the device is known (OPENCL-KERNELS.md section 1: H100 SXM and H200 66.9 TFLOP/s FP32 FMA;
 * HBM 3.35 and 4.8 TB/s); otherwise the bandwidth peak is the measured device-to-device copy bandwidth
 * ({@code clEnqueueCopyBuffer}, read + write counted) and the FLOP peak is unknown (NaN: no % is reported)
 * unless given. The measured copy bandwidth is always reported beside the peak.
 *
 * @param gflops  FP32 peak in GFLOP/s, NaN when unknown
 * @param gbs     memory bandwidth peak in GB/s (10^9 bytes)
 * @param source  where the peaks come from, in words
 * @param copyGbs measured copy bandwidth in GB/s
 */
public record DevicePeak(double gflops, double gbs, String source, double copyGbs) {
    private record Known(String nameFragment, double gflops, double gbs, String what) {
    }

    private static final Known[] TABLE = {
        new Known("H200", 66_900, 4_800, "datasheet H200: 66.9 TFLOP/s FP32, 4.8 TB/s HBM3e"),
        new Known("H100 PCIe", 51_200, 2_000, "datasheet H100 PCIe: 51.2 TFLOP/s FP32, 2.0 TB/s HBM2e"),
        new Known("H100", 66_900, 3_350, "datasheet H100 SXM: 66.9 TFLOP/s FP32, 3.35 TB/s HBM3"),
    };

    /**
     * The peak of {@code device}: the table entry whose name fragment the device name contains, else the measured
     * copy bandwidth; {@code gflopsOverride} / {@code gbsOverride} (NaN = none) replace either.
     */
    public static DevicePeak of(DeviceInfo device, double copyGbs, double gflopsOverride, double gbsOverride) {
        double gflops = Double.NaN;
        double gbs = copyGbs;
        String source = "measured copy bandwidth; FP32 peak unknown for this device (give --peak-gflops)";
        for (Known k : TABLE) {
            if (device.name().toUpperCase(Locale.ROOT).contains(k.nameFragment().toUpperCase(Locale.ROOT))) {
                gflops = k.gflops();
                gbs = k.gbs();
                source = k.what();
                break;
            }
        }
        if (!Double.isNaN(gflopsOverride) || !Double.isNaN(gbsOverride)) {
            gflops = Double.isNaN(gflopsOverride) ? gflops : gflopsOverride;
            gbs = Double.isNaN(gbsOverride) ? gbs : gbsOverride;
            source = "given on the command line (" + source + " otherwise)";
        }
        return new DevicePeak(gflops, gbs, source, copyGbs);
    }

    /**
     * Device-to-device copy bandwidth in GB/s: {@code bytes} copied {@code repeats} times after one warm-up copy,
     * wall clock around the queue (each copy reads and writes {@code bytes}).
     */
    public static double measureCopy(Engine engine, long bytes, int repeats) {
        long size = Math.min(bytes, engine.device().maxAllocBytes() / 2) & ~255L;
        try (ClBuffer a = engine.cl().allocate(size);
             ClBuffer b = engine.cl().allocate(size)) {
            engine.cl().copy(a, 0, b, 0, size);
            engine.cl().finish();
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                engine.cl().copy(i % 2 == 0 ? b : a, 0, i % 2 == 0 ? a : b, 0, size);
            }
            engine.cl().finish();
            double s = (System.nanoTime() - t0) / 1e9;
            return 2.0 * size * repeats / s / 1e9;
        }
    }
}
