package org.jcare.optics.synth;

import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.fft.ComplexFft;
import org.jcare.optics.fft.Otf;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;
import org.jcare.optics.resample.ScipyZoom;

/**
 * The synthetic pair generator (CARE paper Fig. 4, Methods "fully synthetic"; parameters in {@link SynthSettings}).
 * For each pair, on a canvas larger than the patch by the PSF's reach:
 * <ol>
 * <li>structures (tubules, granules) are drawn as point masses: into the target, each spread by the target Gaussian
 * and sampled at the voxel centres (the exact rendering of the structures at the target resolution); into a canvas
 * density map by cloud-in-cell deposition; the smooth fields (a Perlin background, and the diffuse sample component
 * when there is one; {@link SmoothField}) are sampled on the same canvas, weighted by their strengths;</li>
 * <li>one complex FFT transforms density and smooth fields together (real and imaginary parts); the widefield signal
 * is the density times the PSF's OTF divided by the cloud-in-cell kernel's transfer function (sinc^2 per axis), plus
 * the smooth fields times the OTF (the paper's order: background added before the blur); one inverse FFT returns
 * both;</li>
 * <li>the patch is cropped; the signal is scaled so the brightest blurred structure receives {@code photons}
 * photoelectrons, the smooth fields added at their strengths times that, and the camera exposes it (Poisson, read
 * noise, gain, offset);</li>
 * <li>the diffuse component belongs to the sample, so it is added to the target too, at the same strength relative
 * to the structures' density (the background, autofluorescence, is not: the network learns to remove it);</li>
 * <li>with an upsampling factor F the target lies on a grid F times finer ({@link SynthSettings#upsample()}) and the
 * camera image is zoomed to it linearly ({@link ScipyZoom#zoomLateral}, order 1);</li>
 * <li>input and target are percentile-normalized as CSBDeep's {@code create_patches} does.</li>
 * </ol>
 * A pair depends only on its seed (derived from the dataset seed and its index), so datasets are identical whatever
 * the number of threads. Instances are immutable and thread-safe.
 */
public final class SyntheticPairs {
    private static final double AREA_NM2 = 1e8; // densities are per 100 um^2

    private final SynthSettings settings;
    private final Psf psf;
    private final Canvas canvas;
    private final float[] inputTransfer;
    private final float[] backgroundTransfer;
    private final ThreadLocal<ComplexFft> fft;

    /**
     * A generator drawing with {@code settings} and imaging through {@code psf}.
     *
     * @throws IllegalArgumentException when the PSF's voxel size differs from the settings' pixel size (or z step) by
     *                                  more than 1%, or a 3D PSF is given for 2D patches or the reverse
     */
    public SyntheticPairs(SynthSettings settings, Psf psf) {
        VoxelGrid g = psf.grid();
        if (Math.abs(g.dx() - settings.pixelNm()) > 0.01 * settings.pixelNm()
                || Math.abs(g.dy() - settings.pixelNm()) > 0.01 * settings.pixelNm()) {
            throw new IllegalArgumentException("the PSF's pixel size (" + g.dy() + " x " + g.dx() + " nm) differs from"
                    + " the synthetic pixel size " + settings.pixelNm() + " nm; sample the PSF at the pixel size");
        }
        if (settings.is3d() != !psf.is2d()) {
            throw new IllegalArgumentException((settings.is3d() ? "3D patches need a 3D PSF" : "2D patches need a 2D PSF")
                    + "; got " + psf);
        }
        if (settings.is3d() && Math.abs(g.dz() - settings.zStepNm()) > 0.01 * settings.zStepNm()) {
            throw new IllegalArgumentException("the PSF's z step (" + g.dz() + " nm) differs from the synthetic z step "
                    + settings.zStepNm() + " nm");
        }
        this.settings = settings;
        this.psf = psf;
        int[] p = settings.patch();
        this.canvas = new Canvas(p[0], p[1], p[2], g.nz() / 2 + 1, g.ny() / 2 + 2, g.nx() / 2 + 2, settings.upsample());
        int nz = canvas.nz;
        int ny = canvas.ny;
        int nx = canvas.nx;
        float[] otf = Otf.of(psf, nz, ny, nx);
        this.backgroundTransfer = otf.clone();
        this.inputTransfer = otf;
        for (int z = 0; z < nz; z++) {
            double kz = ComplexFft.frequency(z, nz);
            for (int y = 0; y < ny; y++) {
                double ky = ComplexFft.frequency(y, ny);
                for (int x = 0; x < nx; x++) {
                    double kx = ComplexFft.frequency(x, nx);
                    int i = (z * ny + y) * nx + x;
                    double cic = sinc2(ky) * sinc2(kx) * (nz > 1 ? sinc2(kz) : 1);
                    inputTransfer[2 * i] /= (float) cic;
                    inputTransfer[2 * i + 1] /= (float) cic;
                }
            }
        }
        this.fft = ThreadLocal.withInitial(() -> new ComplexFft(nz, ny, nx));
    }

    private static double sinc2(double k) {
        if (k == 0) {
            return 1;
        }
        double s = Math.sin(Math.PI * k) / (Math.PI * k);
        return s * s;
    }

    /** The settings. */
    public SynthSettings settings() {
        return settings;
    }

    /** The PSF. */
    public Psf psf() {
        return psf;
    }

    /** The canvas size (z, y, x) each pair is computed on (patch plus margins, a fast FFT size). */
    public int[] canvasSize() {
        return new int[] {canvas.nz, canvas.ny, canvas.nx};
    }

    /** The seed of pair {@code index} of the dataset with seed {@code datasetSeed} (a SplitMix64 mix of both). */
    public static long pairSeed(long datasetSeed, int index) {
        long z = datasetSeed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Pair {@code index} of the dataset with seed {@code datasetSeed}. */
    public SyntheticPair generate(long datasetSeed, int index) {
        return generatePair(pairSeed(datasetSeed, index), index);
    }

    /** The pair of seed {@code seed} (recorded as {@code index}). */
    public SyntheticPair generatePair(long seed, int index) {
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom objects = rng.split();
        SplittableRandom background = rng.split();
        SplittableRandom camera = rng.split();
        SplittableRandom diffuse = rng.split(); // split last: the other streams stay what they were before it existed
        SynthSettings s = settings;
        int n = canvas.size();
        float[] z = new float[2 * n];
        float[] density = new float[n];
        float[] target = new float[canvas.targetSize()];
        double areaNm2 = canvas.ny * canvas.nx * s.pixelNm() * s.pixelNm();

        double tubuleDensity = 0;
        double lp = 0;
        float[] lengths = new float[0];
        float[] tb = new float[0];
        if (s.structure().tubules()) {
            tubuleDensity = s.tubuleDensity().uniform(objects);
            lp = s.persistenceNm().uniform(objects);
            int count = (int) Camera.poisson(tubuleDensity * areaNm2 / AREA_NM2, objects);
            lengths = new float[count];
            tb = new float[count];
            for (int t = 0; t < count; t++) {
                lengths[t] = (float) s.tubuleLengthNm().uniform(objects);
                tb[t] = (float) s.tubuleBrightness().uniform(objects);
                Tubules.draw(canvas, density, target, s, lp, lengths[t], tb[t], objects);
            }
        }
        double granuleDensity = 0;
        float[] radii = new float[0];
        float[] gb = new float[0];
        if (s.structure().granules()) {
            granuleDensity = s.granuleDensity().uniform(objects);
            int count = (int) Camera.poisson(granuleDensity * areaNm2 / AREA_NM2, objects);
            radii = new float[count];
            gb = new float[count];
            for (int g = 0; g < count; g++) {
                radii[g] = (float) s.granuleRadiusNm().logUniform(objects);
                gb[g] = (float) s.granuleBrightness().uniform(objects);
                Granules.draw(canvas, density, target, s, radii[g], gb[g], objects);
            }
        }
        double strength = s.backgroundStrength().uniform(background);
        double period = s.backgroundPeriodNm().uniform(background);
        double diffuseStrength = s.diffuseStrength().uniform(diffuse);
        double diffusePeriod = s.diffusePeriodNm().uniform(diffuse);
        for (int i = 0; i < n; i++) {
            z[2 * i] = density[i];
        }
        boolean hasBackground = strength > 0 && s.backgroundOctaves() > 0;
        if (hasBackground) {
            new SmoothField(canvas, new PerlinNoise(background), period, s.backgroundOctaves(), s.pixelNm(),
                    s.zStepNm()).addTo(z, 1, strength, canvas.ny, canvas.nx);
        }
        SmoothField diffuseField = null;
        if (diffuseStrength > 0) {
            diffuseField = new SmoothField(canvas, new PerlinNoise(diffuse), diffusePeriod, s.diffuseOctaves(),
                    s.pixelNm(), s.zStepNm());
            diffuseField.addTo(z, 1, diffuseStrength, canvas.ny, canvas.nx);
        }
        ComplexFft f = fft.get();
        f.forward(z);
        // split the transforms of the two real signals; W = S + i Bb (S = D h / cic, Bb = B h): its inverse is the
        // blurred structures (real part) and the blurred smooth fields (imaginary part)
        float[] w = new float[2 * n];
        int nz = canvas.nz;
        int ny = canvas.ny;
        int nx = canvas.nx;
        for (int iz = 0; iz < nz; iz++) {
            int mz = (nz - iz) % nz;
            for (int iy = 0; iy < ny; iy++) {
                int my = (ny - iy) % ny;
                for (int ix = 0; ix < nx; ix++) {
                    int mx = (nx - ix) % nx;
                    int i = (iz * ny + iy) * nx + ix;
                    int j = (mz * ny + my) * nx + mx;
                    float zr = z[2 * i];
                    float zi = z[2 * i + 1];
                    float cr = z[2 * j];
                    float ci = -z[2 * j + 1];
                    float dr = (zr + cr) / 2; // D(k) = (Z(k) + conj Z(-k)) / 2
                    float di = (zi + ci) / 2;
                    float br = (zi - ci) / 2; // B(k) = (Z(k) - conj Z(-k)) / (2i)
                    float bi = -(zr - cr) / 2;
                    float hr = inputTransfer[2 * i];
                    float hi = inputTransfer[2 * i + 1];
                    float sr = dr * hr - di * hi;
                    float si = dr * hi + di * hr;
                    float gr = backgroundTransfer[2 * i];
                    float gi = backgroundTransfer[2 * i + 1];
                    float bbr = br * gr - bi * gi;
                    float bbi = br * gi + bi * gr;
                    w[2 * i] = sr - bbi;
                    w[2 * i + 1] = si + bbr;
                }
            }
        }
        f.inverse(w);
        float[] signal = canvas.crop(w, 2, 0);
        float[] bg = hasBackground || diffuseField != null ? canvas.crop(w, 2, 1) : null;
        double peak = 0;
        for (int i = 0; i < signal.length; i++) {
            peak = Math.max(peak, signal[i]);
        }
        for (int i = 0; i < target.length; i++) {
            target[i] = Math.max(0, target[i]);
        }
        if (diffuseField != null) {
            addDiffuse(target, diffuseField, diffuseStrength * peak);
        }
        double photons = s.photons().logUniform(camera);
        double readNoise = s.readNoise().uniform(camera);
        double perUnit = peak > 1e-12 ? photons / peak : 0;
        float[] input = signal;
        for (int i = 0; i < input.length; i++) {
            double e = Math.max(0, signal[i]) * perUnit + (bg == null ? 0 : photons * bg[i]);
            input[i] = (float) e;
        }
        new Camera(readNoise, s.offset(), s.gain()).expose(input, camera);
        if (s.upsample() > 1) {
            input = ScipyZoom.zoomLateral(FloatImage.of("ZYX", new long[] {canvas.pz, canvas.py, canvas.px}, input),
                    s.upsample(), 1).toArray();
        }
        double pmin = s.pmin().uniform(camera);
        double pmax = s.pmax().uniform(camera);
        if (s.normalize()) {
            Percentiles.normalize(input, pmin, pmax);
            Percentiles.normalize(target, pmin, pmax);
        }
        PairParameters params = new PairParameters(index, seed, tubuleDensity, lp, lengths, tb, granuleDensity, radii,
                gb, strength, period, photons, readNoise, peak, pmin, pmax, diffuseStrength, diffusePeriod);
        return new SyntheticPair(input, target, params);
    }

    /** The canvas pairs are drawn on (for tests that draw on it themselves). */
    Canvas canvas() {
        return canvas;
    }

    /**
     * Adds the diffuse field times {@code amplitude} (object units: the structures' blurred peak times the strength)
     * to the target at its sample positions. The field is smooth on the scale of the target's Gaussian (its finest
     * octave has a period of hundreds of nm, the Gaussian a FWHM of tens), so it is sampled without that blur.
     */
    private void addDiffuse(float[] target, SmoothField field, double amplitude) {
        int o = 0;
        for (int iz = 0; iz < canvas.pz; iz++) {
            for (int j = 0; j < canvas.ty; j++) {
                double y = canvas.targetY(j);
                for (int i = 0; i < canvas.tx; i++) {
                    target[o] = (float) (target[o] + amplitude * field.at(iz + canvas.oz, y, canvas.targetX(i)));
                    o++;
                }
            }
        }
    }
}
