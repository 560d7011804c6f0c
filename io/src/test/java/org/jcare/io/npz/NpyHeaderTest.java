package org.jcare.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {
    @Test
    void parsesNumpyDictsOfEveryShapeRank() throws IOException {
        NpyHeader h = NpyHeader.fromDict("{'descr': '>i2', 'fortran_order': False, 'shape': (3, 4, 5), }   \n");
        assertEquals('i', h.dtype().kind());
        assertEquals(2, h.dtype().itemSize());
        assertEquals(ByteOrder.BIG_ENDIAN, h.dtype().order());
        assertFalse(h.fortranOrder());
        assertArrayEquals(new long[] {3, 4, 5}, h.shape());
        assertArrayEquals(new long[] {7}, NpyHeader.fromDict("{'descr':'<f4','fortran_order':True,'shape':(7,)}").shape());
        assertArrayEquals(new long[0], NpyHeader.fromDict("{'descr': '<U4', 'fortran_order': False, 'shape': (), }")
                .shape());
        assertEquals(16, NpyHeader.fromDict("{'descr': '<U4', 'fortran_order': False, 'shape': (), }").dtype().itemSize());
        // Python 2 wrote long integers with an L suffix.
        assertArrayEquals(new long[] {2, 3}, NpyHeader.fromDict("{'descr': '<f8', 'fortran_order': False, "
                + "'shape': (2L, 3L), }").shape());
    }

    @Test
    void rejectsWhatIsNotANumpyHeader() {
        assertThrows(IOException.class, () -> NpyHeader.fromDict("{'descr': [('a', '<f4')], 'fortran_order': False, "
                + "'shape': (2,), }"));
        assertThrows(IOException.class, () -> NpyHeader.fromDict("{'descr': '<f4', 'shape': (2,), }"));
        assertThrows(IOException.class, () -> NpyHeader.fromDict("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (-2,), }"));
        assertThrows(IOException.class, () -> NpyHeader.read(new ByteArrayInputStream("PK..not npy".getBytes(
                StandardCharsets.ISO_8859_1))));
    }

    @Test
    void writesVersion1HeadersPaddedTo64BytesThatReadBack() throws IOException {
        NpyHeader h = new NpyHeader(NpyHeader.Dtype.parse("<f4"), false, new long[] {2, 1, 16, 16});
        byte[] b = h.toBytes();
        assertEquals(0, b.length % 64);
        assertEquals(1, b[6]);
        assertEquals('\n', b[b.length - 1]);
        String text = new String(b, 10, b.length - 10, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 16, 16), }"), text);
        NpyHeader back = NpyHeader.read(new ByteArrayInputStream(b));
        assertArrayEquals(h.shape(), back.shape());
        assertEquals(4, back.count() / 128);
    }
}
