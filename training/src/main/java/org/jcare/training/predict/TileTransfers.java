package org.jcare.training.predict;

import java.util.function.UnaryOperator;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClContext;
import org.jcare.engine.cl.PinnedBuffer;
import org.jcare.engine.cl.TransferQueue;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * The host-device traffic of {@link TiledPredictor}'s tiles, overlapped with the network on the device: each tile's
 * input goes from the host array into pinned memory and up on the context's transfer queue while the compute queue
 * still runs the previous tile; the compute queue waits for that upload (an event, not the host), runs the network,
 * copies the output into a buffer of its own (a device-side copy) and frees the tile's activations at once; the output
 * comes down on the transfer queue into pinned memory while the compute queue runs the next tile. Two slots of
 * (pinned input, device input, device output, pinned output) alternate between tiles, so the host never waits for the
 * device except to take a finished tile's output, and the device never waits for the host while a tile is queued.
 * Events order what the two queues share: an upload into a slot's device input waits for the kernels of the tile
 * that last read it, the copy into a slot's device output waits for the download of the tile that last wrote it.
 * Device memory holds one tile's activations (as before) plus the four dedicated input/output buffers.
 */
final class TileTransfers implements AutoCloseable {
    private final Engine engine;
    private final ClContext cl;
    private final TransferQueue queue;
    private final Slot[] slots = {new Slot(), new Slot()};
    private int started;

    /** One of the two alternating sets of buffers and the events of its last tile. */
    private static final class Slot {
        PinnedBuffer hostIn;
        PinnedBuffer hostOut;
        ClBuffer devIn;
        ClBuffer devOut;
        long uploaded;
        long computed;
        long downloaded;
        int outFloats;

        void close() {
            TransferQueue.await(uploaded);
            TransferQueue.await(computed);
            TransferQueue.await(downloaded);
            uploaded = 0;
            computed = 0;
            downloaded = 0;
            for (AutoCloseable c : new AutoCloseable[] {hostIn, hostOut, devIn, devOut}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // the buffers' close never throws
                    }
                }
            }
        }
    }

    TileTransfers(Engine engine) {
        this.engine = engine;
        this.cl = engine.cl();
        this.queue = cl.transfers();
    }

    /**
     * Starts a tile: uploads {@code input} (shape {@code shape}), enqueues {@code network} on it and the download of
     * its output; returns the tile's ticket for {@link #finish}. {@code input} may be reused as soon as this returns.
     */
    int start(Shape shape, float[] input, UnaryOperator<Tensor> network) {
        int ticket = started++;
        Slot s = slots[ticket % 2];
        // the slot's pinned input is free once the upload of two tiles ago is done (long since, normally)
        TransferQueue.await(s.uploaded);
        s.uploaded = 0;
        if (s.hostIn == null || s.hostIn.capacity() < input.length) {
            TransferQueue.await(s.computed); // the old device input may still be read by the tile two back
            s.computed = 0;
            close(s.hostIn);
            close(s.devIn);
            s.hostIn = cl.pinned(4L * input.length);
            s.devIn = cl.allocate(4L * input.length);
        }
        s.hostIn.floats(input.length).put(input);
        // up on the transfer queue once the kernels of the tile two back (the last to read devIn) are done
        s.uploaded = queue.write(s.devIn, 0, s.hostIn.floats(input.length), s.computed);
        TransferQueue.release(s.computed);
        s.computed = 0;
        // the compute queue waits for the upload, and (before it copies into devOut) for the last download from it
        queue.computeWaitsFor(s.uploaded, s.downloaded);
        try (Scope scope = engine.scope()) {
            Tensor y = network.apply(new Tensor(engine, shape, s.devIn, Tensor.Ownership.VIEW, null));
            int outFloats = Math.toIntExact(y.numel());
            if (s.devOut == null || s.devOut.bytes() < 4L * outFloats) {
                TransferQueue.await(s.downloaded);
                s.downloaded = 0;
                close(s.hostOut);
                close(s.devOut);
                s.hostOut = cl.pinned(4L * outFloats);
                s.devOut = cl.allocate(4L * outFloats);
            }
            cl.copy(y.buffer(), 0, s.devOut, 0, 4L * outFloats);
            s.outFloats = outFloats;
        }
        // the tile's activations went back to the pool above: the next tile's kernels (same in-order queue) reuse them
        TransferQueue.release(s.downloaded);
        s.computed = queue.computeMarker();
        s.downloaded = queue.read(s.devOut, 0, s.hostOut.floats(s.outFloats), s.computed);
        queue.flush();
        return ticket;
    }

    /** Waits for the output of tile {@code ticket} (the last two started only) and copies it into {@code out}. */
    float[] finish(int ticket, float[] out) {
        if (ticket < started - 2 || ticket >= started) {
            throw new IllegalStateException("tile " + ticket + " is not one of the last two started (" + started + ")");
        }
        Slot s = slots[ticket % 2];
        if (out.length != s.outFloats) {
            throw new IllegalArgumentException("output of " + s.outFloats + " values into an array of " + out.length);
        }
        TransferQueue.await(s.downloaded);
        s.downloaded = 0;
        s.hostOut.floats(s.outFloats).get(out);
        return out;
    }

    /** Floats of the output of tile {@code ticket} (one of the last two started). */
    int outputLength(int ticket) {
        return slots[ticket % 2].outFloats;
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the buffers' close never throws
            }
        }
    }

    /** Waits for what is in flight and frees the pinned and device buffers (never throws). */
    @Override
    public void close() {
        for (Slot s : slots) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // close never throws
            }
        }
    }
}
