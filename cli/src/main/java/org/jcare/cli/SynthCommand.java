package org.jcare.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jcare.io.AtomicFiles;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.synth.PairParameters;
import org.jcare.optics.synth.PairSheet;
import org.jcare.optics.synth.Range;
import org.jcare.optics.synth.Structure;
import org.jcare.optics.synth.SynthDataset;
import org.jcare.optics.synth.SynthSettings;
import org.jcare.optics.synth.SyntheticPair;
import org.jcare.optics.synth.SyntheticPairs;
import org.jcare.training.config.TaskSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare synth}: fully synthetic training pairs (CARE paper Fig. 4): tubules and/or granules imaged through a
 * widefield microscope and camera, with their ground truth at a finer resolution, written as CSBDeep training data
 * plus a sidecar JSON of every sampled parameter and a PNG sheet of examples.
 */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare synth --out FILE.npz [--structure tubules|granules|both] [--pairs N]"
                + " [--patch-size 128,128] [--seed S] [OPTIONS]",
        description = {"Simulate training pairs: structures (worm-like-chain tubules, filled granules) rendered at the"
            + " target resolution (Y), and the same structures on a Perlin background, blurred by the widefield PSF and"
            + " exposed by a camera (Poisson + read noise; X). Ranges 'a:b' are sampled per pair or per object."
            + " Writes FILE.npz (X, Y, axes; CSBDeep's format), FILE.json (settings, PSF, every sampled parameter per"
            + " pair) and FILE_pairs.png. Defaults: 1.4 NA oil widefield, 520 nm emission, 100 nm pixels.",
            "With --upsample F the targets lie on a grid F times finer than the camera's (--pixel-size / F) and X holds"
            + " the camera images zoomed linearly to that grid (CSBDeep's upsampling); the file records a lateral"
            + " upsampling task, so a model trained on it zooms its input by F at prediction by itself.",
            "Example: jcare synth --structure tubules --pairs 8000 --patch-size 128,128 --seed 1 --out tubules.npz"})
final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--structure", paramLabel = "tubules|granules|both", defaultValue = "tubules",
            description = "What the fields show (default: ${DEFAULT-VALUE}).")
    String structure;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "1000", description = "Pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--patch-size", paramLabel = "SIZES", defaultValue = "128,128", split = "[,xX]",
            splitSynopsisLabel = ",", description = "Y,X or Z,Y,X (default: ${DEFAULT-VALUE}).")
    int[] patchSize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Dataset seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pixel-size", paramLabel = "NM", defaultValue = "100",
            description = "Pixel size in nm (default: ${DEFAULT-VALUE}).")
    double pixelSize;

    @Option(names = "--z-step", paramLabel = "NM", defaultValue = "200",
            description = "Z step in nm of 3D patches (default: ${DEFAULT-VALUE}).")
    double zStep;

    @Mixin
    PsfOptions psf;

    @Option(names = "--photons", paramLabel = "A:B", defaultValue = "20:1000",
            description = "Photoelectrons at the brightest blurred structure, log-uniform per pair (default: ${DEFAULT-VALUE}).")
    String photons;

    @Option(names = "--read-noise", paramLabel = "A:B", defaultValue = "1:5",
            description = "Camera read noise in electrons, per pair (default: ${DEFAULT-VALUE}).")
    String readNoise;

    @Option(names = "--offset", paramLabel = "ADU", defaultValue = "100", description = "Camera offset (default: ${DEFAULT-VALUE}).")
    double offset;

    @Option(names = "--gain", paramLabel = "ADU/e", defaultValue = "1", description = "Camera gain (default: ${DEFAULT-VALUE}).")
    double gain;

    @Option(names = "--background-octaves", paramLabel = "N", defaultValue = "3",
            description = "Perlin octaves of the background, 0 for none (default: ${DEFAULT-VALUE}).")
    int octaves;

    @Option(names = "--background-strength", paramLabel = "A:B", defaultValue = "0:0.3",
            description = "Background amplitude relative to the brightest blurred structure (default: ${DEFAULT-VALUE}).")
    String backgroundStrength;

    @Option(names = "--background-period", paramLabel = "A:B", defaultValue = "3000:12000",
            description = "Period of the first Perlin octave in nm (default: ${DEFAULT-VALUE}).")
    String backgroundPeriod;

    @Option(names = "--tubule-density", paramLabel = "A:B", defaultValue = "3:15",
            description = "Mean tubules per 100 um^2, per pair (default: ${DEFAULT-VALUE}).")
    String tubuleDensity;

    @Option(names = "--persistence-length", paramLabel = "A:B", defaultValue = "2000:20000",
            description = "Tubule persistence length in nm, per pair (default: ${DEFAULT-VALUE}).")
    String persistence;

    @Option(names = "--tubule-length", paramLabel = "A:B", defaultValue = "5000:40000",
            description = "Tubule contour length in nm (default: ${DEFAULT-VALUE}).")
    String tubuleLength;

    @Option(names = "--tubule-width", paramLabel = "NM", defaultValue = "25",
            description = "FWHM of a tubule's cross-section in nm (default: ${DEFAULT-VALUE}; ~50 with antibodies).")
    double tubuleWidth;

    @Option(names = "--tubule-brightness", paramLabel = "A:B", defaultValue = "0.5:1.5",
            description = "Relative brightness per tubule (default: ${DEFAULT-VALUE}).")
    String tubuleBrightness;

    @Option(names = "--granule-density", paramLabel = "A:B", defaultValue = "6:50",
            description = "Mean granules per 100 um^2, per pair (default: ${DEFAULT-VALUE}).")
    String granuleDensity;

    @Option(names = "--granule-radius", paramLabel = "A:B", defaultValue = "60:200",
            description = "Granule radius in nm, log-uniform (default: ${DEFAULT-VALUE}).")
    String granuleRadius;

    @Option(names = "--granule-brightness", paramLabel = "A:B", defaultValue = "0.5:1.5",
            description = "Relative brightness per granule (default: ${DEFAULT-VALUE}).")
    String granuleBrightness;

    @Option(names = "--target-fwhm", paramLabel = "NM", defaultValue = "0",
            description = "Lateral FWHM of the targets' rendering in nm; 0 = 1.2 pixels (default).")
    double targetFwhm;

    @Option(names = "--target-fwhm-z", paramLabel = "NM", defaultValue = "0",
            description = "Axial FWHM of 3D targets in nm; 0 = 1.2 z steps (default).")
    double targetFwhmZ;

    @Option(names = "--upsample", paramLabel = "F", defaultValue = "1",
            description = "Target grid F times finer than the camera's, 1-8 (default: ${DEFAULT-VALUE}); X is zoomed to it.")
    int upsample;

    @Option(names = "--diffuse-strength", paramLabel = "A:B", defaultValue = "0",
            description = "Diffuse sample component (cytoplasmic signal, in the targets too) relative to the brightest"
                    + " blurred structure, per pair; 0 = none (default: ${DEFAULT-VALUE}).")
    String diffuseStrength;

    @Option(names = "--diffuse-period", paramLabel = "A:B", defaultValue = "1000:4000",
            description = "Period of the diffuse component's first Perlin octave in nm (default: ${DEFAULT-VALUE}).")
    String diffusePeriod;

    @Option(names = "--diffuse-octaves", paramLabel = "N", defaultValue = "2",
            description = "Perlin octaves of the diffuse component (default: ${DEFAULT-VALUE}).")
    int diffuseOctaves;

    @Option(names = "--pmin", paramLabel = "A:B", defaultValue = "1:3",
            description = "Lower normalization percentile, per pair (default: ${DEFAULT-VALUE}).")
    String pmin;

    @Option(names = "--pmax", paramLabel = "A:B", defaultValue = "99.5:99.9",
            description = "Upper normalization percentile, per pair (default: ${DEFAULT-VALUE}).")
    String pmax;

    @Option(names = "--no-normalize", description = "Keep raw camera ADU (X) and object units (Y).")
    boolean noNormalize;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--sheet-rows", paramLabel = "N", defaultValue = "6",
            description = "Example pairs in the PNG sheet (default: ${DEFAULT-VALUE}).")
    int sheetRows;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "The training data to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String name = out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            throw new BadInputException("--out " + out + ": name the file *.npz (numpy zip, as CSBDeep reads it)");
        }
        if (pairs < 1) {
            throw new BadInputException("--pairs " + pairs + ": give at least 1");
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new BadInputException("--threads " + threadCount + ": give at least 1");
        }
        SynthSettings settings = settings();
        Psf p = psf.psf(settings.is3d() ? settings.zStepNm() : 0, settings.pixelNm(), settings.pixelNm());
        SyntheticPairs generator;
        try {
            generator = new SyntheticPairs(settings, p);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        String stem = name.substring(0, name.length() - 4);
        Path json = out.resolveSibling(stem + ".json");
        Path sheet = out.resolveSibling(stem + "_pairs.png");
        List<Path> inputs = psf.psfFile == null ? List.of() : List.of(psf.psfFile);
        try (Outputs outputs = new Outputs(overwrite, inputs)) {
            outputs.claimFile(out);
            outputs.claimFile(json);
            outputs.claimFile(sheet);
            outputs.folder(out.toAbsolutePath().getParent());
            long t0 = System.nanoTime();
            List<SyntheticPair> result;
            try (Progress progress = Progress.start("synth", pairs, 0, err, root.interactive, null)) {
                int step = Math.max(1, pairs / 10);
                int[] lastLine = {0};
                result = SynthDataset.generate(generator, seed, pairs, threadCount, (done, total) -> {
                    synchronized (lastLine) {
                        progress.update(done, null);
                        if (done - lastLine[0] >= step || done == total) {
                            lastLine[0] = done;
                            progress.line("synth: " + done + "/" + total + " pairs");
                        }
                    }
                });
                progress.done();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            TaskSpec task = SynthNpz.task(settings, p.description());
            SynthNpz.write(out, SynthDataset.toTrainingData(result, settings), task, overwrite);
            outputs.written(out);
            writeSidecar(json, settings, p, task, result, seconds, threadCount);
            outputs.written(json);
            PairSheet.write(sheet, result, settings, sheetRows, overwrite);
            outputs.written(sheet);
            outputs.commit();
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "generated %d %s pairs of %s in %.1f s on %d threads (canvas %s, PSF %s)%n", pairs,
                    settings.structure().label(), joined(settings.patch(), settings.is3d()), seconds, threadCount,
                    joined(generator.canvasSize(), settings.is3d()), p.description());
            if (settings.upsample() > 1) {
                o.printf(Locale.ROOT, "targets at %.1f nm (x%d), inputs zoomed to them; task: %s%n",
                        settings.targetPixelNm(), settings.upsample(), task);
            }
            o.println("wrote " + out + ", " + json + ", " + sheet);
            o.flush();
        }
        return 0;
    }

    private SynthSettings settings() {
        int[] zyx;
        if (patchSize.length == 2) {
            zyx = new int[] {1, patchSize[0], patchSize[1]};
        } else if (patchSize.length == 3) {
            zyx = patchSize.clone();
        } else {
            throw new BadInputException("--patch-size: give Y,X or Z,Y,X, for example 128,128");
        }
        try {
            return new SynthSettings(Structure.parse(structure), zyx, pixelSize, zStep,
                    Range.parse(tubuleDensity, "--tubule-density"), Range.parse(persistence, "--persistence-length"),
                    Range.parse(tubuleLength, "--tubule-length"), tubuleWidth,
                    Range.parse(tubuleBrightness, "--tubule-brightness"), Range.parse(granuleDensity, "--granule-density"),
                    Range.parse(granuleRadius, "--granule-radius"), Range.parse(granuleBrightness, "--granule-brightness"),
                    targetFwhm, targetFwhmZ, octaves, Range.parse(backgroundStrength, "--background-strength"),
                    Range.parse(backgroundPeriod, "--background-period"), Range.parse(photons, "--photons"),
                    Range.parse(readNoise, "--read-noise"), offset, gain, Range.parse(pmin, "--pmin"),
                    Range.parse(pmax, "--pmax"), !noNormalize, upsample, Range.parse(diffuseStrength, "--diffuse-strength"),
                    Range.parse(diffusePeriod, "--diffuse-period"), diffuseOctaves);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private void writeSidecar(Path json, SynthSettings s, Psf p, TaskSpec task, List<SyntheticPair> result,
            double seconds, int threadCount) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", "jcare synth");
        root.put("version", new Version().getVersion()[0]);
        root.put("seed", seed);
        root.put("pairs", result.size());
        root.put("axes", s.is3d() ? "SCZYX" : "SCYX");
        if (!task.isStandard()) {
            root.put("task", new ObjectMapper().readTree(task.toJson()));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("structure", s.structure().label());
        settings.put("patch_zyx", s.patch());
        settings.put("pixel_nm", s.pixelNm());
        settings.put("z_step_nm", s.is3d() ? s.zStepNm() : null);
        settings.put("tubule_density_per_100um2", s.tubuleDensity().toString());
        settings.put("persistence_length_nm", s.persistenceNm().toString());
        settings.put("tubule_length_nm", s.tubuleLengthNm().toString());
        settings.put("tubule_width_fwhm_nm", s.tubuleWidthNm());
        settings.put("tubule_brightness", s.tubuleBrightness().toString());
        settings.put("granule_density_per_100um2", s.granuleDensity().toString());
        settings.put("granule_radius_nm", s.granuleRadiusNm().toString());
        settings.put("granule_brightness", s.granuleBrightness().toString());
        settings.put("target_fwhm_nm", s.effectiveTargetFwhmNm());
        settings.put("target_fwhm_z_nm", s.is3d() ? s.effectiveTargetFwhmZNm() : null);
        settings.put("background_octaves", s.backgroundOctaves());
        settings.put("background_strength", s.backgroundStrength().toString());
        settings.put("background_period_nm", s.backgroundPeriodNm().toString());
        settings.put("photons", s.photons().toString());
        settings.put("read_noise_e", s.readNoise().toString());
        settings.put("offset_adu", s.offset());
        settings.put("gain_adu_per_e", s.gain());
        settings.put("pmin", s.pmin().toString());
        settings.put("pmax", s.pmax().toString());
        settings.put("normalized", s.normalize());
        settings.put("upsample", s.upsample());
        settings.put("target_pixel_nm", s.targetPixelNm());
        settings.put("diffuse_strength", s.diffuseStrength().toString());
        settings.put("diffuse_period_nm", s.diffusePeriodNm().toString());
        settings.put("diffuse_octaves", s.diffuseOctaves());
        root.put("settings", settings);
        Map<String, Object> psfInfo = new LinkedHashMap<>();
        psfInfo.put("description", p.description());
        psfInfo.put("voxels_zyx", new int[] {p.grid().nz(), p.grid().ny(), p.grid().nx()});
        psfInfo.put("voxel_nm_zyx", new double[] {p.grid().dz(), p.grid().dy(), p.grid().dx()});
        psfInfo.put("fwhm_x_nm", p.fwhmNm('x'));
        if (!p.is2d()) {
            psfInfo.put("fwhm_z_nm", p.fwhmNm('z'));
        }
        root.put("psf", psfInfo);
        root.put("seconds", seconds);
        root.put("threads", threadCount);
        List<PairParameters> params = result.stream().map(SyntheticPair::parameters).toList();
        root.put("pair_parameters", params);
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        byte[] bytes = mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(json, overwrite, tmp -> Files.write(tmp, bytes));
    }

    private static String joined(int[] zyx, boolean threeD) {
        return threeD ? zyx[0] + "x" + zyx[1] + "x" + zyx[2] : zyx[1] + "x" + zyx[2];
    }
}
