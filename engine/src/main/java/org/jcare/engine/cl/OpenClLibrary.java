package org.jcare.engine.cl;

import java.util.ArrayList;
import java.util.List;
import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;

/**
 * Loads the OpenCL ICD loader once per JVM. LWJGL looks for {@code libOpenCL.so}, which on Debian/Ubuntu only
 * the -dev package provides; the runtime package has {@code libOpenCL.so.1}, so that name is tried next.
 * {@code JCARE_OPENCL_LIBRARY} names another library file.
 */
final class OpenClLibrary {
    private static boolean loaded;

    private OpenClLibrary() {
    }

    // The native library is process-wide by nature: this is the one place that holds JVM-wide state.
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        Configuration.OPENCL_EXPLICIT_INIT.set(true);
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("JCARE_OPENCL_LIBRARY");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        if (org.lwjgl.system.Platform.get() == org.lwjgl.system.Platform.LINUX) {
            candidates.add("libOpenCL.so.1"); // tried first: the default name makes LWJGL print a warning when absent
        }
        candidates.add(null); // LWJGL's default name for the platform
        StringBuilder failures = new StringBuilder();
        for (String name : candidates) {
            try {
                if (name == null) {
                    CL.create();
                } else {
                    CL.create(name);
                }
                loaded = true;
                return;
            } catch (Throwable e) {
                failures.append(name == null ? "default" : name).append(": ").append(e.getMessage()).append("; ");
            }
        }
        throw new ClException("no OpenCL library could be loaded (" + failures + "). " + Devices.NO_PLATFORM_HINT);
    }
}
