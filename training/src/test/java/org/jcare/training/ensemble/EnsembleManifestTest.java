package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleManifestTest {
    @Test
    void roundTripsWithSeedsAndFactor(@TempDir Path dir) throws Exception {
        CareConfig config = CareConfig.builder("YX").probabilistic(true).unetNFirst(8).build();
        EnsembleManifest m = EnsembleManifest.of(config, 3, 42, true);
        assertEquals("member_02", m.members().get(1).folder());
        assertEquals(44, m.members().get(2).seed());
        assertNull(m.scaleFactor());
        m.withScaleFactor(1.5).write(dir);
        assertTrue(EnsembleManifest.isEnsemble(dir));
        EnsembleManifest back = EnsembleManifest.read(dir);
        assertEquals(m.members(), back.members());
        assertEquals(1.5, back.scaleFactor());
        assertEquals(config, back.config());
        assertTrue(back.augment());
        assertEquals("member_001", EnsembleManifest.of(config, 100, 0, false).members().get(0).folder());
    }

    @Test
    void badManifestsAreErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        assertFalse(EnsembleManifest.isEnsemble(dir));
        assertThrows(FileFormatException.class, () -> EnsembleManifest.read(dir));
        Files.writeString(dir.resolve(EnsembleManifest.FILE),
                "{\"format\": \"jcare-ensemble\", \"format_version\": 9}");
        FileFormatException e = assertThrows(FileFormatException.class, () -> EnsembleManifest.read(dir));
        assertTrue(e.getMessage().contains("ensemble.json") && e.getMessage().contains("newer"), e.getMessage());
        Files.writeString(dir.resolve(EnsembleManifest.FILE), "{\"format\": \"jcare-ensemble\", \"format_version\": 1,"
                + " \"members\": [{\"folder\": \"../x\", \"seed\": 1}], \"config\": {}}");
        assertThrows(FileFormatException.class, () -> EnsembleManifest.read(dir));
        assertThrows(IllegalArgumentException.class, () -> EnsembleManifest.of(CareConfig.of("YX", 1, 1, false), 0,
                1, false));
    }
}
