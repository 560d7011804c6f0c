package org.jcare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.bench.tune.ConvTuner;
import org.jcare.bench.tune.LayerSignature;
import org.jcare.bench.tune.TunerOptions;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.kernels.conv.ConvTunedTable;
import org.jcare.kernels.conv.CpuClass;
import org.jcare.kernels.conv.UserTunedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare tune}: tunes the convolutions of the CARE networks for this device (each candidate checked against the
 * float64 reference before it is timed) and stores the winners in the user's tuned file, which every later run on
 * this device, and on CPUs of the same class (vendor, instruction set; nearest core count), uses before the table
 * shipped in the jar.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tune the convolution kernels for this device and keep the result for later runs (the user's"
            + " tuned file; CPUs of the same vendor and instruction set use it too).",
            "Example: jcare tune --seconds 300"})
final class TuneCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "120",
            description = "Search time budget in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--sizes", paramLabel = "cpu|gpu|tiny",
            description = "Layer sizes to tune for (default: by device type).")
    String sizes;

    @Option(names = "--only", paramLabel = "NAMES", split = ",",
            description = "Tune only layer signatures whose names contain one of these, for example 2d-k3.")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "The tuned file to update (default: $JCARE_TUNED_CACHE, else ~/.cache/jcare/tuned/tuned.json).")
    Path out;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = out != null ? out : UserTunedFile.path();
        if (!(seconds > 0)) {
            throw new BadInputException("--seconds " + seconds + " must be positive");
        }
        LayerSignature.SizeSet sizeSet;
        try {
            sizeSet = sizes == null ? null : LayerSignature.SizeSet.parse(sizes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--sizes " + sizes + ": use cpu, gpu or tiny");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("--out " + file + " is a folder; name the tuned file, for example "
                    + file.resolve(ConvTunedTable.RESOURCE));
        }
        Path dir = file.toAbsolutePath().getParent();
        OutputFolders.requireWritable(dir, "--out", file);
        existing(file); // a file that is not a tuned file fails now, not after the search
        Files.createDirectories(dir);
        try (OutputLock lock = OutputLock.acquire(file, "--out", "jcare tune", err);
             Engine engine = compute.open(err)) {
            Path work = Files.createTempDirectory(dir, ".tune.");
            try {
                TunerOptions o = TunerOptions.defaults();
                TunerOptions options = new TunerOptions(null, work, seconds, 0, o.seed(), sizeSet, o.dims(), only,
                        null, o.warmups(), o.runs(), o.minGain(), true);
                ConvTuner.Result r = new ConvTuner(engine, options, stdout).run();
                ObjectNode fresh = (ObjectNode) JSON.readTree(r.tunedFile().toFile());
                ObjectNode entry = (ObjectNode) fresh.path("devices").path(r.device());
                CpuClass cls = engine.device().isCpu() ? CpuClass.of(engine.device()) : null;
                if (cls != null) {
                    cls.json(entry.putObject("class"));
                }
                ObjectNode merged = merge(file, r.device(), entry);
                String text = JSON.writeValueAsString(merged) + "\n";
                ConvTunedTable.parse(text, file.toString()); // write only what the engine reads back
                AtomicFiles.write(file, true, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
                stdout.println(String.format(Locale.ROOT, "tuned %s: %s now holds its entry%s; later runs use it"
                        + " (JCARE_CONV_TUNED=none turns all tuned data off)", r.device(), file,
                        cls == null ? "" : ", which serves " + cls.vendor() + " " + cls.isa() + " CPUs too"));
                stdout.flush();
            } finally {
                AtomicFiles.deleteRecursively(work);
            }
        }
        return 0;
    }

    /** The user's file with {@code device}'s entry replaced (other devices kept); a new file when there is none. */
    private static ObjectNode merge(Path file, String device, ObjectNode entry) throws Exception {
        ObjectNode root = existing(file);
        if (root == null) {
            root = JSON.createObjectNode();
            root.put("format", ConvTunedTable.FORMAT).put("version", ConvTunedTable.VERSION);
            root.put("about", "Convolution tunables of this machine's devices, written by jcare tune; they take"
                    + " precedence over the table in the jar.");
        }
        JsonNode devices = root.get("devices");
        ObjectNode d = devices instanceof ObjectNode o ? o : root.putObject("devices");
        d.set(device, entry);
        return root;
    }

    /** The user's tuned file as JSON, null when there is none; bad input when it is not a tuned file. */
    private static ObjectNode existing(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String old = Files.readString(file, StandardCharsets.UTF_8);
        try {
            ConvTunedTable.parse(old, file.toString());
            return (ObjectNode) JSON.readTree(old);
        } catch (RuntimeException e) {
            throw new BadInputException(file + " is not a tuned convolution file (" + ExitCodes.oneLine(
                    e.getMessage()) + "); move it away or give another --out");
        }
    }
}
