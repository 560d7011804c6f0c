package org.jcare.io.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The numeric data types of Zarr arrays that jcare reads (all converted to float32 as TIFF samples are) and writes
 * (float32), with their Zarr v2 ({@code "<f4"}) and v3 ({@code "float32"}) names.
 */
public enum DataType {
    /** bool, as 0 and 1. */
    BOOL("b1", "bool", 1),
    /** int8. */
    INT8("i1", "int8", 1),
    /** uint8. */
    UINT8("u1", "uint8", 1),
    /** int16. */
    INT16("i2", "int16", 2),
    /** uint16. */
    UINT16("u2", "uint16", 2),
    /** int32. */
    INT32("i4", "int32", 4),
    /** uint32. */
    UINT32("u4", "uint32", 4),
    /** int64 (values beyond 2^24 lose precision in float32). */
    INT64("i8", "int64", 8),
    /** uint64. */
    UINT64("u8", "uint64", 8),
    /** float32. */
    FLOAT32("f4", "float32", 4),
    /** float64 (rounded to float32). */
    FLOAT64("f8", "float64", 8);

    private final String v2;
    private final String v3;
    private final int size;

    DataType(String v2, String v3, int size) {
        this.v2 = v2;
        this.v3 = v3;
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The v3 name, for example {@code float32}. */
    public String v3Name() {
        return v3;
    }

    /** The v2 dtype string with its byte order, for example {@code <f4} or {@code |u1}. */
    public String v2Name(ByteOrder order) {
        return (size == 1 ? "|" : order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + v2;
    }

    /** Parses a v3 data type name. */
    public static DataType ofV3(String name) {
        for (DataType t : values()) {
            if (t.v3.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("data type '" + name + "' is not supported; supported are bool, int8-64,"
                + " uint8-64, float32, float64");
    }

    /** Parses the type part of a v2 dtype string ({@code "<f4"} gives FLOAT32; the byte order is read separately). */
    public static DataType ofV2(String dtype) {
        String s = dtype.length() > 1 && "<>|=".indexOf(dtype.charAt(0)) >= 0 ? dtype.substring(1) : dtype;
        for (DataType t : values()) {
            if (t.v2.equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype '" + dtype + "' is not supported; supported are |b1, |i1, |u1,"
                + " <i2, <u2, <i4, <u4, <i8, <u8, <f4, <f8 (either byte order)");
    }

    /** The byte order of a v2 dtype string ({@code >} is big-endian, anything else little-endian). */
    public static ByteOrder orderOfV2(String dtype) {
        return dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Converts {@code n} elements of {@code bytes} (in {@code order}) to float32 into {@code out}. */
    public void toFloats(byte[] bytes, ByteOrder order, float[] out, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        switch (this) {
            case FLOAT32:
                b.asFloatBuffer().get(out, 0, n);
                return;
            case BOOL:
            case UINT8:
                for (int i = 0; i < n; i++) {
                    out[i] = bytes[i] & 0xff;
                }
                return;
            case INT8:
                for (int i = 0; i < n; i++) {
                    out[i] = bytes[i];
                }
                return;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i);
                }
                return;
            case UINT16:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i) & 0xffff;
                }
                return;
            case INT32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
                return;
            case UINT32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i) & 0xffffffffL;
                }
                return;
            case INT64:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getLong(8 * i);
                }
                return;
            case UINT64:
                for (int i = 0; i < n; i++) {
                    long v = b.getLong(8 * i);
                    out[i] = v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
                }
                return;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
                return;
            default:
                throw new IllegalStateException(name());
        }
    }

    /** {@code values} as bytes of this type in {@code order} (integers rounded and clamped to the type's range). */
    public byte[] fromFloats(float[] values, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
        switch (this) {
            case FLOAT32:
                b.asFloatBuffer().put(values);
                break;
            case FLOAT64:
                for (float v : values) {
                    b.putDouble(v);
                }
                break;
            default:
                for (float v : values) {
                    putInteger(b, v);
                }
        }
        return b.array();
    }

    private void putInteger(ByteBuffer b, float v) {
        double r = Math.rint(v);
        switch (this) {
            case BOOL: b.put((byte) (v != 0 ? 1 : 0)); break;
            case INT8: b.put((byte) clamp(r, -128, 127)); break;
            case UINT8: b.put((byte) clamp(r, 0, 255)); break;
            case INT16: b.putShort((short) clamp(r, -32768, 32767)); break;
            case UINT16: b.putShort((short) clamp(r, 0, 65535)); break;
            case INT32: b.putInt((int) clamp(r, Integer.MIN_VALUE, Integer.MAX_VALUE)); break;
            case UINT32: b.putInt((int) clamp(r, 0, 4294967295L)); break;
            case INT64: b.putLong((long) r); break;
            case UINT64: b.putLong((long) Math.max(0, r)); break;
            default: throw new IllegalStateException(name());
        }
    }

    private static long clamp(double v, long lo, long hi) {
        return (long) Math.max(lo, Math.min(hi, v));
    }
}
