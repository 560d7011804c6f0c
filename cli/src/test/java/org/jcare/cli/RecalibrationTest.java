package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jcare.training.config.CareConfigJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecalibrationTest {
    @Test
    void aProbabilisticModelIsRecalibratedAfterTrainingUnlessAskedNotTo(@TempDir Path dir) throws Exception {
        Double f = CareConfigJson.read(CliTesting.probabilisticModel().resolve("config.json")).laplaceScaleFactor();
        assertTrue(f != null && f > 0, "the shared probabilistic model was recalibrated: " + f);
        assertNull(CareConfigJson.read(CliTesting.model().resolve("config.json")).laplaceScaleFactor(),
                "a plain model has no scale");
        Path data = CliTesting.sharedData();
        Path out = dir.resolve("m");
        CliTesting.Result r = run(args("train", "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--axes", "YX", "--patch-size", "32,32", "--patches-per-image", "4", "--out", out, "--unet-n-depth",
                "1", "--unet-n-first", "4", "--train-epochs", "1", "--train-steps-per-epoch", "2",
                "--train-batch-size", "4", "--probabilistic", "--no-recalibrate")).expect(0);
        assertTrue(!r.err().contains("recalibration"), r.err());
        assertNull(CareConfigJson.read(out.resolve("config.json")).laplaceScaleFactor());
    }
}
