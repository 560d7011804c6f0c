package org.jcare.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Puts the ImageJ that travels inside {@code jcare.jar} on the class path when nothing else provides ImageJ, so that the
 * one jar reads and writes TIFF on its own ({@code java -jar jcare.jar}) and is also a Fiji plugin.
 *
 * <p>Why this way: Fiji has its own ImageJ (patched at load time by imagej-legacy), so ImageJ's classes must not be in
 * the plugin jar, where they would clash with Fiji's; relocating them would also relocate the plugin's own references
 * to {@code ij.ImagePlus}, which must be Fiji's. So ImageJ's jar is stored in jcare.jar as a plain resource
 * ({@value #RESOURCE}), which no class loader looks into, and this class is the jar's {@code Launcher-Agent-Class}: the
 * JVM runs {@link #agentmain} before the main class when the jar is started with {@code java -jar} (never when Fiji
 * loads it as a plugin). When {@code ij.ImagePlus} is not already visible, the nested jar is copied once to
 * {@code ~/.cache/jcare/lib/} (named by its CRC and size, written under a temporary name and renamed, so concurrent
 * starts agree) and appended to the system class path, where every jcare class finds it.
 */
public final class BundledImageJ {
    /** Where ImageJ's jar lies inside jcare.jar. */
    public static final String RESOURCE = "org/jcare/cli/imagej/ij.jar";

    private BundledImageJ() {
    }

    /** Called by the JVM before {@code main} when jcare.jar is started with {@code java -jar}. */
    public static void agentmain(String args, Instrumentation inst) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (system.getResource("ij/ImagePlus.class") != null) {
            return; // ImageJ is on the class path already (a development class path, or -cp with ImageJ)
        }
        try {
            Path own = Path.of(BundledImageJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path ij = extract(own, cacheDir());
            inst.appendToSystemClassLoaderSearch(new JarFile(ij.toFile()));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            System.err.println("jcare: the bundled ImageJ could not be put on the class path (" + e
                    + "); TIFF files cannot be read or written. Put ImageJ's ij.jar on the class path instead.");
        }
    }

    /**
     * The cache folder for the extracted jar: {@code $XDG_CACHE_HOME/jcare/lib}, else {@code ~/.cache/jcare/lib}, or
     * null where there is no home.
     */
    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jcare", "lib");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "jcare", "lib");
    }

    /**
     * The nested ImageJ jar of {@code jar} as a file in {@code cache} (created if missing; a temporary file deleted at
     * exit when the cache cannot be written).
     *
     * @throws IOException when the jar has no nested ImageJ or it cannot be written anywhere
     */
    static Path extract(Path jar, Path cache) throws IOException {
        try (JarFile own = new JarFile(jar.toFile())) {
            ZipEntry e = own.getEntry(RESOURCE);
            if (e == null) {
                throw new IOException(jar + " has no " + RESOURCE);
            }
            String name = String.format("ij-%08x-%d.jar", e.getCrc(), e.getSize());
            if (cache != null) {
                Path target = cache.resolve(name);
                if (Files.isRegularFile(target) && Files.size(target) == e.getSize()) {
                    return target;
                }
                try {
                    Files.createDirectories(cache);
                    Path tmp = Files.createTempFile(cache, name, ".part");
                    copy(own, e, tmp);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException moveFailed) {
                        Files.deleteIfExists(tmp);
                        throw moveFailed;
                    }
                    return target;
                } catch (IOException notWritable) {
                    // fall through to a private temporary copy
                }
            }
            Path tmp = Files.createTempFile(name, ".jar");
            tmp.toFile().deleteOnExit();
            copy(own, e, tmp);
            return tmp;
        }
    }

    private static void copy(JarFile jar, ZipEntry e, Path to) throws IOException {
        try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
