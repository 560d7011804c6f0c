package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTrainingDataFileTest {
    @TempDir
    Path dir;

    @Test
    void readsNumpyWrittenDataWithTheChannelLast() throws Exception {
        Path f = Path.of(getClass().getResource("/npz/csbdeep_syxc.npz").toURI());
        TrainingData d = new NpzTrainingDataFile().read(f);
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new long[] {3, 2, 4, 6}, d.xShape());
        // engine layout [C, Y, X]: sample 2, channel 1, y 3, x 5
        assertEquals(2000 + 300 + 50 + 1, d.x(2)[1 * 24 + 3 * 6 + 5]);
        assertEquals(-(2000 + 300 + 50 + 1), d.y(2)[1 * 24 + 3 * 6 + 5]);
    }

    @Test
    void writeThenReadKeepsEverySample() throws Exception {
        float[][] xs = new float[5][2 * 3 * 4 * 4];
        float[][] ys = new float[5][3 * 4 * 4];
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < xs[s].length; i++) {
                xs[s][i] = s * 1000 + i;
            }
            for (int i = 0; i < ys[s].length; i++) {
                ys[s][i] = -s * 1000 - i;
            }
        }
        TrainingData d = TrainingData.of("ZYX", new int[] {3, 4, 4}, 2, 1, List.of(xs), List.of(ys));
        Path f = dir.resolve("patches.npz");
        new NpzTrainingDataFile().write(f, d);
        TrainingData back = new NpzTrainingDataFile().read(f);
        assertEquals(d.axes(), back.axes());
        assertArrayEquals(d.xShape(), back.xShape());
        assertArrayEquals(d.yShape(), back.yShape());
        for (int s = 0; s < 5; s++) {
            assertArrayEquals(d.x(s), back.x(s));
            assertArrayEquals(d.y(s), back.y(s));
        }
        assertThrows(FileFormatException.class, () -> new NpzTrainingDataFile().write(f, d), "no silent overwrite");
        new NpzTrainingDataFile(true).write(f, d);
    }

    @Test
    void nonTrainingNpzIsAClearError() throws Exception {
        Path f = dir.resolve("other.npz");
        Files.write(f, new byte[] {1, 2, 3});
        FileFormatException e = assertThrows(FileFormatException.class, () -> new NpzTrainingDataFile().read(f));
        assertTrue(e.getMessage().contains("other.npz"), e.getMessage());
    }
}
