package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.optics.psf.ConfocalPsf;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.PsfSampler;
import org.jcare.optics.psf.Psfs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one set of PSF options: names, defaults, models, and what is bad input. */
class PsfOptionsTest {
    static PsfOptions parse(String... argv) {
        DeconvolveCommand cmd = new DeconvolveCommand();
        String[] all = new String[argv.length + 4];
        all[0] = "--input";
        all[1] = "in.tif";
        all[2] = "--output";
        all[3] = "out.tif";
        System.arraycopy(argv, 0, all, 4, argv.length);
        new CommandLine(cmd).parseArgs(all);
        return cmd.psf;
    }

    @Test
    void defaultsAndBothNamesOfEveryOpticsOption() throws Exception {
        PsfOptions none = parse();
        assertFalse(none.theoreticalGiven());
        Psf d = none.psf(0, 100, 100);
        assertArrayEquals(Psfs.widefield(Optics.widefield(1.4, 520, 1.518), 0, 100, 100).voxels(), d.voxels());
        Psf a = parse("--na", "1.2", "--wavelength", "600", "--refractive-index", "1.33").psf(0, 80, 80);
        Psf b = parse("--psf-na", "1.2", "--psf-wavelength", "600", "--psf-refractive-index", "1.33").psf(0, 80, 80);
        assertArrayEquals(a.voxels(), b.voxels());
        assertTrue(parse("--psf-na", "1.2").theoreticalGiven());
        Psf confocal = parse("--psf-modality", "confocal", "--psf-excitation", "488").psf(200, 100, 100);
        Psf expected = PsfSampler.sample(ConfocalPsf.bornWolf(new Optics(1.4, 520, 1.518, 488)),
                Psfs.grid(Optics.widefield(1.4, 520, 1.518), 200, 100, 100));
        assertArrayEquals(expected.voxels(), confocal.voxels());
        assertTrue(parse("--psf-model", "gaussian").model().describe().startsWith("Gaussian"));
    }

    @Test
    void badCombinationsAndValuesNameTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("--psf-modality", "confocal").model());
        assertTrue(e.getMessage().contains("--psf-excitation"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> parse("--psf-na", "1.6").optics());
        assertTrue(e.getMessage().contains("--psf-na") && e.getMessage().contains("1.6"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> parse("--psf-model", "airy-disk").model());
        assertTrue(e.getMessage().contains("--psf-model"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> parse("--psf", "psf.tif", "--psf-na", "1.2").check());
        assertTrue(e.getMessage().contains("exclude each other"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> parse("--psf", "no-such-psf.tif").check());
        assertEquals("--psf no-such-psf.tif: no such file", e.getMessage());
    }
}
