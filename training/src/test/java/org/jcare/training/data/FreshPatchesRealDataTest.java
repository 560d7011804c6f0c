package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.Trainer;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.Test;

/**
 * A real effect of fresh patches on real data, small enough for every build: with few fixed patches per image
 * (CSBDeep's create_patches, then passes over the same ones) a network learns those patches; fresh patches from the
 * same images, the same steps and seed generalize better to rows of the FMD fields it never saw. The README's
 * numbers at a realistic budget come from bench/recipe/run.sh.
 */
class FreshPatchesRealDataTest {
    private static final Path DATA = Path.of("..", "data", "fmd");
    private static final String[] FIELDS = {"bpae_b", "bpae_g", "mice"};

    private static FloatImage rows(FloatImage img, int from, int to) {
        int w = (int) img.shape()[1];
        float[] a = java.util.Arrays.copyOfRange(img.toArray(), from * w, to * w);
        return FloatImage.of("YX", new long[] {to - from, w}, a);
    }

    @Test
    void freshPatchesBeatFewFixedOnesOnHeldOutRows() throws Exception {
        TiffReader reader = new TiffReader();
        List<FloatImage> xs = new ArrayList<>();
        List<FloatImage> ys = new ArrayList<>();
        List<FloatImage> hx = new ArrayList<>();
        List<FloatImage> hy = new ArrayList<>();
        for (String f : FIELDS) {
            FloatImage noisy = reader.read(DATA.resolve(f + "_noisy.tif"));
            FloatImage clean = reader.read(DATA.resolve(f + "_gt.tif"));
            xs.add(rows(noisy, 0, 320));
            ys.add(rows(clean, 0, 320));
            hx.add(rows(noisy, 320, 512));
            hy.add(rows(clean, 320, 512));
        }
        RawData train = RawData.fromImages(xs, ys, "YX");
        PatchOptions few = PatchOptions.builder(new int[] {32, 32}, 4).seed(3).build();
        TrainingData fixed = Patches.create(train, few);
        TrainingData heldOut = Patches.create(RawData.fromImages(hx, hy, "YX"),
                PatchOptions.builder(new int[] {32, 32}, 40).seed(4).build());
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 8, true, false, false, new int[] {2, 2});
        TrainingSettings settings = new TrainingSettings(1, 300, 8, 1e-3, LossKind.MAE, 0.5, 10, 0, 5, null, 50);
        double fixedLoss;
        double freshLoss;
        try (Engine engine = Engine.open((String) null)) {
            try (UNet net = new UNet(engine, spec).initialize(5)) {
                Trainer t = new Trainer(net, settings, null, null);
                t.fit(fixed.batches(8, 5, Augmentation.NONE), heldOut, null);
                fixedLoss = t.validationLoss(heldOut, 8);
            }
            try (UNet net = new UNet(engine, spec).initialize(5)) {
                Trainer t = new Trainer(net, settings, null, null);
                t.fit(FreshPatches.prepare(train, few).batches(8, 5, Augmentation.NONE), heldOut, null);
                freshLoss = t.validationLoss(heldOut, 8);
            }
        }
        String report = String.format(java.util.Locale.ROOT, "held-out L1 after 300 steps: %d fixed patches %.5f,"
                + " fresh patches %.5f", fixed.size(), fixedLoss, freshLoss);
        System.out.println(report);
        assertTrue(freshLoss < 0.97 * fixedLoss, report);
    }
}
