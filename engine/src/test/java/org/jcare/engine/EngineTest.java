package org.jcare.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.jcare.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

class EngineTest {
    /** A stand-in for a kernel launcher. */
    record Launcher(Engine engine) {
    }

    @Test
    void servicesAreCreatedOncePerEngine() {
        AtomicInteger created = new AtomicInteger();
        try (Engine a = TestEngines.open(); Engine b = TestEngines.open()) {
            Launcher first = a.service(Launcher.class, e -> {
                created.incrementAndGet();
                return new Launcher(e);
            });
            assertSame(first, a.service(Launcher.class, Launcher::new));
            assertSame(a, first.engine());
            assertSame(b, b.service(Launcher.class, Launcher::new).engine());
            assertEquals(1, created.get());
        }
    }
}
