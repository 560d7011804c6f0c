package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-over of {@code jcare train --ensemble --spark} to the spark module's driver: its arguments, and the message
 * without Spark (the hand-over itself runs in the spark module's {@code TrainEnsembleLauncherIT}, through ./jcare).
 */
class SparkEnsembleTrainingTest {
    @Test
    void theDriverGetsTheFolderSplitDevicesBudgetAndRecalibration() {
        TrainCommand cmd = new TrainCommand();
        new picocli.CommandLine(cmd).parseArgs("--ensemble", "3", "--data", "p.npz", "--out", "ens", "--spark", "yarn",
                "--validation-split", "0.2", "--precision", "tf32", "--time-budget", "90s", "--no-recalibrate");
        assertEquals(List.of("--master", "yarn", "--data", "p.npz", "--out", "ens", "--validation-split", "0.2",
                "--precision", "tf32", "--resume", "--devices", "0;gpu", "--time-budget", "90000ms",
                "--no-recalibrate"), SparkEnsembleTraining.arguments(cmd, Arrays.asList("0", "gpu")));
        cmd = new TrainCommand();
        new picocli.CommandLine(cmd).parseArgs("--ensemble", "3", "--data", "p.npz", "--out", "ens", "--spark",
                "local[2]");
        assertEquals(List.of("--master", "local[2]", "--data", "p.npz", "--out", "ens", "--validation-split", "0.1",
                "--precision", "fp32", "--resume"), SparkEnsembleTraining.arguments(cmd, Arrays.asList((String) null)),
                "the default device on each executor");
    }

    @Test
    void withoutSparkOnTheClassPathItSaysHowToGetIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> SparkEnsembleTraining.driver("local[2]"));
        assertTrue(e.getMessage().contains("./jcare train --ensemble M --spark local[2]"), e.getMessage());
    }
}
