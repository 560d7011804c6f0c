package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.optics.psf.AxialBlur;
import org.jcare.optics.psf.BornWolf;
import org.jcare.optics.psf.ConfocalPsf;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psfs;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.Psf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The PSF of isotropic and upsampling training data from the command line: theoretical (the optics module's models
 * at the stacks' voxel size, from their calibration or given) or a file (a 3D one turned into the isotropic blur),
 * recorded in the data, with the voxel size checked for every stack.
 */
class TaskDataOptionsTest {
    /** A stack of 8 x 40 x 36 random values with voxels of {@code dz x dx x dx} nm (0: uncalibrated). */
    static Path stack(Path file, double dz, double dx) throws Exception {
        SplittableRandom r = new SplittableRandom(file.hashCode());
        float[] v = new float[8 * 40 * 36];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (100 * r.nextDouble());
        }
        FloatImage img = FloatImage.of("ZYX", new long[] {8, 40, 36}, v);
        Files.createDirectories(file.getParent());
        new TiffWriter().write(dx > 0 ? img.withCalibration(new Calibration(dx / 1000, dx / 1000, dz / 1000, "micron",
                0)) : img, file);
        return file;
    }

    /** The task options of {@code datagen ARGS} and the PSF they give for the source folder. */
    static TaskDataOptions.TaskPsf psf(String... argv) throws Exception {
        DatagenCommand cmd = new DatagenCommand();
        new CommandLine(cmd).parseArgs(argv);
        cmd.task.check(cmd.source);
        return cmd.task.psf(cmd.source.rawData(null), new PrintWriter(new StringWriter()));
    }

    @Test
    void theoreticalPsfGivesIsotropicDataTheAxialBlurOfTheModelAtTheStacksPixelSize(@TempDir Path dir)
            throws Exception {
        Path src = stack(dir.resolve("s/a.tif"), 400, 100).getParent();
        String[] base = {"--task", "isotropic", "--source", src.toString(), "--axes", "ZYX", "--subsample", "4",
            "--out", dir.resolve("x.npz").toString()};
        TaskDataOptions.TaskPsf p = psf(concat(base, "--psf-na", "1.2", "--psf-wavelength", "600",
                "--psf-refractive-index", "1.33"));
        AxialBlur.Widths w = AxialBlur.of(new BornWolf(Optics.widefield(1.2, 600, 1.33)));
        float[] expected = AxialBlur.kernel(w.sigmaNm(), 100);
        assertArrayEquals(new long[] {1, expected.length}, p.psf().kernel().shape(), "one row: a blur along X");
        assertArrayEquals(expected, p.psf().kernel().toArray());
        assertEquals(100, p.voxel().dx(), 1e-9, "from the file's calibration");
        assertTrue(p.psf().source().contains("Born-Wolf") && p.psf().source().contains("axial blur"), p.psf().source());
        // the same options under their optics-command names, and a confocal PSF (narrower axially: less blur)
        assertArrayEquals(expected, psf(concat(base, "--na", "1.2", "--wavelength", "600", "--refractive-index",
                "1.33")).psf().kernel().toArray());
        float[] confocal = psf(concat(base, "--psf-modality", "confocal", "--psf-excitation", "488")).psf().kernel()
                .toArray();
        AxialBlur.Widths cw = AxialBlur.of(ConfocalPsf.bornWolf(new Optics(1.4, 520, Optics.OIL, 488)));
        assertArrayEquals(AxialBlur.kernel(cw.sigmaNm(), 100), confocal);
        // a pixel size given overrides the calibration
        assertEquals(50, psf(concat(base, "--psf-na", "1.2", "--pixel-size", "50")).voxel().dx(), 1e-9);
    }

    @Test
    void upsamplingGetsThe3dPsfAndIsotropicDataTheBlurOfA3dPsfFile(@TempDir Path dir) throws Exception {
        Path src = stack(dir.resolve("s/a.tif"), 400, 100).getParent();
        TaskDataOptions.TaskPsf up = psf("--task", "upsampling", "--source", src.toString(), "--target",
                src.toString(), "--axes", "ZYX",
                "--subsample", "2", "--psf-na", "1.4", "--out", dir.resolve("x.npz").toString());
        org.jcare.optics.psf.Psf expected = Psfs.widefield(Optics.widefield(1.4, 520, Optics.OIL), 400, 100, 100);
        assertEquals("ZYX", up.psf().kernel().axes().letters());
        assertArrayEquals(expected.voxels(), up.psf().kernel().toArray());
        assertEquals(400, up.voxel().dz(), 1e-9);
        // a measured (here: sampled) 3D PSF file with its own calibration: the isotropic blur of its widths
        Path file = dir.resolve("bead.tif");
        org.jcare.optics.psf.Psf bead = Psfs.widefield(Optics.widefield(1.2, 600, 1.33), 100, 50, 50);
        new TiffWriter().write(bead.toImage(), file);
        TaskDataOptions.TaskPsf iso = psf("--task", "isotropic", "--source", src.toString(), "--axes", "ZYX",
                "--subsample", "4", "--psf", file.toString(), "--out", dir.resolve("y.npz").toString());
        double sigma = AxialBlur.of(new BornWolf(Optics.widefield(1.2, 600, 1.33))).sigmaNm();
        assertTrue(iso.psf().source().contains("axial blur"), iso.psf().source());
        assertEquals(1, iso.psf().kernel().size('Y'));
        double fromFile = sigmaOf(iso.psf(), 100);
        assertEquals(Math.sqrt(sigma * sigma + 100 * 100 / 12.0), fromFile, 0.05 * sigma, "taps' width");
        // a 2D file is the kernel as it is (CSBDeep's psf argument), for any pixel size
        Path k2 = dir.resolve("k.tif");
        new TiffWriter().write(FloatImage.of("YX", new long[] {1, 3}, new float[] {1, 2, 1}), k2);
        TaskDataOptions.TaskPsf asIs = psf("--task", "isotropic", "--source", src.toString(), "--axes", "ZYX",
                "--subsample", "4", "--psf", k2.toString(), "--out", dir.resolve("z.npz").toString());
        assertArrayEquals(new float[] {1, 2, 1}, asIs.psf().kernel().toArray());
        assertEquals(null, asIs.voxel());
    }

    @Test
    void datagenRecordsThePsfAndRefusesStacksOfAnotherPixelSizeOrNone(@TempDir Path dir) throws Exception {
        Path src = stack(dir.resolve("s/a.tif"), 400, 100).getParent();
        Path npz = dir.resolve("iso.npz");
        CliTesting.Result r = run(args("datagen", "--task", "isotropic", "--source", src, "--axes", "ZYX",
                "--subsample", "4", "--psf-na", "1.4", "--patch-size", "16,16", "--patches-per-image", "4",
                "--no-filter", "--out", npz)).expect(0);
        assertTrue(r.err().contains("PSF: axial blur: Gaussian along X"), r.err());
        String recorded = new NpzTrainingDataFile().readWithTask(npz).task().orElseThrow().psf();
        assertTrue(recorded.contains("Born-Wolf") && recorded.contains("NA 1.400"), recorded);
        // a second stack of another pixel size: the blur in pixels would be wrong for it
        stack(src.resolve("b.tif"), 400, 65);
        r = run(args("datagen", "--task", "isotropic", "--source", src, "--axes", "ZYX", "--subsample", "4",
                "--psf-na", "1.4", "--patch-size", "16,16", "--no-filter", "--out", dir.resolve("b.npz"))).expect(2);
        assertTrue(r.err().contains("b.tif") && r.err().contains("65 nm") && r.err().contains("100 nm"), r.err());
        // no calibration: say which option gives it
        Path bare = stack(dir.resolve("bare/c.tif"), 0, 0).getParent();
        r = run(args("datagen", "--task", "isotropic", "--source", bare, "--axes", "ZYX", "--subsample", "4",
                "--psf-na", "1.4", "--out", dir.resolve("c.npz"))).expect(2);
        assertTrue(r.err().contains("c.tif") && r.err().contains("--pixel-size"), r.err());
        // one PSF at a time; options of the tasks only; confocal needs its excitation
        r = run(args("datagen", "--task", "isotropic", "--source", src, "--axes", "ZYX", "--subsample", "4", "--psf",
                src.resolve("a.tif"), "--psf-na", "1.4", "--out", dir.resolve("d.npz"))).expect(2);
        assertTrue(r.err().contains("exclude each other"), r.err());
        r = run(args("datagen", "--source", src, "--target", src, "--axes", "ZYX", "--psf-na", "1.4", "--out",
                dir.resolve("e.npz"))).expect(2);
        assertTrue(r.err().contains("belong to --task isotropic or upsampling"), r.err());
        r = run(args("datagen", "--task", "isotropic", "--source", bare, "--axes", "ZYX", "--subsample", "4",
                "--pixel-size", "100", "--psf-modality", "confocal", "--out", dir.resolve("f.npz"))).expect(2);
        assertTrue(r.err().contains("--psf-excitation"), r.err());
        assertTrue(!Files.exists(dir.resolve("b.npz")) && !Files.exists(dir.resolve("c.npz")));
    }

    private static double sigmaOf(Psf p, double dx) {
        float[] k = p.kernel().toArray();
        double mean = 0;
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            mean += i * k[i];
            sum += k[i];
        }
        mean /= sum;
        double var = 0;
        for (int i = 0; i < k.length; i++) {
            var += (i - mean) * (i - mean) * k[i];
        }
        return Math.sqrt(var / sum) * dx;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aMissingPsfFileIsBadInput(@TempDir Path dir) throws Exception {
        Path src = stack(dir.resolve("s/a.tif"), 400, 100).getParent();
        assertThrows(BadInputException.class, () -> psf("--task", "isotropic", "--source", src.toString(), "--axes",
                "ZYX", "--subsample", "4", "--psf", dir.resolve("none.tif").toString(), "--out", "x.npz"));
    }
}
