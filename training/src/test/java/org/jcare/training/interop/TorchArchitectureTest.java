package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.io.model.UNetLayout;
import org.junit.jupiter.api.Test;

class TorchArchitectureTest {
    @Test
    void kwargsOfCareUNetRoundTripAndItsLimitsAreKnown() {
        UNetLayout l = new UNetLayout(3, 2, 2, 1, new int[] {3, 3, 3}, 8, true, true, false, new int[] {2, 2, 2});
        assertTrue(TorchArchitecture.expresses(l));
        assertEquals(l, TorchArchitecture.fromKwargs(TorchArchitecture.kwargs(l)));
        assertEquals("{\"n_dim\":3,\"c_in\":2,\"c_out\":2,\"depth\":1,\"kern\":3,\"n_first\":8,\"residual\":true,"
                + "\"prob\":true}", TorchArchitecture.kwargs(l).toString());
        assertFalse(TorchArchitecture.expresses(new UNetLayout(3, 1, 1, 1, new int[] {1, 3, 3}, 8, true, false, false,
                new int[] {2, 2, 2})), "CareUNet has one kernel size");
        assertFalse(TorchArchitecture.expresses(new UNetLayout(2, 1, 1, 1, new int[] {3, 3}, 8, true, false, true,
                new int[] {2, 2})), "CareUNet has no last ReLU");
    }
}
