package org.jcare.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jcare.kernels.conv.ConvVariant;
import org.junit.jupiter.api.Test;

/** Command-line parsing of the tuner. */
class TunerOptionsTest {
    @Test
    void parsesEveryOption() {
        TunerOptions o = TunerOptions.parse(new String[] {"--out", "x/y", "--seconds", "90", "--max-candidates", "5",
            "--seed", "3", "--sizes", "tiny", "--dims", "3", "--only", "32-32, 64-64", "--variant", "gpu",
            "--warmups", "1", "--runs", "3", "--min-gain", "0.05", "--device", "cpu", "--fresh"});
        assertEquals(Path.of("x/y"), o.out());
        assertEquals(90, o.seconds());
        assertEquals(5, o.maxCandidates());
        assertEquals(3, o.seed());
        assertEquals(LayerSignature.SizeSet.TINY, o.sizes());
        assertEquals(List.of(3), o.dims());
        assertEquals(List.of("32-32", "64-64"), o.only());
        assertEquals(ConvVariant.GPU, o.variant());
        assertEquals(1, o.warmups());
        assertEquals(3, o.runs());
        assertEquals(0.05, o.minGain());
        assertEquals("cpu", o.device());
        assertTrue(o.fresh());
    }

    @Test
    void defaultsAndErrors() {
        TunerOptions d = TunerOptions.parse(new String[0]);
        assertEquals(120, d.seconds());
        assertEquals(List.of(2, 3), d.dims());
        assertEquals(2, d.warmups());
        assertEquals(5, d.runs());
        assertThrows(IllegalArgumentException.class, () -> TunerOptions.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> TunerOptions.parse(new String[] {"--seconds"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TunerOptions.parse(new String[] {"--seconds", "0", "--dims", "4", "--variant", "naive"}));
        assertTrue(e.getMessage().contains("seconds") && e.getMessage().contains("dims")
                && e.getMessage().contains("variant"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TunerOptions.parse(new String[] {"--help"}))
                .getMessage().contains("usage"));
    }
}
