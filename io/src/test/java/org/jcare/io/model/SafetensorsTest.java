package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(SafetensorsTest.class.getResource("/model/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] ramp(double scale, double offset, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (i * scale + offset);
        }
        return v;
    }

    @Test
    void readsTheLayoutOfThePythonLibrary() throws Exception {
        Safetensors.Content c = Safetensors.read(resource("care_f32.safetensors"));
        assertEquals(Map.of("format", "jcare", "format_version", "1"), c.metadata());
        assertEquals(List.of("down_level_0_no_0.bias", "down_level_0_no_0.weight", "head.bias", "head.weight"),
                List.copyOf(c.tensors().keySet()));
        TensorData w = c.tensors().get("down_level_0_no_0.weight");
        assertArrayEquals(new long[] {4, 1, 3, 3}, w.shape());
        assertArrayEquals(ramp(0.01, -0.1, 36), w.values(), 0f);
        assertArrayEquals(ramp(-0.25, 1.0, 4), c.tensors().get("head.weight").values(), 0f);
    }

    @Test
    void writesBytesIdenticalToThePythonLibrary() throws Exception {
        Safetensors.Content c = Safetensors.read(resource("care_f32.safetensors"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, c);
        assertArrayEquals(Files.readAllBytes(resource("care_f32.safetensors")), out.toByteArray());
    }

    @Test
    void convertsHalfBfloatAndDoubleToFloat() throws Exception {
        Safetensors.Content c = Safetensors.read(resource("mixed_dtypes.safetensors"));
        assertTrue(c.metadata().isEmpty());
        assertArrayEquals(ramp(0.5, -1.5, 6), c.tensors().get("a_half").values(), 0f);
        assertArrayEquals(ramp(2.0, -2.0, 3), c.tensors().get("b_bfloat").values(), 0f);
        assertArrayEquals(ramp(0.1, 0.2, 4), c.tensors().get("c_double").values(), 0f);
        assertEquals(0, c.tensors().get("d_float").shape().length);
        assertEquals(3.5f, c.tensors().get("d_float").values()[0]);
    }

    @Test
    void halfFloatEdgeCases() {
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001));
        assertEquals(-2f, Safetensors.halfToFloat((short) 0xc000));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7e00)));
    }

    @Test
    void roundTripsThroughAFileWithHeaderPaddedToEight() throws Exception {
        TreeMap<String, TensorData> t = new TreeMap<>();
        t.put("z", new TensorData(new long[] {2, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE}));
        t.put("a", new TensorData(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}));
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, new Safetensors.Content(t, Map.of("note", "ünïcode")), false);
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.indexOf("\"a\"") < header.indexOf("\"z\""), "tensors sorted by name: " + header);
        Safetensors.Content back = Safetensors.read(f);
        assertEquals(t, back.tensors());
        assertEquals("ünïcode", back.metadata().get("note"));
        assertThrows(FileFormatException.class, () -> Safetensors.write(f, back, false));
    }

    @Test
    void invalidFilesAreErrorsNamingTheFile() throws Exception {
        byte[] good = Files.readAllBytes(resource("care_f32.safetensors"));
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(good, good.length - 4));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Safetensors.read(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        Path text = Files.writeString(dir.resolve("text.safetensors"), "hello world, not tensors");
        assertThrows(FileFormatException.class, () -> Safetensors.read(text));
        assertThrows(FileFormatException.class, () -> Safetensors.read(dir.resolve("missing.safetensors")));
        String json = "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Path i64 = Files.write(dir.resolve("i64.safetensors"), withHeader(json, 8));
        FileFormatException d = assertThrows(FileFormatException.class, () -> Safetensors.read(i64));
        assertTrue(d.getMessage().contains("I64"), d.getMessage());
        String gap = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Path hole = Files.write(dir.resolve("hole.safetensors"), withHeader(gap, 8));
        assertThrows(FileFormatException.class, () -> Safetensors.read(hole));
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }
}
