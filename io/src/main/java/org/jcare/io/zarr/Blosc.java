package org.jcare.io.zarr;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The Blosc 1 frame (format version 2, what c-blosc 1.x and therefore numcodecs and zarr-python write), in pure
 * Java over the codecs of aircompressor (LZ4, Zstandard, Snappy) and the JDK (zlib); BloscLZ is read
 * ({@link BloscLz}) but not written.
 *
 * <p>Layout: a 16-byte header (format version, codec format version, flags, type size, then little-endian int32
 * uncompressed size, block size and compressed size), then unless the data is stored plainly (flag 0x2) one int32
 * start offset per block, and per block either one stream or, when split (flag 0x10 clear and the block is not the
 * last, shorter one), one stream per byte of the type; each stream is an int32 length and that many bytes, stored
 * plainly when the length equals the stream's uncompressed size. Flags 0x1 and 0x4 select the byte and bit shuffle
 * ({@link Shuffle}) of each block; bits 5-7 the codec (0 BloscLZ, 1 LZ4/LZ4HC, 2 Snappy, 3 zlib, 4 Zstandard).
 *
 * <p>Writing follows c-blosc's choices (block size from the level and type size; streams split for every codec but
 * Zstandard, as c-blosc's default forward-compatible split mode does), so the frames look like c-blosc's, but the
 * bytes are not c-blosc's: the codecs are other implementations (LZ4HC is written as plain LZ4, the same format).
 * Any Blosc 1 or 2 reader decodes them.
 */
public final class Blosc {
    /** The codecs inside a frame, with their codes in the header's flags (bits 5-7). */
    public enum Cname {
        /** c-blosc's own codec: read only. */
        BLOSCLZ(0),
        /** LZ4 (fast). */
        LZ4(1),
        /** LZ4 high compression (same format as LZ4; written as LZ4). */
        LZ4HC(1),
        /** Snappy. */
        SNAPPY(2),
        /** zlib (deflate with the zlib wrapper). */
        ZLIB(3),
        /** Zstandard. */
        ZSTD(4);

        final int format;

        Cname(int format) {
            this.format = format;
        }

        /** The lower-case name numcodecs and zarr use. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a numcodecs name. */
        public static Cname of(String name) {
            for (Cname c : values()) {
                if (c.id().equals(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown blosc codec '" + name
                    + "'; known: blosclz, lz4, lz4hc, snappy, zlib, zstd");
        }
    }

    /** No shuffle, byte shuffle, bit shuffle (numcodecs' 0, 1, 2). */
    public static final int NOSHUFFLE = 0;
    /** Byte shuffle. */
    public static final int SHUFFLE = 1;
    /** Bit shuffle. */
    public static final int BITSHUFFLE = 2;

    private static final int HEADER = 16;
    private static final int MEMCPYED = 0x2;
    private static final int DOSHUFFLE = 0x1;
    private static final int DOBITSHUFFLE = 0x4;
    private static final int DONT_SPLIT = 0x10;
    private static final int MIN_BUFFERSIZE = 128;
    private static final int MAX_SPLITS = 16;
    private static final int L1 = 32 * 1024;
    private static final int MAX_BLOCKSIZE = 1 << 30;

    private Blosc() {
    }

    /**
     * Compresses {@code src} into a Blosc frame.
     *
     * @param cname     the codec (not BloscLZ)
     * @param clevel    0 (stored) to 9
     * @param shuffle   {@link #NOSHUFFLE}, {@link #SHUFFLE} or {@link #BITSHUFFLE}
     * @param typesize  bytes per element (1 to 255)
     * @param blocksize bytes per block, 0 for c-blosc's automatic choice
     */
    public static byte[] compress(byte[] src, Cname cname, int clevel, int shuffle, int typesize, int blocksize) {
        if (cname == Cname.BLOSCLZ) {
            throw new IllegalArgumentException("blosc: jcare reads but does not write blosclz; use lz4 or zstd");
        }
        if (clevel < 0 || clevel > 9 || typesize < 1 || typesize > 255 || shuffle < 0 || shuffle > 2) {
            throw new IllegalArgumentException("blosc: clevel " + clevel + " (0-9), typesize " + typesize
                    + " (1-255), shuffle " + shuffle + " (0-2)");
        }
        int nbytes = src.length;
        int ts = nbytes < typesize ? 1 : typesize;
        int bs = blocksize(cname, clevel, ts, nbytes, blocksize);
        boolean split = splits(cname, ts, bs);
        int flags = (split ? 0 : DONT_SPLIT) | cname.format << 5;
        if (shuffle == SHUFFLE) {
            flags |= DOSHUFFLE;
        } else if (shuffle == BITSHUFFLE) {
            flags |= DOBITSHUFFLE;
        }
        boolean stored = clevel == 0 || nbytes < MIN_BUFFERSIZE;
        byte[] out = stored ? null : compressBlocks(src, cname, clevel, flags, ts, bs, split);
        if (out == null) {
            // not compressible (or too small): a plain copy, as c-blosc does when compression does not pay
            out = new byte[HEADER + nbytes];
            System.arraycopy(src, 0, out, HEADER, nbytes);
            flags |= MEMCPYED;
        }
        ByteBuffer h = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        h.put(0, (byte) 2);
        h.put(1, (byte) 1);
        h.put(2, (byte) flags);
        h.put(3, (byte) ts);
        h.putInt(4, nbytes);
        h.putInt(8, bs);
        h.putInt(12, out.length);
        return out;
    }

    /** The frame's blocks, or null when they do not come out smaller than the input. */
    private static byte[] compressBlocks(byte[] src, Cname cname, int clevel, int flags, int ts, int bs,
                                         boolean split) {
        int nbytes = src.length;
        int nblocks = (nbytes + bs - 1) / bs;
        int limit = HEADER + nbytes;
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 * nblocks + nbytes + 4 * nblocks * MAX_SPLITS + 64)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.position(HEADER + 4 * nblocks);
        byte[] shuffled = new byte[bs];
        StreamCodec codec = new StreamCodec(cname, clevel);
        for (int b = 0; b < nblocks; b++) {
            int off = b * bs;
            int len = Math.min(bs, nbytes - off);
            boolean leftover = len < bs;
            out.putInt(HEADER + 4 * b, out.position());
            byte[] data;
            int dataOff;
            if ((flags & DOSHUFFLE) != 0 && ts > 1) {
                Shuffle.shuffle(ts, src, off, len, shuffled);
                data = shuffled;
                dataOff = 0;
            } else if ((flags & DOBITSHUFFLE) != 0 && len >= ts) {
                Shuffle.bitshuffle(ts, src, off, len, shuffled);
                data = shuffled;
                dataOff = 0;
            } else {
                data = src;
                dataOff = off;
            }
            int nsplits = split && !leftover ? ts : 1;
            int neblock = len / nsplits;
            for (int j = 0; j < nsplits; j++) {
                byte[] c = codec.compress(data, dataOff + j * neblock, neblock);
                boolean plain = c == null || c.length >= neblock;
                int cbytes = plain ? neblock : c.length;
                if (out.position() + 4 + cbytes > limit) {
                    return null;
                }
                out.putInt(cbytes);
                if (plain) {
                    out.put(data, dataOff + j * neblock, neblock);
                } else {
                    out.put(c);
                }
            }
        }
        byte[] frame = new byte[out.position()];
        System.arraycopy(out.array(), 0, frame, 0, frame.length);
        return frame;
    }

    /**
     * Decompresses a Blosc frame.
     *
     * @throws IllegalArgumentException naming what is wrong when the frame is malformed or uses an unknown codec
     */
    public static byte[] decompress(byte[] frame) {
        if (frame.length < HEADER) {
            throw new IllegalArgumentException("blosc: " + frame.length + " bytes is shorter than the 16-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.get(0) & 0xff;
        int flags = h.get(2) & 0xff;
        int ts = h.get(3) & 0xff;
        int nbytes = h.getInt(4);
        int bs = h.getInt(8);
        int cbytes = h.getInt(12);
        if (version < 1 || version > 4 || nbytes < 0 || cbytes > frame.length || cbytes < HEADER
                || (nbytes > 0 && bs <= 0)) {
            throw new IllegalArgumentException("blosc: malformed header (version " + version + ", " + nbytes
                    + " bytes, block size " + bs + ", " + cbytes + " compressed bytes in a buffer of " + frame.length
                    + ")");
        }
        byte[] out = new byte[nbytes];
        if ((flags & MEMCPYED) != 0) {
            if (HEADER + nbytes > frame.length) {
                throw new IllegalArgumentException("blosc: stored frame of " + nbytes + " bytes is truncated ("
                        + frame.length + " bytes)");
            }
            System.arraycopy(frame, HEADER, out, 0, nbytes);
            return out;
        }
        Cname cname = cnameOf((flags >>> 5) & 7);
        boolean dontSplit = (flags & DONT_SPLIT) != 0;
        boolean byteShuffle = (flags & DOSHUFFLE) != 0 && ts > 1;
        boolean bitShuffle = (flags & DOBITSHUFFLE) != 0;
        int nblocks = (int) (((long) nbytes + bs - 1) / bs);
        byte[] tmp = new byte[bs];
        StreamCodec codec = new StreamCodec(cname, 0);
        for (int b = 0; b < nblocks; b++) {
            int off = b * bs;
            int len = Math.min(bs, nbytes - off);
            boolean leftover = len < bs;
            int src = h.getInt(HEADER + 4 * b);
            boolean shuffled = byteShuffle || bitShuffle && len >= ts;
            byte[] dst = shuffled ? tmp : out;
            int dstOff = shuffled ? 0 : off;
            boolean split = !dontSplit && ts <= MAX_SPLITS && len / ts >= MIN_BUFFERSIZE && !leftover;
            int nsplits = split ? ts : 1;
            int neblock = len / nsplits;
            for (int j = 0; j < nsplits; j++) {
                if (src < 0 || src > cbytes - 4) {
                    throw new IllegalArgumentException("blosc: block " + b + " starts outside the frame");
                }
                int clen = h.getInt(src);
                src += 4;
                if (clen < 0 || clen > cbytes - src) {
                    throw new IllegalArgumentException("blosc: stream of block " + b + " overruns the frame");
                }
                if (clen == neblock) {
                    System.arraycopy(frame, src, dst, dstOff + j * neblock, neblock);
                } else {
                    int n = codec.decompress(frame, src, clen, dst, dstOff + j * neblock, neblock);
                    if (n != neblock) {
                        throw new IllegalArgumentException("blosc: block " + b + " decodes to " + n
                                + " bytes instead of " + neblock + " (" + cname.id() + "; corrupt data)");
                    }
                }
                src += clen;
            }
            if (byteShuffle) {
                Shuffle.unshuffle(ts, tmp, len, out, off);
            } else if (shuffled) {
                Shuffle.bitunshuffle(ts, tmp, len, out, off);
            }
        }
        return out;
    }

    private static Cname cnameOf(int format) {
        switch (format) {
            case 0: return Cname.BLOSCLZ;
            case 1: return Cname.LZ4;
            case 2: return Cname.SNAPPY;
            case 3: return Cname.ZLIB;
            case 4: return Cname.ZSTD;
            default:
                throw new IllegalArgumentException("blosc: unknown codec format " + format + " in the header");
        }
    }

    /** c-blosc's {@code split_block} in its default (forward-compatible) mode. */
    private static boolean splits(Cname cname, int typesize, int blocksize) {
        return cname != Cname.ZSTD && typesize <= MAX_SPLITS && blocksize / typesize >= MIN_BUFFERSIZE;
    }

    /** c-blosc's {@code compute_blocksize}. */
    static int blocksize(Cname cname, int clevel, int typesize, int nbytes, int forced) {
        if (nbytes < typesize) {
            return 1;
        }
        int bs = nbytes;
        boolean hcr = cname == Cname.LZ4HC || cname == Cname.ZLIB || cname == Cname.ZSTD;
        if (forced > 0) {
            bs = Math.max(MIN_BUFFERSIZE, Math.min(MAX_BLOCKSIZE, forced));
        } else if (nbytes >= L1) {
            bs = L1;
            if (hcr) {
                bs *= 2;
            }
            switch (clevel) {
                case 0: bs /= 4; break;
                case 1: bs /= 2; break;
                case 2: break;
                case 3: bs *= 2; break;
                case 4: case 5: bs *= 4; break;
                case 6: case 7: case 8: bs *= 8; break;
                default: bs *= hcr ? 16 : 8; break;
            }
        }
        if (clevel > 0 && splits(cname, typesize, bs)) {
            bs = Math.min(bs, 1 << 18) * typesize;
            bs = Math.min(Math.max(bs, 1 << 16), 1024 * 1024);
        }
        bs = Math.min(bs, nbytes);
        if (bs > typesize) {
            bs = bs / typesize * typesize;
        }
        return bs;
    }

    /** One codec's raw streams (no framing of its own beyond what blosc stores). */
    private static final class StreamCodec {
        private final Cname cname;
        private final int clevel;

        StreamCodec(Cname cname, int clevel) {
            this.cname = cname;
            this.clevel = clevel;
        }

        /** The compressed stream, or null when the codec cannot compress it. */
        byte[] compress(byte[] src, int off, int len) {
            switch (cname) {
                case LZ4:
                case LZ4HC: {
                    Lz4Compressor c = new Lz4Compressor();
                    byte[] out = new byte[c.maxCompressedLength(len)];
                    int n = c.compress(src, off, len, out, 0, out.length);
                    return java.util.Arrays.copyOf(out, n);
                }
                case SNAPPY: {
                    SnappyCompressor c = new SnappyCompressor();
                    byte[] out = new byte[c.maxCompressedLength(len)];
                    int n = c.compress(src, off, len, out, 0, out.length);
                    return java.util.Arrays.copyOf(out, n);
                }
                case ZSTD: {
                    ZstdCompressor c = new ZstdCompressor();
                    byte[] out = new byte[c.maxCompressedLength(len)];
                    int n = c.compress(src, off, len, out, 0, out.length);
                    return java.util.Arrays.copyOf(out, n);
                }
                case ZLIB:
                    return Zlib.deflate(src, off, len, clevel, true);
                default:
                    throw new IllegalStateException("no encoder for " + cname);
            }
        }

        /** Decodes one stream; returns the bytes written or -1 on malformed input. */
        int decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int expected) {
            try {
                switch (cname) {
                    case BLOSCLZ:
                        return BloscLz.decode(src, off, len, dst, dstOff, expected);
                    case LZ4:
                    case LZ4HC:
                        return new Lz4Decompressor().decompress(src, off, len, dst, dstOff, expected);
                    case SNAPPY:
                        return new SnappyDecompressor().decompress(src, off, len, dst, dstOff, expected);
                    case ZSTD:
                        return new ZstdDecompressor().decompress(src, off, len, dst, dstOff, expected);
                    case ZLIB: {
                        Inflater inf = new Inflater();
                        try {
                            inf.setInput(src, off, len);
                            int n = inf.inflate(dst, dstOff, expected);
                            return inf.finished() ? n : -1;
                        } finally {
                            inf.end();
                        }
                    }
                    default:
                        return -1;
                }
            } catch (DataFormatException | RuntimeException e) {
                return -1;
            }
        }
    }
}
