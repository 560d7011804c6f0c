package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** datagen, train, predict and evaluate chained on 128 x 128 crops of the bundled real pairs. */
class EndToEndTest {
    @Test
    void datagenTrainPredictEvaluateImprovesAHeldOutImage(@TempDir Path dir) throws Exception {
        Path low = Files.createDirectories(dir.resolve("train/low"));
        Path gt = Files.createDirectories(dir.resolve("train/GT"));
        int k = 0;
        for (String n : List.of("bpae_b", "mice")) {
            for (int y : new int[] {64, 320}) {
                for (int x : new int[] {64, 320}) {
                    new TiffWriter().write(CliTesting.crop(DemoData.noisy(n), y, x, 128, 128), low.resolve(k + ".tif"));
                    new TiffWriter().write(CliTesting.crop(DemoData.clean(n), y, x, 128, 128), gt.resolve(k + ".tif"));
                    k++;
                }
            }
        }
        Path testLow = Files.createDirectories(dir.resolve("test/low"));
        Path testGt = Files.createDirectories(dir.resolve("test/GT"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_g"), 192, 192, 128, 128), testLow.resolve("g.tif"));
        new TiffWriter().write(CliTesting.crop(DemoData.clean("bpae_g"), 192, 192, 128, 128), testGt.resolve("g.tif"));

        Path npz = dir.resolve("data.npz");
        run(args("datagen", "--source", low, "--target", gt, "--axes", "YX", "--patch-size", "32,32",
                "--patches-per-image", "32", "--out", npz)).expect(0);
        Path model = dir.resolve("model");
        run(args("train", "--data", npz, "--out", model, "--unet-n-first", "8", "--unet-kern-size", "3",
                "--train-epochs", "6", "--train-steps-per-epoch", "20", "--train-batch-size", "8",
                "--train-learning-rate", "0.002", "--augment")).expect(0);
        Path restored = dir.resolve("restored");
        run(args("predict", "--model", model, "--input", testLow, "--output", restored)).expect(0);
        Path eval = dir.resolve("eval");
        CliTesting.Result r = run(args("evaluate", "--prediction", restored, "--input", testLow, "--ground-truth",
                testGt, "--out", eval)).expect(0);
        String[] row = Files.readAllLines(eval.resolve("metrics.csv")).get(1).split(",");
        assertEquals("g.tif", row[0]);
        double inputPsnr = Double.parseDouble(row[2]);
        double restoredPsnr = Double.parseDouble(row[5]);
        double inputSsim = Double.parseDouble(row[3]);
        double restoredSsim = Double.parseDouble(row[6]);
        assertTrue(restoredPsnr > inputPsnr + 1, "PSNR " + inputPsnr + " -> " + restoredPsnr + "\n" + r.out());
        assertTrue(restoredSsim > inputSsim, "SSIM " + inputSsim + " -> " + restoredSsim + "\n" + r.out());
    }
}
