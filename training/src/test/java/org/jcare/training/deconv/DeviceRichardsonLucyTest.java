package org.jcare.training.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.optics.deconv.RichardsonLucy;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.PsfSampler;
import org.jcare.optics.psf.Psfs;
import org.jcare.optics.psf.VoxelGrid;
import org.jcare.optics.psf.BornWolf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeviceRichardsonLucyTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static float[] image(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (10 + (rng.nextDouble() < 0.05 ? 200 * rng.nextDouble() : rng.nextDouble()));
        }
        return a;
    }

    private static void assertClose(float[] host, float[] device, double rel, String what) {
        double max = 0;
        double err = 0;
        for (int i = 0; i < host.length; i++) {
            max = Math.max(max, Math.abs(host[i]));
            err = Math.max(err, Math.abs(host[i] - device[i]));
        }
        assertTrue(err <= rel * max, what + ": max difference " + err + " of max " + max);
    }

    @Test
    void deviceIterationEqualsTheHostOneIn2d() {
        Psf psf = Psfs.widefield(Optics.widefield(1.4, 520, 1.518), 0, 100, 100);
        int ny = 37;
        int nx = 44;
        float[] img = image(ny * nx, 1);
        for (double tv : new double[] {0, 0.01}) {
            float[] host = RichardsonLucy.deconvolve(img, 1, ny, nx, psf, 8, tv, RichardsonLucy.Listener.NONE);
            int[] seen = {0};
            float[] device = DeviceRichardsonLucy.deconvolve(engine, img, 1, ny, nx, psf, 8, tv, (d, t) -> seen[0] = d);
            assertEquals(8, seen[0]);
            assertClose(host, device, 2e-4, "2D, TV " + tv);
        }
    }

    @Test
    void deviceIterationEqualsTheHostOneIn3d() {
        Psf psf = PsfSampler.sample(new BornWolf(Optics.widefield(1.2, 520, 1.33)), new VoxelGrid(5, 7, 9, 300, 100, 100));
        int nz = 6;
        int ny = 15;
        int nx = 13;
        float[] img = image(nz * ny * nx, 2);
        float[] host = RichardsonLucy.deconvolve(img, nz, ny, nx, psf, 5, 0.005, RichardsonLucy.Listener.NONE);
        float[] device = DeviceRichardsonLucy.deconvolve(engine, img, nz, ny, nx, psf, 5, 0.005,
                RichardsonLucy.Listener.NONE);
        assertClose(host, device, 2e-4, "3D");
    }
}
