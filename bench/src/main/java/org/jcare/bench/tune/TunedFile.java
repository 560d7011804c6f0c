package org.jcare.bench.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvTunedTable;

/**
 * The generated {@code tuned.json}: the previous file (the output folder's, else the one in the jar) with this
 * device's entry updated - signatures tuned now replace those of the same geometry, others are kept, and so are TF32
 * tiles set in the old entry's default - written
 * pretty-printed and checked by reading it back with {@link ConvTunedTable#parse}.
 */
final class TunedFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TunedFile() {
    }

    /** The document to merge into: {@code existing} if it is a file, else the jar's resource, else an empty one. */
    static ObjectNode base(Path existing, boolean fresh) throws IOException {
        String text = null;
        String source = null;
        if (!fresh && Files.isRegularFile(existing)) {
            text = Files.readString(existing, StandardCharsets.UTF_8);
            source = existing.toString();
        } else if (!fresh) {
            try (InputStream in = ConvTunedTable.class.getResourceAsStream(ConvTunedTable.RESOURCE)) {
                if (in != null) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    source = "resource " + ConvTunedTable.RESOURCE;
                }
            }
        }
        if (text == null) {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", ConvTunedTable.FORMAT).put("version", ConvTunedTable.VERSION);
            root.putObject("devices");
            return root;
        }
        ConvTunedTable.parse(text, source); // refuse to build on a file the engine could not read
        return (ObjectNode) JSON.readTree(text);
    }

    /**
     * Replaces {@code device}'s entry in {@code root} by {@code entry}, keeping the old entry's signatures whose
     * geometry was not tuned again.
     */
    static void merge(ObjectNode root, String device, ObjectNode entry) {
        ObjectNode devices = devices(root);
        JsonNode old = devices.get(device);
        ArrayNode sigs = (ArrayNode) entry.get("signatures");
        // the tuner searches the fp32 tiles: TF32 tiles set earlier (Tf32Tiles) stay
        JsonNode oldTf32 = old == null ? null : old.path("default").get("tf32");
        if (oldTf32 != null && entry.get("default") instanceof ObjectNode def && !def.has("tf32")) {
            def.set("tf32", oldTf32);
        }
        if (old != null && old.path("signatures").isArray()) {
            List<ConvGeometry> tuned = new java.util.ArrayList<>();
            for (JsonNode s : sigs) {
                tuned.add(ConvTunedTable.geometryFrom(s.path("geometry"), device));
            }
            for (JsonNode s : old.path("signatures")) {
                if (!tuned.contains(ConvTunedTable.geometryFrom(s.path("geometry"), device))) {
                    sigs.add(s);
                }
            }
        }
        devices.set(device, entry);
    }

    /** The {@code devices} object of {@code root}, created when missing. */
    static ObjectNode devices(ObjectNode root) {
        return root.has("devices") && root.get("devices").isObject()
                ? (ObjectNode) root.get("devices") : root.putObject("devices");
    }

    /** Writes {@code root} to {@code file} and reads it back as the engine will. */
    static void write(ObjectNode root, Path file) throws IOException {
        String text = JSON.writeValueAsString(root) + "\n";
        ConvTunedTable.parse(text, file.toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
