package org.jcare.io.npz;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header of a {@code .npy} array (NumPy format versions 1, 2 and 3): the magic, the header length and a Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. The dict is parsed by a small
 * tokenizer that accepts exactly the literals NumPy writes (strings, True/False, tuples of integers) and rejects
 * anything else with the offending text.
 *
 * @param dtype        the element type
 * @param fortranOrder whether the data is in Fortran (column-major) order
 * @param shape        the shape, empty for a 0-d array
 */
record NpyHeader(Dtype dtype, boolean fortranOrder, long[] shape) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * An element type: kind ('f' float, 'i' signed, 'u' unsigned, 'U' unicode, other kinds unsupported), item size in
     * bytes and byte order.
     */
    record Dtype(char kind, int itemSize, ByteOrder order, String descr) {
        static Dtype parse(String descr) {
            if (descr.length() < 3) {
                throw new IllegalArgumentException("dtype '" + descr + "' is not a simple NumPy type string");
            }
            char bo = descr.charAt(0);
            ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if ("<>|=".indexOf(bo) < 0) {
                throw new IllegalArgumentException("dtype '" + descr + "' has no byte-order character");
            }
            char kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dtype '" + descr + "' is not a simple NumPy type string");
            }
            // For 'U' the number counts characters of 4 bytes each (UTF-32).
            return new Dtype(kind, kind == 'U' ? 4 * size : size, order, descr);
        }

        boolean isNumeric() {
            return (kind == 'f' && (itemSize == 4 || itemSize == 8))
                    || ((kind == 'i' || kind == 'u') && (itemSize == 1 || itemSize == 2 || itemSize == 4));
        }
    }

    /** Number of elements. */
    long count() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Reads a header, leaving {@code in} at the first data byte. */
    static NpyHeader read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[6];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a .npy array (no \\x93NUMPY magic)");
        }
        int major = d.readUnsignedByte();
        d.readUnsignedByte();
        long len;
        if (major == 1) {
            len = d.readUnsignedByte() | d.readUnsignedByte() << 8;
        } else if (major == 2 || major == 3) {
            len = (d.readUnsignedByte() | d.readUnsignedByte() << 8 | d.readUnsignedByte() << 16)
                    | (long) d.readUnsignedByte() << 24;
        } else {
            throw new IOException(".npy format version " + major + " is not supported (1, 2 and 3 are)");
        }
        if (len > 1 << 24) {
            throw new IOException(".npy header of " + len + " bytes is implausibly long");
        }
        byte[] text = new byte[(int) len];
        d.readFully(text);
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return fromDict(dict);
    }

    static NpyHeader fromDict(String dict) throws IOException {
        Map<String, Object> m;
        try {
            m = new Literal(dict).dict();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot parse the .npy header " + dict.trim() + ": " + e.getMessage());
        }
        Object descr = m.get("descr");
        Object fortran = m.get("fortran_order");
        Object shape = m.get("shape");
        if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shape instanceof long[])) {
            throw new IOException("the .npy header " + dict.trim() + " lacks descr, fortran_order or shape "
                    + "(a structured dtype?)");
        }
        try {
            return new NpyHeader(Dtype.parse((String) descr), (Boolean) fortran, (long[]) shape);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** The header bytes as NumPy writes them: version 1.0 when it fits, padded with spaces to a multiple of 64. */
    byte[] toBytes() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(dtype.descr()).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",), }" : "), }");
        int v1 = MAGIC.length + 2 + 2;
        int v1Dict = (v1 + sb.length() + 1 + 63) / 64 * 64 - v1;
        int major = v1Dict > 65535 ? 2 : 1;
        int prefix = major == 1 ? v1 : v1 + 2;
        int padded = (prefix + sb.length() + 1 + 63) / 64 * 64;
        sb.append(" ".repeat(padded - prefix - sb.length() - 1)).append('\n');
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[prefix + dict.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        int len = dict.length;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        if (major == 2) {
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(dict, 0, out, prefix, dict.length);
        return out;
    }

    /** The Python literals NumPy headers use. */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                expect(':');
                m.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at position " + i);
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text after the dict: '" + s.substring(i) + "'");
            }
            return m;
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("unsupported value at position " + i + ": '"
                    + s.substring(i, Math.min(s.length(), i + 20)) + "'");
        }

        private long[] tuple() {
            expect('(');
            List<Long> v = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)))) {
                    i++;
                }
                if (start == i) {
                    throw new IllegalArgumentException("expected a non-negative integer at position " + start);
                }
                v.add(Long.parseLong(s.substring(start, i)));
                // Python 2 era headers wrote 3L.
                if (i < s.length() && (s.charAt(i) == 'L')) {
                    i++;
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw new IllegalArgumentException("expected ',' or ')' at position " + i);
                }
            }
            return v.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() {
            skipSpace();
            char q = peek();
            if (q != '\'' && q != '"') {
                throw new IllegalArgumentException("expected a quoted string at position " + i);
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string at position " + i);
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + i);
            }
            i++;
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of header");
            }
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "dtype %s, fortran_order %s, shape %s", dtype.descr(), fortranOrder,
                Arrays.toString(shape));
    }
}
