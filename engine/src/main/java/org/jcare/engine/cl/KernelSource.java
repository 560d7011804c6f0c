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
     * Reads {@code fileNames} from the package of {@code anchor} on the class path and joins them in order into one
     * program source, for example {@code KernelSource.load(ConvKernels.class, "conv_input.cl", "conv.cl")}: OpenCL C
     * programs built from source have no include path, so shared device functions live in their own file and are
     * put in front. The name is the paths joined with {@code +}.
     */
    public static KernelSource load(Class<?> anchor, String... fileNames) {
        if (fileNames.length == 0) {
            throw new IllegalArgumentException("KernelSource.load: no file names given");
        }
        KernelSource[] parts = new KernelSource[fileNames.length];
        for (int i = 0; i < fileNames.length; i++) {
            String path = anchor.getPackageName().replace('.', '/') + "/" + fileNames[i];
            parts[i] = new KernelSource(path, read(anchor, path));
        }
        return join(parts);
    }

    private static String read(Class<?> anchor, String path) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }

    /**
     * {@code parts} joined in order into one program source (shared device functions of another package in front),
     * named by their names joined with {@code +}.
     */
    public static KernelSource join(KernelSource... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("KernelSource.join: no sources given");
        }
        StringBuilder name = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (KernelSource part : parts) {
            name.append(name.length() == 0 ? "" : "+").append(part.name);
            text.append(text.length() == 0 ? "" : "\n").append(part.text);
        }
        return new KernelSource(name.toString(), text.toString());
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
