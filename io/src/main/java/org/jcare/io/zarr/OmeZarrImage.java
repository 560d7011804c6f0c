package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.Calibration;

/**
 * An OME-Zarr image jcare writes: a group with OME-NGFF {@code multiscales} metadata (0.4 on Zarr v2, 0.5 on Zarr
 * v3), its resolution levels as arrays {@code 0}, {@code 1}, ... (float32, chunks of the same shape on every level,
 * cut to the level's size), axes of TCZYX with units from the calibration, and jcare's own record (normalization,
 * model) in the multiscale entry's {@code metadata}.
 */
public final class OmeZarrImage {
    private final FileStore store;
    private final List<ZarrArray> levels;
    private final long[][] factors;
    private final String letters;

    private OmeZarrImage(FileStore store, List<ZarrArray> levels, long[][] factors, String letters) {
        this.store = store;
        this.levels = levels;
        this.factors = factors;
        this.letters = letters;
    }

    /**
     * Creates the group and the (empty) arrays of every level in {@code folder}.
     *
     * @param ngffVersion "0.4" (Zarr v2) or "0.5" (Zarr v3)
     * @param letters     axes, a subset of TCZYX in that order
     * @param shape       level 0 size per axis
     * @param chunks      chunk shape per axis (cut to each level's size)
     * @param codec       compressor, or null
     * @param factors     per level, downsampling per axis ({@link Pyramid#factors})
     * @param metadata    jcare's record for the multiscale entry's {@code metadata}, or null
     */
    public static OmeZarrImage create(Path folder, String ngffVersion, String name, String letters, long[] shape,
                                      int[] chunks, ChunkCodec codec, Calibration cal, long[][] factors,
                                      ObjectNode metadata) throws IOException {
        int format = ngffVersion.startsWith("0.5") ? 3 : 2;
        if (!isOrdered(letters)) {
            throw new IllegalArgumentException("OME-NGFF axes must be a subset of TCZYX in that order, got " + letters);
        }
        FileStore store = new FileStore(folder);
        Multiscale ms = Multiscale.of(ngffVersion, name, letters, cal, factors);
        ZarrGroup.create(store, "", format, ms.toAttributes(metadata));
        List<String> dims = new ArrayList<>();
        for (char c : letters.toCharArray()) {
            dims.add(String.valueOf(Character.toLowerCase(c)));
        }
        List<ZarrArray> arrays = new ArrayList<>();
        for (int k = 0; k < factors.length; k++) {
            long[] s = Pyramid.shape(shape, factors[k]);
            int[] c = new int[s.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = (int) Math.max(1, Math.min(chunks[i], s[i]));
            }
            arrays.add(ZarrArray.create(store, String.valueOf(k),
                    ArrayMetadata.create(format, s, c, DataType.FLOAT32, codec, dims)));
        }
        return new OmeZarrImage(store, arrays, factors, letters);
    }

    /** Opens an image this class created (to resume writing it). */
    public static OmeZarrImage open(Path folder) throws IOException {
        FileStore store = new FileStore(folder);
        Multiscale ms = Multiscale.read(ZarrGroup.attributes(store, ""));
        List<ZarrArray> arrays = new ArrayList<>();
        for (Multiscale.Dataset d : ms.datasets()) {
            arrays.add(ZarrArray.open(store, d.path()));
        }
        long[] base = arrays.get(0).shape();
        long[][] factors = new long[arrays.size()][];
        for (int k = 0; k < factors.length; k++) {
            long[] s = arrays.get(k).shape();
            factors[k] = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                factors[k][i] = Math.max(1, Math.round((double) base[i] / s[i]));
            }
        }
        return new OmeZarrImage(store, arrays, factors, ms.letters());
    }

    /** Rewrites the multiscale metadata with {@code metadata} as jcare's record. */
    public void updateMetadata(String ngffVersion, String name, Calibration cal, ObjectNode metadata)
            throws IOException {
        Multiscale ms = Multiscale.of(ngffVersion, name, letters, cal, factors);
        ZarrGroup.create(store, "", levels.get(0).metadata().zarrFormat(), ms.toAttributes(metadata));
    }

    /** The jcare record stored in the multiscale metadata (empty when none). */
    public ObjectNode storedMetadata() throws IOException {
        ObjectNode attrs = ZarrGroup.attributes(store, "");
        com.fasterxml.jackson.databind.JsonNode list = attrs.has("ome") ? attrs.path("ome").path("multiscales")
                : attrs.path("multiscales");
        com.fasterxml.jackson.databind.JsonNode m = list.path(0).path("metadata");
        return m instanceof ObjectNode o ? o : ArrayMetadataJson.MAPPER.createObjectNode();
    }

    /** Level {@code k}'s array (0 is full resolution). */
    public ZarrArray level(int k) {
        return levels.get(k);
    }

    /** Number of levels. */
    public int levelCount() {
        return levels.size();
    }

    /** Pixels of level {@code k - 1} per pixel of level {@code k}, per axis. */
    public long[] step(int k) {
        long[] s = new long[factors[k].length];
        for (int i = 0; i < s.length; i++) {
            s[i] = factors[k][i] / factors[k - 1][i];
        }
        return s;
    }

    /** Builds levels 1 and up from level 0 (chunks already there are kept). */
    public void buildPyramid() throws IOException {
        for (int k = 1; k < levels.size(); k++) {
            Pyramid.build(levels.get(k - 1), levels.get(k), step(k));
        }
    }

    /** The axes letters. */
    public String letters() {
        return letters;
    }

    /** The store. */
    public FileStore store() {
        return store;
    }

    private static boolean isOrdered(String letters) {
        int last = -1;
        for (char c : letters.toCharArray()) {
            int p = "TCZYX".indexOf(c);
            if (p <= last) {
                return false;
            }
            last = p;
        }
        return letters.contains("Y") && letters.contains("X");
    }
}
