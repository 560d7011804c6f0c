package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.training.predict.TileOutput;
import org.junit.jupiter.api.Test;

class EnsembleReadoutsTest {
    @Test
    void parsesEveryReadoutAndNamesTheImages() {
        EnsembleReadouts r = EnsembleReadouts.parse(" disagreement, interval97.5 ,std,samples:2,var,members", 4);
        assertTrue(r.variance() && r.std() && r.disagreement() && r.members());
        assertEquals(2, r.samples());
        assertEquals(4, r.sampleSeed());
        assertArrayEquals(new double[] {0.975}, r.intervals());
        List<TileOutput> o = r.outputs(1, 2, true);
        assertEquals(List.of("mean", "var", "std", "interval97.5_lower", "interval97.5_upper", "sample1", "sample2",
                "disagreement", "disagreement_norm", "member1_mean", "member2_mean", "member1_scale", "member2_scale"),
                o.stream().map(TileOutput::name).toList());
        assertEquals(TileOutput.Undo.VARIANCE, o.get(1).undo());
        assertEquals(TileOutput.Undo.SCALE, o.get(2).undo());
        assertEquals(TileOutput.Undo.NONE, o.get(7).undo());
        assertArrayEquals(new float[] {0.0125f, 0.9875f}, r.quantileLevels());
        assertEquals("interval90", EnsembleReadouts.intervalName(0.9));
    }

    @Test
    void refusesWhatIsNotAReadout() {
        assertThrows(IllegalArgumentException.class, () -> EnsembleReadouts.parse("scale", 0));
        assertThrows(IllegalArgumentException.class, () -> EnsembleReadouts.parse("interval100", 0));
        assertThrows(IllegalArgumentException.class, () -> EnsembleReadouts.parse("samples:1000", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleReadouts.standard().outputs(1, 3, false));
        assertTrue(e.getMessage().contains("probabilistic"), e.getMessage());
        assertEquals(List.of("mean", "member1_mean"), EnsembleReadouts.memberPredictions().outputs(1, 1, false)
                .stream().map(TileOutput::name).toList());
    }
}
