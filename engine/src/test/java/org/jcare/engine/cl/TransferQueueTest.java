package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * The second queue: an upload on it, a kernel on the compute queue that waits for the upload's event, a download on
 * it that waits for the compute queue's marker; repeated through the same buffers, as the restoration's tiles go.
 */
class TransferQueueTest {
    private static final KernelSource SCALE = KernelSource.of("scale.cl",
            "__kernel void scale_add(__global float* y, __global const float* x, const float a, const int n) {"
                    + " int i = get_global_id(0); if (i < n) y[i] = a * x[i] + 1.0f; }");

    @Test
    void uploadsKernelsAndDownloadsAreOrderedByEvents() {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        int n = 1 << 16;
        try (ClContext cl = ClContext.create(device);
             PinnedBuffer hostIn = cl.pinned(4L * n);
             PinnedBuffer hostOut = cl.pinned(4L * n);
             ClBuffer x = cl.allocate(4L * n);
             ClBuffer y = cl.allocate(4L * n)) {
            TransferQueue q = cl.transfers();
            assertSame(q, cl.transfers(), "one transfer queue per context");
            ClKernel k = cl.program(SCALE, "").kernel("scale_add");
            long computed = 0;
            for (int round = 0; round < 3; round++) {
                FloatBuffer in = hostIn.floats(n);
                for (int i = 0; i < n; i++) {
                    in.put(i, i * 0.5f + round);
                }
                // x may still be read by the previous round's kernel: the upload waits for its marker
                long uploaded = q.write(x, 0, hostIn.floats(n), computed);
                TransferQueue.release(computed);
                q.computeWaitsFor(uploaded);
                k.call().arg(y).arg(x).arg(2.0f).arg(n).launch1d(n, 64);
                computed = q.computeMarker();
                long downloaded = q.read(y, 0, hostOut.floats(n), computed);
                q.flush();
                TransferQueue.await(downloaded);
                TransferQueue.await(uploaded);
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = 2.0f * (i * 0.5f + round) + 1.0f;
                }
                float[] got = new float[n];
                hostOut.floats(n).get(got);
                assertArrayEquals(expected, got, "round " + round);
            }
            TransferQueue.await(computed);
        }
    }
}
