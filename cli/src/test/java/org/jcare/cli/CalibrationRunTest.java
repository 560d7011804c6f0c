package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationRunTest {
    @Test
    void reportsEveryMemberAndTheEnsembleWithAndWithoutRecalibration(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        CliTesting.Result r = run(args("evaluate", "--calibration", "--model", EnsembleCliFixtures.probabilistic(),
                "--input", data.resolve("low"), "--ground-truth", data.resolve("GT"), "--out", dir)).expect(0);
        assertEquals(List.of("calibration.csv", "reliability.png", "reliability_foreground.png"),
                CliTesting.listing(dir));
        List<String> csv = Files.readAllLines(dir.resolve("calibration.csv"));
        assertTrue(csv.get(0).startsWith("model,pixels,count,ece,qce,mean_gap,coverage_0.05"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("ensemble (raw),all,12288,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("ensemble,foreground,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("member 3,all,")), String.join("\n", csv));
        assertTrue(r.out().contains("ECE") && r.out().contains("reliability.png"), r.out());
    }

    @Test
    void aSingleProbabilisticModelToo(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        run(args("evaluate", "--calibration", "--model", CliTesting.probabilisticModel(), "--input",
                data.resolve("low/mice.tif"), "--ground-truth", data.resolve("GT/mice.tif"), "--out", dir)).expect(0);
        List<String> csv = Files.readAllLines(dir.resolve("calibration.csv"));
        assertTrue(csv.get(1).startsWith("model"), String.join("\n", csv));
    }

    @Test
    void needsAProbabilisticModelAndInputs(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        assertTrue(run(args("evaluate", "--calibration", "--prediction", data.resolve("low"), "--ground-truth",
                data.resolve("GT"), "--out", dir)).expect(2).err().contains("restored files hold no distributions"));
        assertTrue(run(args("evaluate", "--calibration", "--model", CliTesting.model(), "--input",
                data.resolve("low"), "--ground-truth", data.resolve("GT"), "--out", dir)).expect(2).err()
                .contains("not probabilistic"));
        assertEquals(List.of(), CliTesting.listing(dir));
    }
}
