package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link ArrayMetadata} as Zarr v2 {@code .zarray} (attributes in {@code .zattrs}) and as the v3
 * {@code zarr.json} of an array node (attributes inside), following the two specifications. What jcare cannot read
 * (v2 filters, the v3 transpose codec, irregular chunk grids, non-numeric types) is refused with a message that says
 * so rather than misread.
 */
final class ArrayMetadataJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ArrayMetadataJson() {
    }

    /** Parses a v2 {@code .zarray} with its {@code .zattrs} (null when absent). */
    static ArrayMetadata parseV2(JsonNode z, JsonNode attrs) {
        require(z.path("zarr_format").asInt(-1) == 2, "zarr_format is " + z.path("zarr_format") + ", expected 2");
        String dtypeText = z.path("dtype").asText("");
        if (!z.path("dtype").isTextual()) {
            throw new IllegalArgumentException("dtype " + z.path("dtype") + " is a structured type; only plain numeric"
                    + " dtypes are supported");
        }
        DataType dtype = DataType.ofV2(dtypeText);
        JsonNode filters = z.path("filters");
        require(filters.isMissingNode() || filters.isNull() || filters.isArray() && filters.isEmpty(),
                "filters " + filters + " are not supported (only a compressor)");
        String order = z.path("order").asText("C");
        require(order.equals("C") || order.equals("F"), "order '" + order + "' is not C or F");
        String sep = z.path("dimension_separator").asText(".");
        require(sep.equals(".") || sep.equals("/"), "dimension_separator '" + sep + "' is not '.' or '/'");
        List<ChunkCodec> codecs = new ArrayList<>();
        ChunkCodec c = Codecs.fromV2(z.get("compressor"), dtype.size());
        if (c != null) {
            codecs.add(c);
        }
        return new ArrayMetadata(2, longs(z.path("shape"), "shape"), ints(z.path("chunks"), "chunks"), dtype,
                DataType.orderOfV2(dtypeText), fill(z.path("fill_value")), order.equals("F"), sep, true, codecs, null,
                null, attrs instanceof ObjectNode o ? o : null);
    }

    /** Parses the {@code zarr.json} of a v3 array. */
    static ArrayMetadata parseV3(JsonNode z) {
        require(z.path("zarr_format").asInt(-1) == 3, "zarr_format is " + z.path("zarr_format") + ", expected 3");
        require("array".equals(z.path("node_type").asText()), "node_type is " + z.path("node_type")
                + ", not array");
        DataType dtype = DataType.ofV3(z.path("data_type").asText(""));
        JsonNode grid = z.path("chunk_grid");
        require("regular".equals(grid.path("name").asText()), "chunk_grid " + grid.path("name")
                + " is not supported (only regular)");
        int[] chunks = ints(grid.path("configuration").path("chunk_shape"), "chunk_shape");
        JsonNode keys = z.path("chunk_key_encoding");
        String keyName = keys.path("name").asText("default");
        require(keyName.equals("default") || keyName.equals("v2"), "chunk_key_encoding " + keyName
                + " is not supported");
        boolean v2Keys = keyName.equals("v2");
        String sep = keys.path("configuration").path("separator").asText(v2Keys ? "." : "/");
        require(z.path("storage_transformers").isMissingNode() || z.path("storage_transformers").isEmpty(),
                "storage_transformers are not supported");
        JsonNode codecList = z.path("codecs");
        require(codecList.isArray() && !codecList.isEmpty(), "codecs are missing");
        ArrayMetadata.Sharding sharding = null;
        ByteOrder order;
        List<ChunkCodec> codecs;
        if ("sharding_indexed".equals(codecList.get(0).path("name").asText())) {
            require(codecList.size() == 1, "codecs after sharding_indexed are not supported");
            JsonNode conf = codecList.get(0).path("configuration");
            Chain inner = chain(conf.path("codecs"), dtype.size());
            Chain index = chain(conf.path("index_codecs"), 8);
            boolean crc = index.codecs.size() == 1 && index.codecs.get(0) instanceof Codecs.Crc32cCodec;
            require(index.codecs.isEmpty() || crc, "index_codecs other than bytes and crc32c are not supported");
            require(index.order == ByteOrder.LITTLE_ENDIAN, "a big-endian shard index is not supported");
            sharding = new ArrayMetadata.Sharding(ints(conf.path("chunk_shape"), "chunk_shape"), inner.order,
                    inner.codecs, crc, !"start".equals(conf.path("index_location").asText("end")));
            order = inner.order;
            codecs = List.of();
        } else {
            Chain c = chain(codecList, dtype.size());
            order = c.order;
            codecs = c.codecs;
        }
        List<String> names = null;
        if (z.path("dimension_names").isArray()) {
            names = new ArrayList<>();
            for (JsonNode n : z.path("dimension_names")) {
                names.add(n.isNull() ? null : n.asText());
            }
        }
        JsonNode attrs = z.path("attributes");
        return new ArrayMetadata(3, longs(z.path("shape"), "shape"), chunks, dtype, order, fill(z.path("fill_value")),
                false, sep, v2Keys, codecs, sharding, names, attrs instanceof ObjectNode o ? o : null);
    }

    /** The v2 {@code .zarray} of {@code m} (attributes go to {@code .zattrs}). */
    static ObjectNode toV2(ArrayMetadata m) {
        require(m.sharding() == null, "sharding is a v3 codec");
        ObjectNode z = MAPPER.createObjectNode();
        z.set("chunks", MAPPER.valueToTree(m.chunks()));
        z.set("compressor", m.codecs().isEmpty() ? null : m.codecs().get(0).toJson(2));
        require(m.codecs().size() <= 1, "a v2 array has one compressor, not " + m.codecs().size() + " codecs");
        z.put("dimension_separator", m.separator());
        z.put("dtype", m.dtype().v2Name(m.byteOrder()));
        putFill(z, m.fillValue());
        z.putNull("filters");
        z.put("order", "C");
        z.set("shape", MAPPER.valueToTree(m.shape()));
        z.put("zarr_format", 2);
        return z;
    }

    /** The v3 {@code zarr.json} of {@code m}, attributes included. */
    static ObjectNode toV3(ArrayMetadata m) {
        require(m.sharding() == null, "jcare does not write sharded arrays");
        ObjectNode z = MAPPER.createObjectNode();
        z.put("zarr_format", 3);
        z.put("node_type", "array");
        z.set("shape", MAPPER.valueToTree(m.shape()));
        z.put("data_type", m.dtype().v3Name());
        ObjectNode grid = z.putObject("chunk_grid");
        grid.put("name", "regular");
        grid.putObject("configuration").set("chunk_shape", MAPPER.valueToTree(m.chunks()));
        ObjectNode keys = z.putObject("chunk_key_encoding");
        keys.put("name", m.v2Keys() ? "v2" : "default");
        keys.putObject("configuration").put("separator", m.separator());
        putFill(z, m.fillValue());
        ArrayNode codecs = z.putArray("codecs");
        ObjectNode bytes = codecs.addObject();
        bytes.put("name", "bytes");
        bytes.putObject("configuration").put("endian",
                m.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        for (ChunkCodec c : m.codecs()) {
            codecs.add(c.toJson(3));
        }
        z.set("attributes", m.attributes());
        if (m.dimensionNames() != null) {
            z.set("dimension_names", MAPPER.valueToTree(m.dimensionNames()));
        }
        return z;
    }

    /** A v3 codec chain: 'bytes' (its endianness) then bytes-to-bytes codecs. */
    private record Chain(ByteOrder order, List<ChunkCodec> codecs) {
    }

    private static Chain chain(JsonNode list, int typesize) {
        require(list.isArray() && !list.isEmpty(), "codec list " + list + " is empty");
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        List<ChunkCodec> out = new ArrayList<>();
        boolean seenBytes = false;
        for (JsonNode c : list) {
            String name = c.path("name").asText("");
            if (name.equals("bytes") || name.equals("endian")) {
                require(!seenBytes, "two array-to-bytes codecs");
                seenBytes = true;
                order = "big".equals(c.path("configuration").path("endian").asText("little"))
                        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            } else if (!seenBytes) {
                throw new IllegalArgumentException("codec '" + name + "' before 'bytes' is not supported (transpose"
                        + " and other array-to-array codecs)");
            } else {
                out.add(Codecs.fromV3(c, typesize));
            }
        }
        require(seenBytes, "the codecs have no 'bytes' codec");
        return new Chain(order, out);
    }

    private static void putFill(ObjectNode z, double fill) {
        if (Double.isNaN(fill)) {
            z.put("fill_value", "NaN");
        } else if (Double.isInfinite(fill)) {
            z.put("fill_value", fill > 0 ? "Infinity" : "-Infinity");
        } else {
            z.put("fill_value", fill);
        }
    }

    private static double fill(JsonNode f) {
        if (f == null || f.isMissingNode() || f.isNull()) {
            return 0;
        }
        if (f.isNumber()) {
            return f.asDouble();
        }
        if (f.isBoolean()) {
            return f.asBoolean() ? 1 : 0;
        }
        String s = f.asText();
        switch (s) {
            case "NaN": return Double.NaN;
            case "Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": return Double.NEGATIVE_INFINITY;
            default:
                if (s.startsWith("0x")) {
                    long bits = Long.parseUnsignedLong(s.substring(2), 16);
                    return s.length() <= 10 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
                }
                throw new IllegalArgumentException("fill_value " + f + " is not a number");
        }
    }

    private static long[] longs(JsonNode a, String what) {
        require(a.isArray(), what + " is missing or not a list");
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            require(a.get(i).canConvertToLong(), what + " " + a + " holds a non-integer");
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static int[] ints(JsonNode a, String what) {
        long[] l = longs(a, what);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            require(l[i] > 0 && l[i] <= Integer.MAX_VALUE, what + " " + a + " holds a size out of range");
            out[i] = (int) l[i];
        }
        return out;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
