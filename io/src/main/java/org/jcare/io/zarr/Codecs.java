package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;

/**
 * The chunk codecs jcare reads and writes, each with the JSON of numcodecs (v2 {@code compressor}) and of the Zarr v3
 * specification (v3 {@code codecs}): blosc ({@link Blosc}), zstd and lz4 (aircompressor), zlib and gzip (JDK), and the
 * v3 crc32c checksum.
 */
public final class Codecs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Codecs() {
    }

    /**
     * Blosc with a codec inside ({@code cname}), level, shuffle (0 none, 1 byte, 2 bit), the element size it shuffles
     * by, and a block size (0: automatic).
     */
    public record BloscCodec(Blosc.Cname cname, int clevel, int shuffle, int typesize, int blocksize)
            implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            return Blosc.compress(raw, cname, clevel, shuffle, typesize, blocksize);
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            byte[] out;
            try {
                out = Blosc.decompress(encoded);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            return requireLength(out, rawLength, "blosc");
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            if (zarrFormat == 2) {
                return JSON.objectNode().put("id", "blosc").put("cname", cname.id()).put("clevel", clevel)
                        .put("shuffle", shuffle).put("blocksize", blocksize);
            }
            ObjectNode c = JSON.objectNode().put("cname", cname.id()).put("clevel", clevel)
                    .put("shuffle", shuffle == 0 ? "noshuffle" : shuffle == 1 ? "shuffle" : "bitshuffle")
                    .put("typesize", typesize).put("blocksize", blocksize);
            return v3("blosc", c);
        }
    }

    /** Zstandard at {@code level} (aircompressor writes its own fixed level; any level reads). */
    public record ZstdCodec(int level, boolean checksum) implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            ZstdCompressor c = new ZstdCompressor();
            byte[] out = new byte[c.maxCompressedLength(raw.length)];
            int n = c.compress(raw, 0, raw.length, out, 0, out.length);
            return Arrays.copyOf(out, n);
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            byte[] out = new byte[rawLength];
            try {
                int n = new ZstdDecompressor().decompress(encoded, 0, encoded.length, out, 0, rawLength);
                if (n != rawLength) {
                    throw new IOException("zstd: chunk decodes to " + n + " bytes, expected " + rawLength);
                }
            } catch (RuntimeException e) {
                throw new IOException("zstd: corrupt chunk (" + e.getMessage() + ")", e);
            }
            return out;
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            if (zarrFormat == 2) {
                return JSON.objectNode().put("id", "zstd").put("level", level);
            }
            return v3("zstd", JSON.objectNode().put("level", level).put("checksum", checksum));
        }
    }

    /** zlib (deflate with the zlib wrapper), numcodecs' {@code zlib}; v2 only (v3 has gzip). */
    public record ZlibCodec(int level) implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            return Zlib.deflate(raw, 0, raw.length, level, true);
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            try {
                return Zlib.inflate(encoded, rawLength);
            } catch (DataFormatException e) {
                throw new IOException("zlib: corrupt chunk (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            if (zarrFormat != 2) {
                throw new IllegalArgumentException("zlib is a Zarr v2 compressor; Zarr v3 has gzip");
            }
            return JSON.objectNode().put("id", "zlib").put("level", level);
        }
    }

    /** gzip, numcodecs' {@code gzip} and the v3 {@code gzip} codec. */
    public record GzipCodec(int level) implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            return Zlib.gzip(raw, level);
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            return Zlib.gunzip(encoded, rawLength);
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            if (zarrFormat == 2) {
                return JSON.objectNode().put("id", "gzip").put("level", level);
            }
            return v3("gzip", JSON.objectNode().put("level", level));
        }
    }

    /** numcodecs' {@code lz4}: the uncompressed size as a little-endian int32, then one LZ4 block. v2 only. */
    public record Lz4Codec(int acceleration) implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            Lz4Compressor c = new Lz4Compressor();
            byte[] out = new byte[4 + c.maxCompressedLength(raw.length)];
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, raw.length);
            int n = c.compress(raw, 0, raw.length, out, 4, out.length - 4);
            return Arrays.copyOf(out, 4 + n);
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            if (encoded.length < 4) {
                throw new IOException("lz4: chunk of " + encoded.length + " bytes has no size header");
            }
            int size = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (size != rawLength) {
                throw new IOException("lz4: chunk holds " + size + " bytes, expected " + rawLength);
            }
            byte[] out = new byte[rawLength];
            try {
                int n = new Lz4Decompressor().decompress(encoded, 4, encoded.length - 4, out, 0, rawLength);
                if (n != rawLength) {
                    throw new IOException("lz4: chunk decodes to " + n + " bytes, expected " + rawLength);
                }
            } catch (MalformedInputException e) {
                throw new IOException("lz4: corrupt chunk", e);
            }
            return out;
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            if (zarrFormat != 2) {
                throw new IllegalArgumentException("lz4 is a numcodecs (Zarr v2) compressor");
            }
            return JSON.objectNode().put("id", "lz4").put("acceleration", acceleration);
        }
    }

    /** The v3 {@code crc32c} codec: the data followed by its CRC-32C, little-endian; decoding checks it. */
    public record Crc32cCodec() implements ChunkCodec {
        @Override
        public byte[] encode(byte[] raw) {
            byte[] out = Arrays.copyOf(raw, raw.length + 4);
            CRC32C crc = new CRC32C();
            crc.update(raw);
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(raw.length, (int) crc.getValue());
            return out;
        }

        @Override
        public byte[] decode(byte[] encoded, int rawLength) throws IOException {
            if (encoded.length < 4) {
                throw new IOException("crc32c: chunk of " + encoded.length + " bytes has no checksum");
            }
            CRC32C crc = new CRC32C();
            crc.update(encoded, 0, encoded.length - 4);
            int stored = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).getInt(encoded.length - 4);
            if (stored != (int) crc.getValue()) {
                throw new IOException("crc32c: checksum mismatch, the chunk is corrupt");
            }
            return Arrays.copyOf(encoded, encoded.length - 4);
        }

        @Override
        public ObjectNode toJson(int zarrFormat) {
            return JSON.objectNode().put("name", "crc32c");
        }
    }

    /**
     * A codec by a short name as the CLI takes it: {@code blosc-lz4}, {@code blosc-zstd}, {@code zstd}, {@code zlib}
     * (v2) or {@code gzip}, {@code lz4} (v2), or {@code none} (null). Blosc shuffles bytes of {@code typesize}.
     */
    public static ChunkCodec byName(String name, int typesize) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none":
            case "raw":
                return null;
            case "blosc-lz4":
            case "blosc":
                return new BloscCodec(Blosc.Cname.LZ4, 5, Blosc.SHUFFLE, typesize, 0);
            case "blosc-zstd":
                return new BloscCodec(Blosc.Cname.ZSTD, 5, Blosc.SHUFFLE, typesize, 0);
            case "zstd":
                return new ZstdCodec(3, false);
            case "zlib":
                return new ZlibCodec(5);
            case "gzip":
                return new GzipCodec(5);
            case "lz4":
                return new Lz4Codec(1);
            default:
                throw new IllegalArgumentException("compression '" + name + "' is unknown; use blosc-lz4, blosc-zstd,"
                        + " zstd, zlib, gzip, lz4 or none");
        }
    }

    /** The codec of a v2 {@code compressor} entry (null for JSON null). */
    static ChunkCodec fromV2(JsonNode c, int typesize) {
        if (c == null || c.isNull()) {
            return null;
        }
        String id = c.path("id").asText("");
        switch (id) {
            case "blosc":
                return new BloscCodec(Blosc.Cname.of(c.path("cname").asText("lz4")), c.path("clevel").asInt(5),
                        c.path("shuffle").asInt(1) == -1 ? 1 : c.path("shuffle").asInt(1), typesize,
                        c.path("blocksize").asInt(0));
            case "zstd":
                return new ZstdCodec(c.path("level").asInt(1), false);
            case "zlib":
                return new ZlibCodec(c.path("level").asInt(1));
            case "gzip":
                return new GzipCodec(c.path("level").asInt(1));
            case "lz4":
                return new Lz4Codec(c.path("acceleration").asInt(1));
            default:
                throw new IllegalArgumentException("compressor '" + id + "' is not supported; supported are blosc,"
                        + " zstd, zlib, gzip, lz4 and none");
        }
    }

    /** The codec of a v3 bytes-to-bytes codec entry. */
    static ChunkCodec fromV3(JsonNode c, int typesize) {
        String name = c.path("name").asText("");
        JsonNode conf = c.path("configuration");
        switch (name) {
            case "blosc": {
                String s = conf.path("shuffle").asText("noshuffle");
                int shuffle = s.equals("shuffle") ? 1 : s.equals("bitshuffle") ? 2 : 0;
                return new BloscCodec(Blosc.Cname.of(conf.path("cname").asText("lz4")), conf.path("clevel").asInt(5),
                        shuffle, conf.path("typesize").asInt(typesize), conf.path("blocksize").asInt(0));
            }
            case "zstd":
                return new ZstdCodec(conf.path("level").asInt(0), conf.path("checksum").asBoolean(false));
            case "gzip":
                return new GzipCodec(conf.path("level").asInt(5));
            case "crc32c":
                return new Crc32cCodec();
            default:
                throw new IllegalArgumentException("codec '" + name + "' is not supported; supported after 'bytes'"
                        + " are blosc, zstd, gzip and crc32c");
        }
    }

    private static ObjectNode v3(String name, ObjectNode configuration) {
        ObjectNode n = JSON.objectNode().put("name", name);
        n.set("configuration", configuration);
        return n;
    }

    static byte[] requireLength(byte[] out, int expected, String codec) throws IOException {
        if (out.length != expected) {
            throw new IOException(codec + ": chunk decodes to " + out.length + " bytes, expected " + expected);
        }
        return out;
    }
}
