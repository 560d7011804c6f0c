package org.jcare.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing the precision names, and which precisions run on tensor cores. */
class PrecisionTest {
    @Test
    void parsesTheThreeNamesInAnyCase() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.TF32, Precision.parse(" TF32 "));
        assertEquals(Precision.BF16, Precision.parse("Bf16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("precision 'fp16' unknown: use fp32, tf32 or bf16", e.getMessage());
    }

    @Test
    void onlyTf32AndBf16UseTensorCores() {
        assertFalse(Precision.FP32.usesTensorCores());
        assertTrue(Precision.TF32.usesTensorCores());
        assertTrue(Precision.BF16.usesTensorCores());
    }
}
