package org.jcare.bench.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tuning log: one JSON line per event (the run's settings, every candidate with its status - static-reject,
 * rejected (validation), timed, not-tried - its reason or times, and each signature's outcome), flushed line by
 * line so that a run cut short still leaves its log.
 */
final class TuningLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final BufferedWriter writer;
    private int lines;

    TuningLog(Path file) throws IOException {
        this.file = file;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** A new, empty JSON object. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A new JSON object with {@code "event": event}. */
    static ObjectNode event(String event) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", event);
        return n;
    }

    /** A candidate event of {@code sig}. */
    static ObjectNode candidate(LayerSignature sig, Candidate.Group group, String label, String status) {
        ObjectNode n = event("candidate");
        n.put("signature", sig.name());
        n.put("group", group.name().toLowerCase(java.util.Locale.ROOT));
        n.put("candidate", label);
        n.put("status", status);
        return n;
    }

    /** Puts the timed passes (NaN ones left out) under {@code field}. */
    static ObjectNode times(ObjectNode n, String field, double[] ms) {
        ObjectNode t = n.putObject(field);
        String[] names = {"forward", "backward_data", "backward_weights"};
        for (int i = 0; i < names.length; i++) {
            if (!Double.isNaN(ms[i])) {
                t.put(names[i], Math.round(ms[i] * 10000) / 10000.0);
            }
        }
        return n;
    }

    /** Writes one line. */
    void write(ObjectNode n) {
        try {
            writer.write(n.toString());
            writer.newLine();
            writer.flush();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tuning log " + file, e);
        }
    }

    /** The log file. */
    Path file() {
        return file;
    }

    /** Lines written. */
    int lines() {
        return lines;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // the lines were flushed one by one; nothing is lost by a failed close
        }
    }
}
