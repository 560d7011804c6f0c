package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jcare.training.loop.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProgressTest {
    @Test
    void logsOneLinePerEpoch() throws Exception {
        StringWriter s = new StringWriter();
        PrintWriter err = new PrintWriter(s, true);
        EpochResult earlier = new EpochResult(1, 3, 0.5, 0.4, 1e-3, 1.0, true);
        try (Progress p = Progress.start("t", 30, 10, err, false, null)) {
            TrainingProgress l = new TrainingProgress(p, List.of(earlier), 30, null);
            l.onStep(2, 10, 10, 0.3);
            l.onEpoch(new EpochResult(2, 3, 0.3, 0.35, 1e-3, 2.5, true));
            assertEquals(2, l.history().size());
        }
        assertEquals("epoch 2/3  loss 0.30000  val_loss 0.35000  lr 1.00e-03  2.5 s  (best)", s.toString().strip());
    }

    @Test
    void theLaplaceLossGetsALinearAxis() {
        EpochResult pos = new EpochResult(1, 2, 0.5, 0.4, 1e-3, 1, true);
        EpochResult neg = new EpochResult(2, 2, -0.5, -0.4, 1e-3, 1, true);
        assertTrue(TrainingProgress.style(List.of(pos)).logY());
        assertFalse(TrainingProgress.style(List.of(pos, neg)).logY());
    }

    @Test
    void aTimeBudgetShortensTheProjectedRunToWholeEpochs() throws Exception {
        try (Progress p = Progress.start("t", 1000, 0, new PrintWriter(new StringWriter()), false, null)) {
            TrainingProgress l = new TrainingProgress(p, List.of(),
                    1000, Duration.ofMillis(50));
            Thread.sleep(60);
            // the budget is spent: the run ends with the epoch under way
            assertEquals(20, l.projectedSteps(13, 10));
            TrainingProgress longBudget = new TrainingProgress(p,
                    List.of(), 15, Duration.ofHours(1));
            assertEquals(15, longBudget.projectedSteps(5, 10), "never more than planned");
        }
    }
}
