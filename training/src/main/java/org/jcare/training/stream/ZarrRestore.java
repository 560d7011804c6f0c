package org.jcare.training.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.Tczyx;
import org.jcare.io.image.VolumeReader;
import org.jcare.io.zarr.Boxes;
import org.jcare.io.zarr.Codecs;
import org.jcare.io.zarr.OmeZarrImage;
import org.jcare.io.zarr.PartitionedWriter;
import org.jcare.io.zarr.Pyramid;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.StreamPlan;
import org.jcare.training.predict.StreamingPercentiles;
import org.jcare.training.predict.StreamingPredictor;

/**
 * A restoration streamed from a volume (Zarr or TIFF) to an OME-Zarr image, with bounded memory, resumable after a
 * crash, and splittable into independent units (Spark tasks). The output is written under a hidden name beside the
 * target ({@code .NAME.zarr.jcare-partial}) with its record ({@link RestoreState}) inside, and renamed onto the target
 * when every chunk and every pyramid level is complete. Level 0 is written cell by cell through a
 * {@link PartitionedWriter}, so each chunk file appears once, whole: a chunk file is the completion record of its
 * chunk, and a resumed run skips every unit whose cell is already in complete chunks or fragments.
 *
 * <p>Steps: {@link #begin} (or {@link #attach} on a worker), per time point {@link #normalizer} (two streaming passes,
 * stored), {@link #restore} of the units, {@link #finish} (leftover chunks, pyramid, metadata, rename).
 */
public final class ZarrRestore implements AutoCloseable {
    /** Where a restoration keeps its record and scratch inside the output being written. */
    public static final String STATE_DIR = ".jcare";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path output;
    private final Path partial;
    private final VolumeReader reader;
    private final Tczyx input;
    private final StreamPlan plan;
    private final RestoreSettings settings;
    private final RestoreState state;
    private final OmeZarrImage image;
    private final PartitionedWriter writer;
    private final String letters;

    private ZarrRestore(Path output, Path partial, VolumeReader reader, StreamPlan plan, RestoreSettings settings,
                        RestoreState state, OmeZarrImage image, String letters) {
        this.output = output;
        this.partial = partial;
        this.reader = reader;
        this.input = new Tczyx(reader);
        this.plan = plan;
        this.settings = settings;
        this.state = state;
        this.image = image;
        this.letters = letters;
        this.writer = new PartitionedWriter(image.level(0), partial.resolve(STATE_DIR).resolve("fragments"),
                restrict(plan.cuts(), letters));
    }

    /** The hidden folder an interrupted restoration to {@code output} leaves. */
    public static Path partialOf(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".jcare-partial");
    }

    /**
     * Starts (or, with {@code resume}, continues) the restoration of {@code inputPath} to the OME-Zarr folder
     * {@code output}.
     *
     * @param axes     axes override for the input, or null
     * @param net      the network (its geometry plans the tiles)
     * @param modelId  a fingerprint of the model ({@link ModelFingerprint}): a resumed run must use the same
     * @param resume   continue an interrupted restoration when there is one
     * @param overwrite discard an interrupted restoration (and, when done, replace an existing output)
     * @throws FileFormatException naming the output when an interrupted restoration is in the way or differs
     */
    public static ZarrRestore begin(Path inputPath, String axes, Path output, CareNetwork net, String modelId,
                                    RestoreSettings settings, boolean resume, boolean overwrite) throws IOException {
        Path partial = partialOf(output);
        VolumeReader reader = Volumes.open(inputPath, axes, settings);
        try {
            StreamingPredictor sp = new StreamingPredictor(net);
            long[] shape = new Tczyx(reader).shape();
            StreamPlan plan = sp.plan(shape, settings.predict(), settings.chunks()[0], settings.effectiveHostBudget());
            String letters = outputLetters(reader.axes().letters(), plan.outChannels());
            ObjectNode identity = identity(inputPath, reader, modelId, settings, letters);
            Path stateFile = partial.resolve(STATE_DIR).resolve("restore.json");
            boolean exists = Files.exists(partial);
            if (exists && !resume) {
                if (!overwrite) {
                    throw new FileFormatException(output, "an interrupted restoration to it is in " + partial
                            + ": add --resume to continue it, or --overwrite to start over");
                }
                AtomicFiles.deleteRecursively(partial);
                exists = false;
            }
            if (exists) {
                RestoreState state = RestoreState.read(stateFile);
                state.requireIdentity(identity, output);
                StreamPlan same = sp.plan(shape, settings.predict().withTiles(state.tileRequest()),
                        settings.chunks()[0], 0);
                return new ZarrRestore(output, partial, reader, same, settings, state, OmeZarrImage.open(partial),
                        letters);
            }
            Files.createDirectories(partial);
            RestoreState state = RestoreState.create(stateFile, identity, plan.tileRequest());
            StreamPlan fixed = sp.plan(shape, settings.predict().withTiles(state.tileRequest()), settings.chunks()[0],
                    0);
            if (fixed.grid().count() != plan.grid().count()
                    || !Arrays.equals(fixed.grid().tileShape(), plan.grid().tileShape())) {
                throw new IllegalStateException("tile counts " + Arrays.toString(plan.tileRequest())
                        + " do not reproduce the planned tiles " + plan.grid());
            }
            long[] outShape = restrict(plan.outputShape(), letters);
            Calibration cal = reader.calibration();
            OmeZarrImage image = OmeZarrImage.create(partial, settings.ngffVersion(), name(output), letters,
                    outShape, chunkShape(letters, plan.outChannels(), settings.chunks()),
                    Codecs.byName(settings.compression(), 4), cal,
                    Pyramid.factors(letters, outShape, cal, settings.pyramidLevels()), null);
            return new ZarrRestore(output, partial, reader, fixed, settings, state, image, letters);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Opens a restoration that {@link #begin} started elsewhere (a Spark executor): same input, settings and tiles.
     */
    public static ZarrRestore attach(Path inputPath, String axes, Path output, CareNetwork net, String modelId,
                                     RestoreSettings settings) throws IOException {
        if (!Files.isDirectory(partialOf(output))) {
            throw new FileFormatException(output, "no restoration in progress at " + partialOf(output));
        }
        return begin(inputPath, axes, output, net, modelId, settings, true, false);
    }

    /** The plan (units, cells, tiles). */
    public StreamPlan plan() {
        return plan;
    }

    /** The input seen as TCZYX. */
    public Tczyx input() {
        return input;
    }

    /** The folder being written. */
    public Path partial() {
        return partial;
    }

    /** The output's axes letters. */
    public String letters() {
        return letters;
    }

    /** The normalization bounds recorded for time point {@code t} ({lo, hi}), or null. */
    public float[][] recordedFrame(long t) {
        return state.frame(t);
    }

    /** Records the normalization bounds of time point {@code t} (computed elsewhere, for example by Spark tasks). */
    public void recordFrame(long t, float[] lo, float[] hi) throws IOException {
        state.setFrame(t, lo, hi);
    }

    /**
     * The normalizer of time point {@code t}: recorded, else computed by two streaming passes and recorded; null
     * when the settings do not normalize.
     */
    public PercentileNormalizer normalizer(long t) throws IOException {
        if (!settings.predict().normalize()) {
            return null;
        }
        float[][] f = state.frame(t);
        if (f == null) {
            double[][] p = StreamingPercentiles.ofFrame(input, t, settings.threads(), settings.predict().pmin(),
                    settings.predict().pmax());
            StreamingPercentiles.requireFinite(p, t, "the input");
            float[] lo = new float[p.length];
            float[] hi = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                lo[c] = (float) p[c][0];
                hi[c] = (float) p[c][1];
            }
            state.setFrame(t, lo, hi);
            f = new float[][] {lo, hi};
        }
        return PercentileNormalizer.of(f[0], f[1]);
    }

    /** The sink of the restoration's cells (level 0 of the output). */
    public StreamingPredictor.CellSink sink() {
        return new StreamingPredictor.CellSink() {
            @Override
            public void write(long[] start, int[] size, float[] data) throws IOException {
                writer.write(restrict(start, letters), Boxes.toInts(restrict(Boxes.toLongs(size), letters)), data);
            }

            @Override
            public boolean isWritten(long[] start, int[] size) throws IOException {
                return writer.isWritten(restrict(start, letters),
                        Boxes.toInts(restrict(Boxes.toLongs(size), letters)));
            }
        };
    }

    /**
     * Restores every unit not yet written, time point by time point (each normalized by its own percentiles), on this
     * machine.
     *
     * @return units restored (not skipped)
     */
    public long restore(StreamingPredictor predictor, PredictionListener listener) throws IOException {
        long frames = plan.shape()[0];
        long perFrame = plan.unitsPerFrame();
        long total = plan.unitCount();
        long restored = 0;
        for (long t = 0; t < frames; t++) {
            long first = t * perFrame;
            long last = first + perFrame;
            if (framesDone(first, last)) {
                listener.onTile(last, total);
                continue;
            }
            PercentileNormalizer n = normalizer(t);
            PercentileNormalizer[] norms = n == null ? null : new PercentileNormalizer[(int) frames];
            if (norms != null) {
                norms[(int) t] = n;
            }
            restored += predictor.run(input, plan, norms, k -> k >= first && k < last, sink(), null, true,
                    listener);
        }
        return restored;
    }

    private boolean framesDone(long first, long last) throws IOException {
        for (long k = first; k < last; k++) {
            long[][] c = plan.cell(plan.unit(k));
            if (!sink().isWritten(c[0], Boxes.toInts(c[1]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Completes the output: assembles chunks whose last fragment came from a process that died, checks that every
     * chunk is there, builds the pyramid, writes the metadata (normalization per time point included), removes the
     * record and renames the folder onto the output.
     *
     * @param modelId the model fingerprint for the metadata
     * @param overwrite replace an existing output
     */
    public void finish(String modelId, boolean overwrite) throws IOException {
        List<long[]> missing = writer.sweep();
        if (!missing.isEmpty()) {
            throw new IOException(partial + ": " + missing.size() + " chunk(s) of level 0 are missing, the first "
                    + Arrays.toString(missing.get(0)) + "; run again with --resume");
        }
        image.buildPyramid();
        image.updateMetadata(settings.ngffVersion(), name(output), reader.calibration(), metadata(modelId));
        AtomicFiles.deleteRecursively(partial.resolve(STATE_DIR));
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!overwrite) {
                throw new FileFormatException(target, "appeared while it was being written; the result is in "
                        + partial);
            }
            Path aside = target.resolveSibling("." + target.getFileName() + ".old");
            AtomicFiles.deleteRecursively(aside);
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteRecursively(aside);
        } else {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** jcare's record in the output's multiscale metadata. */
    private ObjectNode metadata(String modelId) {
        ObjectNode m = JSON.createObjectNode();
        ObjectNode j = m.putObject("jcare");
        j.put("model", modelId);
        j.set("tiles", JSON.valueToTree(state.tileRequest()));
        ObjectNode n = j.putObject("normalization");
        n.put("method", settings.predict().normalize() ? "percentile per time point and channel" : "none");
        n.put("pmin", settings.predict().pmin());
        n.put("pmax", settings.predict().pmax());
        n.set("frames", state.frames());
        return m;
    }

    /** The output's axes: the input's letters in TCZYX order, with C added for several output channels. */
    static String outputLetters(String inputLetters, int outChannels) {
        StringBuilder sb = new StringBuilder();
        for (char c : Tczyx.AXES.toCharArray()) {
            if (inputLetters.indexOf(c) >= 0 || c == 'C' && outChannels > 1) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int[] chunkShape(String letters, int channels, int[] zyx) {
        int[] c = new int[letters.length()];
        for (int i = 0; i < c.length; i++) {
            switch (letters.charAt(i)) {
                case 'T': c[i] = 1; break;
                case 'C': c[i] = channels; break;
                case 'Z': c[i] = zyx[0]; break;
                case 'Y': c[i] = zyx[1]; break;
                default: c[i] = zyx[2]; break;
            }
        }
        return c;
    }

    /** The entries of a TCZYX array for the axes in {@code letters}. */
    static long[] restrict(long[] tczyx, String letters) {
        long[] out = new long[letters.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tczyx[Tczyx.AXES.indexOf(letters.charAt(i))];
        }
        return out;
    }

    private static long[][] restrict(long[][] tczyx, String letters) {
        long[][] out = new long[letters.length()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = tczyx[Tczyx.AXES.indexOf(letters.charAt(i))];
        }
        return out;
    }

    private static ObjectNode identity(Path input, VolumeReader reader, String modelId, RestoreSettings s,
                                       String letters) {
        ObjectNode id = JSON.createObjectNode();
        id.put("input", input.toAbsolutePath().normalize().toString());
        id.put("input_axes", reader.axes().letters());
        id.set("input_shape", JSON.valueToTree(reader.shape()));
        id.put("model", modelId);
        id.put("normalize", s.predict().normalize());
        id.put("pmin", s.predict().pmin());
        id.put("pmax", s.predict().pmax());
        id.put("ngff", s.ngffVersion());
        id.set("chunks", JSON.valueToTree(s.chunks()));
        id.put("compression", s.compression().toLowerCase(Locale.ROOT));
        id.put("pyramid_levels", s.pyramidLevels());
        id.put("output_axes", letters);
        if (s.zoomZ() > 0) {
            id.put("zoom_z", s.zoomZ());
        }
        return id;
    }

    private static String name(Path output) {
        String n = output.toAbsolutePath().normalize().getFileName().toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".zarr") ? n.substring(0, n.length() - 5) : n;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
