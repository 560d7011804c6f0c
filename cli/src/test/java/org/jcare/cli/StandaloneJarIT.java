package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code jcare.jar} alone: copied into an empty folder with nothing beside it and started with
 * {@code java -jar} (an empty cache, no ImageJ anywhere on its class path), it reads and writes TIFF files
 * ({@link BundledImageJ}), the second run reusing the extracted ImageJ. The jar itself holds no ImageJ classes (they
 * would clash with Fiji's, {@link FijiPluginIT}), only ImageJ's jar as a resource.
 */
class StandaloneJarIT {
    @Test
    void theJarAloneReadsAndWritesTiff(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(Path.of("target", "jcare.jar"), Files.createDirectories(dir.resolve("app"))
                .resolve("jcare.jar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertTrue(j.stream().noneMatch(e -> e.getName().startsWith("ij/")), "no ImageJ classes in the jar");
            assertNotNull(j.getEntry(BundledImageJ.RESOURCE), "ImageJ's jar as a resource");
            assertEquals(BundledImageJ.class.getName(), j.getManifest().getMainAttributes()
                    .getValue("Launcher-Agent-Class"));
            assertEquals(null, j.getManifest().getMainAttributes().getValue("Class-Path"), "nothing beside the jar");
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        float[] v = new float[48 * 40];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (10 + 90 * Math.exp(-((i / 40 - 24) * (i / 40 - 24) + (i % 40 - 20) * (i % 40 - 20)) / 20.0));
        }
        new TiffWriter().write(FloatImage.of("YX", new long[] {48, 40}, v)
                .withCalibration(new Calibration(0.1, 0.1, 0, "micron", 0)), work.resolve("in.tif"));
        Path cache = dir.resolve("cache");
        for (int run = 0; run < 2; run++) {
            Path out = work.resolve("out" + run + ".tif");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "deconvolve", "--input", "in.tif", "--output", out.getFileName().toString(),
                    "--iterations", "2").directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log" + run + ".txt").toFile());
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
            pb.environment().remove("CLASSPATH");
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jcare did not finish in 120 s");
            String log = Files.readString(dir.resolve("log" + run + ".txt"));
            assertEquals(0, p.exitValue(), log);
            FloatImage result = new TiffReader().read(out);
            assertArrayEquals(new long[] {48, 40}, result.shape(), log);
            assertEquals(0.1, result.calibration().x(), 1e-9, "pixel size written back");
            assertTrue(Files.isRegularFile(work.resolve("out" + run + ".png")), log);
        }
        List<Path> extracted;
        try (var s = Files.list(cache.resolve("jcare").resolve("lib"))) {
            extracted = s.toList();
        }
        assertEquals(1, extracted.size(), "extracted once, reused by the second run: " + extracted);
        assertTrue(extracted.get(0).getFileName().toString().matches("ij-[0-9a-f]{8}-\\d+\\.jar"), "" + extracted);
    }
}
