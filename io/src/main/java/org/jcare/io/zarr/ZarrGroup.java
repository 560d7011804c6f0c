package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Zarr groups: v2 ({@code .zgroup} with attributes in {@code .zattrs}) and v3 ({@code zarr.json} of node type
 * group, attributes inside).
 */
public final class ZarrGroup {
    private ZarrGroup() {
    }

    /** Creates (or rewrites) the group at {@code path} in Zarr {@code format} with {@code attributes}. */
    public static void create(ZarrStore store, String path, int format, ObjectNode attributes) throws IOException {
        ObjectNode attrs = attributes == null ? ArrayMetadataJson.MAPPER.createObjectNode() : attributes;
        var writer = ArrayMetadataJson.MAPPER.writerWithDefaultPrettyPrinter();
        if (format == 2) {
            ObjectNode g = ArrayMetadataJson.MAPPER.createObjectNode().put("zarr_format", 2);
            store.set(ZarrArray.key(path, ".zgroup"), writer.writeValueAsBytes(g));
            store.set(ZarrArray.key(path, ".zattrs"), writer.writeValueAsBytes(attrs));
        } else if (format == 3) {
            ObjectNode g = ArrayMetadataJson.MAPPER.createObjectNode().put("zarr_format", 3).put("node_type", "group");
            g.set("attributes", attrs);
            store.set(ZarrArray.key(path, "zarr.json"), writer.writeValueAsBytes(g));
        } else {
            throw new IllegalArgumentException("zarr format " + format + " is not 2 or 3");
        }
    }

    /** The Zarr format of the node at {@code path}: 3 with {@code zarr.json}, 2 with {@code .zgroup}/.zarray, else 0. */
    public static int format(ZarrStore store, String path) throws IOException {
        if (store.contains(ZarrArray.key(path, "zarr.json"))) {
            return 3;
        }
        if (store.contains(ZarrArray.key(path, ".zgroup")) || store.contains(ZarrArray.key(path, ".zarray"))) {
            return 2;
        }
        return 0;
    }

    /** The attributes of the group (or array) at {@code path}; empty when it has none. */
    public static ObjectNode attributes(ZarrStore store, String path) throws IOException {
        byte[] v3 = store.get(ZarrArray.key(path, "zarr.json"));
        if (v3 != null) {
            JsonNode a = ArrayMetadataJson.MAPPER.readTree(v3).path("attributes");
            return a instanceof ObjectNode o ? o : ArrayMetadataJson.MAPPER.createObjectNode();
        }
        byte[] v2 = store.get(ZarrArray.key(path, ".zattrs"));
        if (v2 != null) {
            JsonNode a = ArrayMetadataJson.MAPPER.readTree(v2);
            return a instanceof ObjectNode o ? o : ArrayMetadataJson.MAPPER.createObjectNode();
        }
        return ArrayMetadataJson.MAPPER.createObjectNode();
    }

    /** Whether the node at {@code path} is a group (rather than an array or nothing). */
    public static boolean isGroup(ZarrStore store, String path) throws IOException {
        byte[] v3 = store.get(ZarrArray.key(path, "zarr.json"));
        if (v3 != null) {
            return "group".equals(ArrayMetadataJson.MAPPER.readTree(v3).path("node_type").asText());
        }
        return store.contains(ZarrArray.key(path, ".zgroup"));
    }
}
