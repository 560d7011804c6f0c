package org.jcare.io.zarr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.Calibration;

/**
 * The resolution levels viewers (napari, BigDataViewer and MoBIE, neuroglancer) load from an OME-Zarr image: each
 * level halves Y and X (and Z while Z is not coarser than the new lateral pixel size) by averaging blocks of the level
 * before, down to a level that fits one 256 x 256 tile. Levels are built chunk by chunk, each chunk of level
 * {@code k + 1} from its block of level {@code k} (blocks cut by the edge average what is there), so memory stays at
 * a few chunks and chunks already written (a resumed run) are skipped.
 */
public final class Pyramid {
    /** Levels stop once Y and X fit this many pixels. */
    public static final int COARSEST = 256;
    private static final int MAX_LEVELS = 12;

    private Pyramid() {
    }

    /**
     * Downsampling factors of every level relative to level 0 for an image of {@code letters} (subset of TCZYX) and
     * {@code shape}: {@code maxLevels} levels (fewer only when Y and X reach 1 pixel), or with 0 as many as needed to
     * reach {@link #COARSEST}.
     */
    public static long[][] factors(String letters, long[] shape, Calibration cal, int maxLevels) {
        int y = letters.indexOf('Y');
        int x = letters.indexOf('X');
        int z = letters.indexOf('Z');
        double lateral = cal.x() > 0 ? cal.x() : 1;
        double axial = cal.z() > 0 ? cal.z() : cal.x() > 0 ? 0 : 1;
        List<long[]> out = new ArrayList<>();
        long[] f = new long[letters.length()];
        java.util.Arrays.fill(f, 1);
        out.add(f.clone());
        int limit = maxLevels > 0 ? maxLevels : MAX_LEVELS;
        while (out.size() < limit && (maxLevels > 0 ? Math.max(ceil(shape[y], f[y]), ceil(shape[x], f[x])) > 1
                : Math.max(ceil(shape[y], f[y]), ceil(shape[x], f[x])) > COARSEST)) {
            f[y] *= 2;
            f[x] *= 2;
            // Z follows once it is finer than the new lateral pixel size (unknown Z spacing: treated as isotropic)
            if (z >= 0 && ceil(shape[z], f[z]) > 1 && axial > 0 && axial * f[z] < lateral * f[x]) {
                f[z] *= 2;
            }
            out.add(f.clone());
        }
        return out.toArray(new long[0][]);
    }

    /** The shape of a level with {@code factor} over level 0's {@code shape}. */
    public static long[] shape(long[] shape, long[] factor) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = ceil(shape[i], factor[i]);
        }
        return s;
    }

    /**
     * Builds every chunk of {@code dst} from {@code src}, {@code step[i]} pixels of {@code src} per pixel of {@code dst}
     * on axis {@code i}, on as many threads as there are cores and as this JVM's heap holds chunks being built (each
     * holds its block of {@code src}: up to 8 chunks); chunks that exist are kept.
     */
    public static void build(ZarrArray src, ZarrArray dst, long[] step) throws IOException {
        long n = dst.metadata().chunkCount();
        long perChunk = 4L * dst.metadata().chunkElements();
        for (long s : step) {
            perChunk *= Math.max(1, s);
        }
        // the block of src, the decoded chunks it is read from and the chunk written: about 3 blocks per thread
        long byHeap = Runtime.getRuntime().maxMemory() / 4 / (3 * perChunk);
        int threads = (int) Math.max(1, Math.min(Math.min(n, byHeap), Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jcare-pyramid");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    for (long k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
                        buildChunk(src, dst, step, chunkIndex(dst.metadata(), k), true);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building " + dst, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Chunk number {@code k} (C order of the chunk grid) of an array. */
    public static long[] chunkIndex(ArrayMetadata m, long k) {
        long[] grid = m.chunkGrid();
        long[] idx = new long[grid.length];
        for (int i = grid.length - 1; i >= 0; i--) {
            idx[i] = k % grid[i];
            k /= grid[i];
        }
        return idx;
    }

    /** Builds chunk {@code index} of {@code dst} (unless {@code skipExisting} and it exists). */
    public static void buildChunk(ZarrArray src, ZarrArray dst, long[] step, long[] index, boolean skipExisting)
            throws IOException {
        if (skipExisting && dst.chunkExists(index)) {
            return;
        }
        ArrayMetadata dm = dst.metadata();
        int rank = dm.rank();
        int[] chunk = dm.chunks();
        long[] dShape = dm.shape();
        long[] sShape = src.shape();
        long[] dStart = new long[rank];
        int[] dSize = new int[rank];
        long[] sStart = new long[rank];
        int[] sSize = new int[rank];
        for (int i = 0; i < rank; i++) {
            dStart[i] = index[i] * chunk[i];
            dSize[i] = (int) Math.min(chunk[i], dShape[i] - dStart[i]);
            sStart[i] = dStart[i] * step[i];
            sSize[i] = (int) Math.min((long) dSize[i] * step[i], sShape[i] - sStart[i]);
        }
        float[] s = src.read(sStart, sSize);
        float[] out = new float[dm.chunkElements()];
        java.util.Arrays.fill(out, (float) dm.fillValue());
        int[] sStride = Boxes.strides(sSize);
        int[] oStride = Boxes.strides(chunk);
        int[] d = new int[rank];
        int[] k = new int[rank];
        int total = Boxes.count(dSize);
        for (int e = 0; e < total; e++) {
            // the block of src under dst pixel d, clipped at src's edge
            double sum = 0;
            int count = 0;
            int[] lo = new int[rank];
            int[] hi = new int[rank];
            for (int i = 0; i < rank; i++) {
                lo[i] = (int) (d[i] * step[i]);
                hi[i] = (int) Math.min(lo[i] + step[i], sSize[i]);
                k[i] = lo[i];
            }
            while (true) {
                int off = 0;
                for (int i = 0; i < rank; i++) {
                    off += k[i] * sStride[i];
                }
                sum += s[off];
                count++;
                int i = rank - 1;
                for (; i >= 0; i--) {
                    if (++k[i] < hi[i]) {
                        break;
                    }
                    k[i] = lo[i];
                }
                if (i < 0) {
                    break;
                }
            }
            int o = 0;
            for (int i = 0; i < rank; i++) {
                o += d[i] * oStride[i];
            }
            out[o] = (float) (sum / count);
            for (int i = rank - 1; i >= 0; i--) {
                if (++d[i] < dSize[i]) {
                    break;
                }
                d[i] = 0;
            }
        }
        dst.writeChunk(index, out);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
