package org.jcare.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;

class NpyFileTest {
    @Test
    void readsWhatNumpyWroteAndRoundTrips() throws Exception {
        // written by numpy (make_fixtures.py): float32 [24, 32, 1] and float64 [24, 32, 1]
        NpyArray in = NpyFile.read(Path.of("src/test/resources/csbdeep/keras2_2d.input.npy"));
        NpyArray out = NpyFile.read(Path.of("src/test/resources/csbdeep/keras2_2d.expected.npy"));
        assertArrayEquals(new long[] {24, 32, 1}, in.shape());
        assertArrayEquals(new long[] {24, 32, 1}, out.shape());
        NpyArray back = NpyFile.read(NpyFile.toBytes(in), Path.of("x.npy"));
        assertArrayEquals(in.shape(), back.shape());
        for (int i = 0; i < in.numel(); i++) {
            assertEquals(in.getFlat(i), back.getFlat(i));
        }
        assertThrows(FileFormatException.class, () -> NpyFile.read(new byte[] {1, 2}, Path.of("bad.npy")));
    }
}
