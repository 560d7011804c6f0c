package org.jcare.kernels.conv;

import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.jcare.engine.tensor.Shape;

/** What the TF32 tile tests share: a described H200 and layer geometries built from channels and sizes. */
final class Tf32Fixtures {
    /** An H200 as its OpenCL driver describes it (compute capability 9.0, 48 KiB local memory). */
    static final DeviceInfo H200 = new DeviceInfo(0, 0, 0, "NVIDIA CUDA", "NVIDIA H200", "NVIDIA Corporation",
            "OpenCL 3.0 CUDA", "580.159.04", "OpenCL C 1.2", DeviceType.GPU, 132, 140L << 30, 49152, 35L << 30, 1024, 4096,
            1, 90, "");

    private Tf32Fixtures() {
    }

    /** The geometry of a batch of 2 with {@code cin -> cout} channels, {@code spatial} sizes and {@code kernel}. */
    static ConvGeometry geometry(int cin, int cout, int[] spatial, int... kernel) {
        long[] x = new long[2 + spatial.length];
        long[] w = new long[2 + kernel.length];
        x[0] = 2;
        x[1] = cin;
        w[0] = cout;
        w[1] = cin;
        for (int i = 0; i < spatial.length; i++) {
            x[2 + i] = spatial[i];
            w[2 + i] = kernel[i];
        }
        return ConvGeometry.of(Shape.of(x), Shape.of(w));
    }
}
