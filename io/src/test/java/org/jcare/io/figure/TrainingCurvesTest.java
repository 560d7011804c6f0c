package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingCurvesTest {
    @Test
    void parsesKerasCsvLoggerOutputInAnyColumnOrder() {
        TrainingCurves c = TrainingCurves.parseCsv("epoch,loss,lr,val_loss,val_mse\n0,0.5,0.0004,0.6,1\n"
                + "1,0.25,0.0002,0.3,1\n");
        assertArrayEquals(new double[] {0, 1}, c.epochs());
        assertArrayEquals(new double[] {0.5, 0.25}, c.loss());
        assertArrayEquals(new double[] {0.6, 0.3}, c.valLoss());
        assertArrayEquals(new double[] {4e-4, 2e-4}, c.learningRate());
        TrainingCurves noEpoch = TrainingCurves.parseCsv("loss\n3\n2\n");
        assertArrayEquals(new double[] {0, 1}, noEpoch.epochs());
        assertEquals(0, noEpoch.valLoss().length);
    }

    @Test
    void badInputIsAnErrorNamingTheLine() {
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.parseCsv("epoch,val_loss\n0,1\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.parseCsv("epoch,loss\n0,1\n1,abc\n"));
        assertEquals(true, e.getMessage().contains("line 3"));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingCurves(new double[2], new double[1], new double[0], new double[0]));
    }
}
