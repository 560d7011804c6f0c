package org.jcare.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.training.loop.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Train...} headless: a model folder from two open images, its options as recorded, cancel. */
class TrainRunTest {
    static final Path FMD = Path.of("..", "data", "fmd");

    static ImagePlus open(String name) {
        ImagePlus imp = IJ.openImage(FMD.resolve(name).toString());
        imp.setRoi(0, 0, 96, 96);
        ImagePlus crop = imp.crop();
        crop.setTitle(name);
        return crop;
    }

    @Test
    void trainsAModelFolderFromTwoImages(@TempDir Path dir) throws Exception {
        ImagePlus low = open("mice_noisy.tif");
        ImagePlus high = open("mice_gt.tif");
        TrainSettings s = TrainSettings.fromMacroOptions("source=mice_noisy.tif target=mice_gt.tif model=["
                + dir.resolve("m") + "] patch_size=32 patches_per_image=8 epochs=1 steps_per_epoch=2 batch_size=2"
                + " unet_n_first=4 unet_n_depth=1 unet_kern_size=3");
        assertEquals(s, TrainSettings.fromMacroOptions(s.toMacroOptions()));
        RestoreRunTest.Recording f = new RestoreRunTest.Recording(-1);
        List<EpochResult> h = TrainRun.train(low, high, s, f);
        assertEquals(1, h.size());
        assertTrue(Files.isRegularFile(dir.resolve("m").resolve("weights.safetensors")));
        assertTrue(f.progress.size() >= 1 && f.progress.get(f.progress.size() - 1)[1] == 2);
        // the model restores through the Restore path
        List<ImagePlus> out = RestoreRun.restore(low, RestoreSettings.fromMacroOptions("model=[" + dir.resolve("m")
                + "]"), Feedback.NONE);
        assertEquals(96, out.get(0).getWidth());
    }

    @Test
    void cancelAndBadSettingsAreClear(@TempDir Path dir) {
        ImagePlus low = open("mice_noisy.tif");
        ImagePlus high = open("mice_gt.tif");
        TrainSettings s = TrainSettings.fromMacroOptions("source=a target=b model=[" + dir.resolve("m") + "]"
                + " patch_size=32 patches_per_image=8 epochs=3 steps_per_epoch=2 batch_size=2 unet_n_first=4"
                + " unet_n_depth=1");
        assertThrows(Feedback.Cancelled.class, () -> TrainRun.train(low, high, s, new RestoreRunTest.Recording(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainSettings.fromMacroOptions("source=a target=b model=/m patch_size=30 unet_n_depth=2"));
        assertTrue(e.getMessage().contains("patch_size 30"), e.getMessage());
        ImagePlus small = open("mice_gt.tif");
        small.setRoi(0, 0, 50, 40);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.train(low, small.crop(), s, Feedback.NONE));
        assertTrue(e2.getMessage().contains("same axes and size"), e2.getMessage());
    }
}
