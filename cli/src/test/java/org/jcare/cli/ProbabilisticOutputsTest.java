package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class ProbabilisticOutputsTest {
    @Test
    void parsesAnySubsetIntoSuffixes() {
        assertTrue(ProbabilisticOutputs.parse(null).isEmpty());
        assertEquals(List.of("_scale", "_interval95_lower", "_interval95_upper", "_entropy", "_sample1", "_sample2"),
                ProbabilisticOutputs.parse("scale, interval95,entropy,samples:2").suffixes());
        assertEquals(List.of("_sample1"), ProbabilisticOutputs.parse("sample").suffixes());
        for (String bad : new String[] {"median", "interval100", "samples:0", "samples:x"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ProbabilisticOutputs.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void readoutsFollowTheLaplaceFormulas() {
        FloatImage mean = FloatImage.of("CYX", new long[] {2, 1, 3}, new float[] {0, 1, 2, 3, 4, 5});
        FloatImage scale = FloatImage.of("CYX", new long[] {2, 1, 3}, new float[] {1, 0.5f, 2, 1, 1, 1});
        Map<String, FloatImage> out = ProbabilisticOutputs.parse("var,std,interval90,samples:1").compute(mean, scale, 3);
        assertEquals(2 * 0.25, out.get("_var").getFlat(1), 1e-6);
        assertEquals(Math.sqrt(2) * 2, out.get("_std").getFlat(2), 1e-6);
        assertEquals(3 - Math.log(10), out.get("_interval90_lower").getFlat(3), 1e-5);
        assertEquals(3 + Math.log(10), out.get("_interval90_upper").getFlat(3), 1e-5);
        assertEquals("CYX", out.get("_sample1").axes().letters());
        float[] again = ProbabilisticOutputs.parse("samples:1").compute(mean, scale, 3).get("_sample1").toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(out.get("_sample1").toArray(), again, "seeded");
    }
}
