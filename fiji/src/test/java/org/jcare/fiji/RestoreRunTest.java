package org.jcare.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.training.CareModel;
import org.junit.jupiter.api.Test;

/** The restore path of {@code Restore...}, headless: the same numbers as jcare's API, the image's calibration. */
class RestoreRunTest {
    static final Path CSBDEEP = Path.of("..", "io", "src", "test", "resources", "csbdeep");

    /** Records progress; cancels after {@code cancelAfter} progress calls (never when negative). */
    static final class Recording implements Feedback {
        final List<String> status = new ArrayList<>();
        final List<long[]> progress = new ArrayList<>();
        final int cancelAfter;

        Recording(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void status(String message) {
            status.add(message);
        }

        @Override
        public void progress(long done, long total) {
            progress.add(new long[] {done, total});
        }

        @Override
        public boolean cancelled() {
            return cancelAfter >= 0 && progress.size() > cancelAfter;
        }
    }

    @Test
    void restoresAStackWithACsbdeepModelAsTheApiDoes() throws Exception {
        ImagePlus imp = ImagePlusImagesTest.hyperstack(1, 4, 1, 40, 36);
        imp.setTitle("cells.tif");
        Path model = CSBDEEP.resolve("keras2_2d");
        RestoreSettings s = RestoreSettings.fromMacroOptions("model=[" + model + "] tiles=1,2");
        Recording f = new Recording(-1);
        List<ImagePlus> out = RestoreRun.restore(imp, s, f);
        assertEquals(1, out.size());
        ImagePlus r = out.get(0);
        assertEquals("cells-keras2_2d", r.getTitle());
        assertEquals(4, r.getNSlices());
        assertEquals(0.5, r.getCalibration().pixelDepth);
        assertEquals("micron", r.getCalibration().getUnit());
        long[] last = f.progress.get(f.progress.size() - 1);
        assertEquals(last[1], last[0], "progress ends at its total");
        assertTrue(f.progress.size() >= 4, "at least one report per plane of a stack under a 2D model");
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.load(engine, model)) {
            float[] api = m.predict(ImagePlusImages.toFloatImage(imp), s.predictOptions()).mean().toArray();
            float[] plugin = ImagePlusImages.toFloatImage(r).toArray();
            assertArrayEquals(api, plugin);
        }
    }

    @Test
    void probabilisticModelsGiveTheScaleImageWhenAsked() throws Exception {
        ImagePlus imp = ImagePlusImagesTest.hyperstack(2, 1, 1, 16, 20);
        RestoreSettings s = RestoreSettings.fromMacroOptions("model=[" + CSBDEEP.resolve("keras3_2d_prob") + "] scale");
        List<ImagePlus> out = RestoreRun.restore(imp, s, Feedback.NONE);
        assertEquals(2, out.size());
        assertEquals(2, out.get(1).getNChannels());
        assertTrue(out.get(1).getTitle().endsWith("-scale"));
    }

    @Test
    void cancelStopsAtTheNextTileAndBadModelsAreClearErrors() {
        ImagePlus imp = ImagePlusImagesTest.hyperstack(1, 3, 1, 24, 24);
        RestoreSettings s = RestoreSettings.fromMacroOptions("model=[" + CSBDEEP.resolve("keras2_2d") + "]");
        Recording f = new Recording(1);
        assertThrows(Feedback.Cancelled.class, () -> RestoreRun.restore(imp, s, f));
        assertEquals(2, f.progress.size(), "no tile after the one that saw the cancel");
        FileFormatException e = assertThrows(FileFormatException.class, () -> RestoreRun.restore(imp,
                RestoreSettings.fromMacroOptions("model=/no/such/model"), Feedback.NONE));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
