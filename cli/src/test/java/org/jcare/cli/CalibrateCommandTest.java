package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jcare.io.AtomicFiles;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.ensemble.EnsembleManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
    @Test
    void storesTheFactorsOfAnEnsembleAndResetsThem(@TempDir Path dir) throws Exception {
        Path ens = dir.resolve("ens");
        copy(EnsembleCliFixtures.probabilistic(), ens);
        Path data = CliTesting.sharedData();
        CliTesting.Result r = run(args("calibrate", "--model", ens, "--input", data.resolve("low"), "--ground-truth",
                data.resolve("GT"))).expect(0);
        assertTrue(r.out().contains("before") && r.out().contains("after") && r.out().contains("stored: the mixture"),
                r.out());
        Double f = EnsembleManifest.read(ens).scaleFactor();
        assertTrue(f != null && f > 0);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%.4g", f)), r.out());
        assertTrue(CareConfigJson.read(ens.resolve("member_01/config.json")).laplaceScaleFactor() != null);
        run(args("calibrate", "--model", ens, "--input", data.resolve("low"), "--ground-truth", data.resolve("GT"),
                "--reset")).expect(0);
        assertNull(EnsembleManifest.read(ens).scaleFactor());
        assertNull(CareConfigJson.read(ens.resolve("member_02/config.json")).laplaceScaleFactor());
    }

    @Test
    void aSingleModelGetsItsFactorInItsConfig(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m");
        copy(CliTesting.probabilisticModel(), model);
        Path data = CliTesting.sharedData();
        run(args("calibrate", "--model", model, "--input", data.resolve("low/bpae_b.tif"), "--ground-truth",
                data.resolve("GT/bpae_b.tif"))).expect(0);
        Double f = CareConfigJson.read(model.resolve("config.json")).laplaceScaleFactor();
        assertTrue(f != null && f > 0.01 && f < 100, "factor " + f);
        assertTrue(run(args("calibrate", "--model", dir.resolve("none"), "--input", data.resolve("low"),
                "--ground-truth", data.resolve("GT"))).expect(2).err().contains("no such model"));
        assertEquals(2, run(args("calibrate", "--model", CliTesting.model(), "--input", data.resolve("low"),
                "--ground-truth", data.resolve("GT"))).code(), "a plain model cannot be recalibrated");
    }

    static void copy(Path from, Path to) throws Exception {
        try (var s = java.nio.file.Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(t);
                } else {
                    java.nio.file.Files.copy(p, t);
                }
            }
        }
        assertTrue(java.nio.file.Files.exists(to));
        AtomicFiles.checkWritable(to.resolve("x"), false);
    }
}
