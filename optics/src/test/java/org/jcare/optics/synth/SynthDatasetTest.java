package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcare.io.npz.TrainingData;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthDatasetTest {
    private static final Optics OPTICS = Optics.widefield(1.4, 520, 1.518);

    @Test
    void theDatasetIsTheSameOnAnyNumberOfThreads() {
        SyntheticPairs gen = new SyntheticPairs(SynthSettings.defaults(Structure.BOTH, new int[] {1, 48, 48}),
                Psfs.widefield(OPTICS, 0, 100, 100));
        AtomicInteger reported = new AtomicInteger();
        List<SyntheticPair> one = SynthDataset.generate(gen, 99, 37, 1, SynthDataset.Listener.NONE);
        List<SyntheticPair> three = SynthDataset.generate(gen, 99, 37, 3, (done, total) -> reported.set(done));
        assertEquals(37, reported.get());
        for (int i = 0; i < 37; i++) {
            assertArrayEquals(one.get(i).input(), three.get(i).input(), "pair " + i);
            assertArrayEquals(one.get(i).target(), three.get(i).target(), "pair " + i);
            assertEquals(i, three.get(i).parameters().index());
        }
    }

    @Test
    void pairsBecomeCsbdeepArraysAndASheet(@TempDir Path dir) throws Exception {
        SynthSettings s2 = SynthSettings.defaults(Structure.TUBULES, new int[] {1, 32, 40});
        List<SyntheticPair> pairs = SynthDataset.generate(new SyntheticPairs(s2, Psfs.widefield(OPTICS, 0, 100, 100)), 1,
                3, 1, SynthDataset.Listener.NONE);
        TrainingData d = SynthDataset.toTrainingData(pairs, s2);
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new long[] {3, 1, 32, 40}, d.x().shape());
        assertEquals(pairs.get(2).target()[5], d.y().get(2, 0, 0, 5));
        assertEquals(0.1, d.x().calibration().x(), 1e-12);
        SynthSettings s3 = SynthSettings.defaults(Structure.GRANULES, new int[] {4, 16, 16});
        List<SyntheticPair> vol = SynthDataset.generate(new SyntheticPairs(s3, Psfs.widefield(OPTICS, 200, 100, 100)),
                1, 2, 1, SynthDataset.Listener.NONE);
        TrainingData d3 = SynthDataset.toTrainingData(vol, s3);
        assertEquals("SCZYX", d3.axes());
        assertEquals(vol.get(1).input()[3 * 256 + 17], d3.x().get(1, 0, 3, 1, 1));
        Path png = dir.resolve("sheet.png");
        PairSheet.write(png, pairs, s2, 2, false);
        assertTrue(Files.size(png) > 1000);
        var img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img.getHeight() >= 2 * 128, "two rows of at least 128 px");
    }
}
