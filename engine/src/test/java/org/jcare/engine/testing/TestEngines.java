package org.jcare.engine.testing;

import org.jcare.engine.Engine;

/** Opens the engine the tests run on: JCARE_DEVICE if set, else the default device (PoCL in CI). */
public final class TestEngines {
    private TestEngines() {
    }

    /** A fresh engine on the test device. */
    public static Engine open() {
        return Engine.open((String) null);
    }
}
