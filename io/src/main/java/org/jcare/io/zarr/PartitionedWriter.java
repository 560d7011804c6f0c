package org.jcare.io.zarr;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an array whose content arrives as the cells of a fixed partition (tile cores of a restoration: per axis a
 * sorted list of cuts, the cells are the products of the intervals) that need not line up with the chunks, so that
 * every chunk is written exactly once, whole, and atomically, whatever the order of the cells, the number of threads
 * or processes, a crash in between, or a cell written twice (a retried task).
 *
 * <p>A chunk that one cell covers is written directly. The piece of a cell that falls in a chunk shared with other
 * cells goes to a fragment file in a scratch folder ({@code scratch/<chunk key>/<piece start>.frag}, written under a
 * temporary name and renamed); whoever completes the set of fragments a chunk needs (known from the partition)
 * assembles the chunk, writes it, then deletes the fragments. Two processes may both assemble a chunk: both write the
 * same bytes. A chunk file therefore exists only when it is complete: it is the chunk's completion record.
 */
public final class PartitionedWriter {
    private final ZarrArray array;
    private final Path scratch;
    private final long[][] cuts;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * A writer of {@code array}'s cells.
     *
     * @param scratch folder for fragments (on a file system every writer sees)
     * @param cuts    per axis, the cell boundaries: 0, ..., the axis size, strictly increasing
     */
    public PartitionedWriter(ZarrArray array, Path scratch, long[][] cuts) {
        long[] shape = array.shape();
        if (cuts.length != shape.length) {
            throw new IllegalArgumentException("one list of cuts per axis: " + cuts.length + " for " + shape.length);
        }
        for (int a = 0; a < cuts.length; a++) {
            long[] c = cuts[a];
            if (c.length < 2 || c[0] != 0 || c[c.length - 1] != shape[a]) {
                throw new IllegalArgumentException("cuts of axis " + a + " must run from 0 to " + shape[a] + ": "
                        + Arrays.toString(c));
            }
            for (int i = 1; i < c.length; i++) {
                if (c[i] <= c[i - 1]) {
                    throw new IllegalArgumentException("cuts of axis " + a + " must increase: " + Arrays.toString(c));
                }
            }
        }
        this.array = array;
        this.scratch = scratch;
        this.cuts = new long[cuts.length][];
        for (int a = 0; a < cuts.length; a++) {
            this.cuts[a] = cuts[a].clone();
        }
    }

    /** The array written. */
    public ZarrArray array() {
        return array;
    }

    /**
     * Writes one cell: {@code data} in C order of {@code size} at {@code start}.
     *
     * @throws IllegalArgumentException when the box is not a cell of the partition
     */
    public void write(long[] start, int[] size, float[] data) throws IOException {
        checkCell(start, size);
        ArrayMetadata m = array.metadata();
        int rank = m.rank();
        int[] chunk = m.chunks();
        long[] shape = m.shape();
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int i = 0; i < rank; i++) {
            first[i] = start[i] / chunk[i];
            last[i] = (start[i] + size[i] - 1) / chunk[i];
        }
        long[] c = first.clone();
        while (true) {
            long[] c0 = new long[rank];
            long[] cs = new long[rank];
            for (int i = 0; i < rank; i++) {
                c0[i] = c[i] * chunk[i];
                cs[i] = Math.min(chunk[i], shape[i] - c0[i]);
            }
            long[][] piece = Boxes.intersect(start, Boxes.toLongs(size), c0, add(c0, cs));
            int[] pStart = new int[rank];
            int[] pSize = new int[rank];
            int[] inCell = new int[rank];
            for (int i = 0; i < rank; i++) {
                pStart[i] = (int) (piece[0][i] - c0[i]);
                pSize[i] = (int) piece[1][i];
                inCell[i] = (int) (piece[0][i] - start[i]);
            }
            if (parts(c) == 1) {
                float[] out = new float[m.chunkElements()];
                Arrays.fill(out, (float) m.fillValue());
                Boxes.copy(data, size, inCell, out, chunk, pStart, pSize);
                array.writeChunk(c.clone(), out);
            } else if (!array.chunkExists(c)) {
                float[] p = new float[Boxes.count(pSize)];
                Boxes.copy(data, size, inCell, p, pSize, new int[rank], pSize);
                writeFragment(c.clone(), piece[0], pSize, p);
            }
            int i = rank - 1;
            for (; i >= 0; i--) {
                if (++c[i] <= last[i]) {
                    break;
                }
                c[i] = first[i];
            }
            if (i < 0) {
                return;
            }
        }
    }

    /** Whether the cell at {@code start} of {@code size} is written: every chunk it touches is complete or holds its fragment. */
    public boolean isWritten(long[] start, int[] size) throws IOException {
        ArrayMetadata m = array.metadata();
        int rank = m.rank();
        int[] chunk = m.chunks();
        long[] shape = m.shape();
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int i = 0; i < rank; i++) {
            first[i] = start[i] / chunk[i];
            last[i] = (start[i] + size[i] - 1) / chunk[i];
        }
        long[] c = first.clone();
        while (true) {
            if (!array.chunkExists(c)) {
                long[] c0 = new long[rank];
                long[] cs = new long[rank];
                for (int i = 0; i < rank; i++) {
                    c0[i] = c[i] * chunk[i];
                    cs[i] = Math.min(chunk[i], shape[i] - c0[i]);
                }
                long[][] piece = Boxes.intersect(start, Boxes.toLongs(size), c0, add(c0, cs));
                if (parts(c) == 1 || !Files.exists(fragmentFile(c, piece[0]))) {
                    return false;
                }
            }
            int i = rank - 1;
            for (; i >= 0; i--) {
                if (++c[i] <= last[i]) {
                    break;
                }
                c[i] = first[i];
            }
            if (i < 0) {
                return true;
            }
        }
    }

    /**
     * Assembles every chunk whose fragments are all present (a last pass after all cells are written, for chunks
     * whose last fragment was written by a process that died before assembling) and returns the chunks that are
     * still missing.
     */
    public List<long[]> sweep() throws IOException {
        ArrayMetadata m = array.metadata();
        List<long[]> missing = new ArrayList<>();
        for (long k = 0; k < m.chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(m, k);
            if (!array.chunkExists(c)) {
                if (parts(c) > 1) {
                    tryAssemble(c);
                }
                if (!array.chunkExists(c)) {
                    missing.add(c);
                }
            }
        }
        return missing;
    }

    /** Number of cells that touch chunk {@code c}. */
    long parts(long[] c) {
        ArrayMetadata m = array.metadata();
        int[] chunk = m.chunks();
        long[] shape = m.shape();
        long n = 1;
        for (int a = 0; a < c.length; a++) {
            long lo = c[a] * chunk[a];
            long hi = Math.min(lo + chunk[a], shape[a]);
            n *= intervalsTouching(cuts[a], lo, hi);
        }
        return n;
    }

    private static int intervalsTouching(long[] cut, long lo, long hi) {
        // intervals [cut[j], cut[j+1]) with cut[j] < hi and cut[j+1] > lo
        int first = Arrays.binarySearch(cut, lo);
        first = first >= 0 ? first : -first - 2;
        int last = Arrays.binarySearch(cut, hi);
        last = last >= 0 ? last - 1 : -last - 2;
        return last - first + 1;
    }

    private void checkCell(long[] start, int[] size) {
        for (int a = 0; a < cuts.length; a++) {
            int j = Arrays.binarySearch(cuts[a], start[a]);
            if (j < 0 || j + 1 >= cuts[a].length || cuts[a][j + 1] != start[a] + size[a]) {
                throw new IllegalArgumentException("box " + Arrays.toString(start) + " + " + Arrays.toString(size)
                        + " is not a cell of the partition (axis " + a + " cuts " + Arrays.toString(cuts[a]) + ")");
            }
        }
    }

    private Path chunkDir(long[] c) {
        return scratch.resolve(array.metadata().chunkKey(c).replace('/', '_').replace('.', '_'));
    }

    private Path fragmentFile(long[] c, long[] pieceStart) {
        StringBuilder sb = new StringBuilder();
        for (long s : pieceStart) {
            sb.append(sb.length() == 0 ? "" : "_").append(s);
        }
        return chunkDir(c).resolve(sb + ".frag");
    }

    private void writeFragment(long[] c, long[] pieceStart, int[] pSize, float[] p) throws IOException {
        Path file = fragmentFile(c, pieceStart);
        Path dir = file.getParent();
        Object lock = locks.computeIfAbsent(dir.toString(), k -> new Object());
        synchronized (lock) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                    .nextLong()) + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os, 1 << 16))) {
                out.writeInt(pSize.length);
                for (int i = 0; i < pSize.length; i++) {
                    out.writeLong(pieceStart[i]);
                    out.writeInt(pSize[i]);
                }
                ByteBuffer b = ByteBuffer.allocate(4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(p);
                out.write(b.array());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tryAssemble(c);
        }
        locks.remove(dir.toString(), lock);
    }

    /** Assembles chunk {@code c} when all its fragments are there; returns whether it was written. */
    private boolean tryAssemble(long[] c) throws IOException {
        Path dir = chunkDir(c);
        List<Path> frags = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.frag")) {
            ds.forEach(frags::add);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (frags.size() < parts(c)) {
            return false;
        }
        ArrayMetadata m = array.metadata();
        int rank = m.rank();
        int[] chunk = m.chunks();
        float[] out = new float[m.chunkElements()];
        Arrays.fill(out, (float) m.fillValue());
        for (Path f : frags) {
            long[] start = new long[rank];
            int[] size = new int[rank];
            float[] p;
            try (InputStream is = Files.newInputStream(f);
                 DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is, 1 << 16))) {
                if (in.readInt() != rank) {
                    throw new IOException(f + ": fragment of another rank");
                }
                for (int i = 0; i < rank; i++) {
                    start[i] = in.readLong();
                    size[i] = in.readInt();
                }
                byte[] raw = in.readNBytes(4 * Boxes.count(size));
                p = new float[raw.length / 4];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(p);
            } catch (NoSuchFileException e) {
                // another process assembled the chunk and removed its fragments
                return array.chunkExists(c);
            }
            int[] at = new int[rank];
            for (int i = 0; i < rank; i++) {
                at[i] = (int) (start[i] - c[i] * chunk[i]);
            }
            Boxes.copy(p, size, new int[rank], out, chunk, at, size);
        }
        array.writeChunk(c, out);
        for (Path f : frags) {
            Files.deleteIfExists(f);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a retried task rewrote a fragment meanwhile: harmless, the scratch folder goes at the end
        }
        return true;
    }

    private static long[] add(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
