package org.jcare.training.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;

/**
 * The record of a streamed restoration in progress ({@code .jcare/restore.json} inside the output being written):
 * what it restores with what (input, its shape, the model's fingerprint, the settings and the tile counts that give
 * its tiles), and the normalization of every time point as soon as it is computed. A resumed run reads it, refuses to
 * continue another restoration, and reuses the stored normalization and tiles, so it writes the same bytes.
 */
final class RestoreState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final ObjectNode root;

    private RestoreState(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** A new record of what is restored. */
    static RestoreState create(Path file, ObjectNode identity, int[] tileRequest) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.set("identity", identity);
        r.set("tiles", JSON.valueToTree(tileRequest));
        r.putObject("frames");
        RestoreState s = new RestoreState(file, r);
        s.save();
        return s;
    }

    /** Reads the record. */
    static RestoreState read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, "is missing: the folder is not a restoration jcare interrupted");
        }
        return new RestoreState(file, (ObjectNode) JSON.readTree(file.toFile()));
    }

    /** Fails naming the first difference when {@code identity} is not the recorded one. */
    void requireIdentity(ObjectNode identity, Path output) throws FileFormatException {
        ObjectNode recorded = (ObjectNode) root.path("identity");
        var names = identity.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            // as text: numbers read back from the file are ints where the record held longs
            if (!identity.path(f).toString().equals(recorded.path(f).toString())) {
                throw new FileFormatException(output, "--resume: the interrupted restoration used another " + f
                        + " (" + recorded.path(f) + ", now " + identity.path(f) + "); restore to another output or"
                        + " add --overwrite to start over");
            }
        }
    }

    /** The tile counts recorded when the restoration began. */
    int[] tileRequest() {
        ArrayNode a = (ArrayNode) root.path("tiles");
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = a.get(i).asInt();
        }
        return t;
    }

    /** The normalization bounds of time point {@code t} ({lo, hi}), or null when not yet computed. */
    synchronized float[][] frame(long t) {
        ObjectNode f = (ObjectNode) root.path("frames").get(String.valueOf(t));
        if (f == null) {
            return null;
        }
        return new float[][] {bits(f.path("lo_bits")), bits(f.path("hi_bits"))};
    }

    /** Records the normalization bounds of time point {@code t}. */
    synchronized void setFrame(long t, float[] lo, float[] hi) throws IOException {
        ObjectNode f = ((ObjectNode) root.path("frames")).putObject(String.valueOf(t));
        f.set("lo", JSON.valueToTree(lo));
        f.set("hi", JSON.valueToTree(hi));
        // the exact float32 bits: decimal text need not round-trip through a double
        f.set("lo_bits", JSON.valueToTree(toBits(lo)));
        f.set("hi_bits", JSON.valueToTree(toBits(hi)));
        save();
    }

    /** All frames' bounds as the output metadata stores them. */
    synchronized ObjectNode frames() {
        return root.path("frames").deepCopy();
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFiles.write(file, true, tmp -> Files.write(tmp, bytes));
    }

    private static float[] bits(com.fasterxml.jackson.databind.JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(a.get(i).asInt());
        }
        return v;
    }

    private static int[] toBits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RestoreState(%s, tiles %s)", file, Arrays.toString(tileRequest()));
    }
}
