package org.jcare.io.model.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the few pickle (protocol 2) opcodes a PyTorch state dict needs; see {@link TorchStateDict#pickle}. */
final class Pickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void proto() {
        out.write(0x80);
        out.write(2);
    }

    void global(String module, String name) {
        out.write('c');
        ascii(module + "\n" + name + "\n");
    }

    void emptyTuple() {
        out.write(')');
    }

    void mark() {
        out.write('(');
    }

    void tuple() {
        out.write('t');
    }

    void reduce() {
        out.write('R');
    }

    void binpersid() {
        out.write('Q');
    }

    void newFalse() {
        out.write(0x89);
    }

    void setItems() {
        out.write('u');
    }

    void stop() {
        out.write('.');
    }

    /** BINUNICODE: 4-byte little-endian length, UTF-8. */
    void unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        int32(b.length);
        out.write(b, 0, b.length);
    }

    /** BININT (signed 32 bit), or LONG1 beyond that. */
    void integer(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            int32((int) v);
            return;
        }
        out.write(0x8a);
        out.write(8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    void longTuple(long[] values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        tuple();
    }

    private void int32(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
