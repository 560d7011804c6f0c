package org.jcare.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic little-endian TIFFs of one IFD laid out byte by byte, for headers no writer would produce: claims that the
 * data cannot back (huge sizes, short strips). Entries hold one SHORT or LONG value each.
 */
final class TinyTiff {
    private final List<long[]> entries = new ArrayList<>();

    /** Adds tag {@code tag} with one LONG value. */
    TinyTiff tag(int tag, long value) {
        entries.add(new long[] {tag, 4, value});
        return this;
    }

    /** A grey image's tags: width, height, bits, sample format, no compression, one strip at {@code stripOffset}. */
    static TinyTiff grey(long width, long height, int bits, int sampleFormat, long rowsPerStrip, long stripBytes) {
        return new TinyTiff().tag(256, width).tag(257, height).tag(258, bits).tag(259, 1).tag(262, 1)
                .tag(273, 0).tag(277, 1).tag(278, rowsPerStrip).tag(279, stripBytes).tag(339, sampleFormat);
    }

    /** Replaces (or adds) tag {@code tag}. */
    TinyTiff set(int tag, long value) {
        entries.removeIf(e -> e[0] == tag);
        return tag(tag, value);
    }

    /** The file: header, IFD (tags sorted), then {@code data}; tag 273 (StripOffsets) points at the data. */
    byte[] bytes(byte[] data) {
        entries.sort((a, b) -> Long.compare(a[0], b[0]));
        int ifdSize = 2 + 12 * entries.size() + 4;
        long dataOffset = 8 + ifdSize;
        ByteBuffer b = ByteBuffer.allocate((int) dataOffset + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries.size());
        for (long[] e : entries) {
            long v = e[0] == 273 ? dataOffset : e[2];
            b.putShort((short) e[0]).putShort((short) 4).putInt(1).putInt((int) v);
        }
        b.putInt(0);
        b.put(data);
        return b.array();
    }

    /** Writes the file. */
    Path write(Path file, byte[] data) throws IOException {
        return Files.write(file, bytes(data));
    }
}
