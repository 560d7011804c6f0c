package org.jcare.engine.cl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads a kernel source file that lives beside the Java class that launches it. */
public final class KernelSource {
    private final String name;
    private final String text;

    private KernelSource(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * Reads {@code fileName} from the package of {@code anchor} on the class path, for example
     * {@code KernelSource.load(ConvKernels.class, "conv.cl")}.
     */
    public static KernelSource load(Class<?> anchor, String fileName) {
        String path = anchor.getPackageName().replace('.', '/') + "/" + fileName;
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + path + " is not on the class path");
            }
            return new KernelSource(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }

    /** A source given as text (tests, generated code). */
    public static KernelSource of(String name, String text) {
        return new KernelSource(name, text);
    }

    /** Resource path or given name, used in error messages. */
    public String name() {
        return name;
    }

    /** The OpenCL C text. */
    public String text() {
        return text;
    }
}
