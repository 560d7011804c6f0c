package org.jcare.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;

/**
 * The bundled real sample: three FMD confocal pairs (512 x 512, 8-bit; noisy single acquisition and the average of
 * 50), copied from {@code data/fmd} into the jar under {@code org/jcare/cli/demo} with their PROVENANCE.md.
 */
final class DemoData {
    /** The pairs' names: BPAE nuclei, BPAE F-actin, mouse brain. */
    static final String[] NAMES = {"bpae_b", "bpae_g", "mice"};
    private static final String FOLDER = "demo/";

    private DemoData() {
    }

    /** The noisy image of pair {@code name}. */
    static FloatImage noisy(String name) throws IOException {
        return read(name + "_noisy.tif");
    }

    /** The clean image (average of 50 acquisitions) of pair {@code name}. */
    static FloatImage clean(String name) throws IOException {
        return read(name + "_gt.tif");
    }

    /** The provenance and licence text. */
    static String provenance() throws IOException {
        try (InputStream in = open("PROVENANCE.md")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = DemoData.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new IOException("the bundled sample " + FOLDER + file + " is missing from the jar; rebuild it with"
                    + " mvn -DskipTests package -pl cli -am");
        }
        return in;
    }

    /** Reads a bundled TIFF through a temporary file (the reader takes paths). */
    private static FloatImage read(String file) throws IOException {
        Path tmp = Files.createTempFile("jcare-demo-", ".tif");
        try (InputStream in = open(file)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new TiffReader().read(tmp, "YX");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
