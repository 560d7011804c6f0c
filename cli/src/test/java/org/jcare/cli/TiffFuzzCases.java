package org.jcare.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutated TIFFs of {@link TiffHeaderFuzzTest}, in order: for each base file (resources {@code fuzz/}), {@code perBase}
 * mutations drawn from one generator seeded with {@code seed}. {@link #main} writes them to a folder, where
 * {@code fuzz/tifffile_outcomes.py} reads each with tifffile (the reference reader) and records what it makes of it.
 */
final class TiffFuzzCases {
    /** The base files, each covering a reader path (strips, big-endian, ImageJ hyperstack, float64 Deflate, tiles). */
    static final String[] BASES = {"u16_strips.tif", "u8_be.tif", "f32_imagej.tif", "f64_deflate.tif",
        "i16_tiled.tif"};

    /**
     * One mutant.
     *
     * @param name  {@code BASE-N.tif}
     * @param base  the base file's bytes
     * @param bytes the mutant's bytes
     */
    record Case(String name, byte[] base, byte[] bytes) {
        /** The first 16 hex digits of the SHA-256 of the mutant: ties an oracle line to exactly these bytes. */
        String digest() {
            return sha256(bytes).substring(0, 16);
        }
    }

    private TiffFuzzCases() {
    }

    /** Every case, base after base. */
    static List<Case> cases(long seed, int perBase) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Case> out = new ArrayList<>();
        for (String name : BASES) {
            byte[] base = resource(name);
            for (int c = 0; c < perBase; c++) {
                out.add(new Case(name.replace(".tif", "") + "-" + c + ".tif", base, TiffHeaderFuzzTest.mutate(base,
                        rng)));
            }
        }
        return out;
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = TiffFuzzCases.class.getResourceAsStream("/fuzz/" + name)) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the default cases (the test's seed and count) to the folder {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Case c : cases(TiffHeaderFuzzTest.DEFAULT_SEED, TiffHeaderFuzzTest.DEFAULT_CASES_PER_BASE)) {
            Files.write(dir.resolve(c.name()), c.bytes());
        }
    }
}
