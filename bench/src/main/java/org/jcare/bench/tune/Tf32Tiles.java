package org.jcare.bench.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceSelector;
import org.jcare.engine.cl.Devices;
import org.jcare.kernels.conv.ConvTf32Tunables;
import org.jcare.kernels.conv.ConvTf32Weights;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvTunedTable;

/**
 * Writes a {@code tuned.json} that sets the TF32 tiles of one device (the {@code "tf32"} group of its default, which
 * its tuned signatures inherit): the previous file ({@code --out DIR}'s, else the jar's) with only that changed. Point
 * {@code JCARE_CONV_TUNED} at it to run the TF32 device tests and the workloads with candidate tiles before they are
 * committed (bench/gpu/tf32probe.sh does, with {@code TF32_CANDIDATE}); the kernels check the tiles' rules when they
 * build them.
 *
 * <pre>java -cp ... org.jcare.bench.tune.Tf32Tiles --out DIR --tf32 tw,th,bn,wm,wn[,maxRegisters] --weights bm,nci,taps,seg
 *      [--stages N] [--device SPEC]</pre>
 * {@code --stages} picks the kernel generation: 0 (default) the single-stage kernels, 1 to 4 the pipelined ones
 * ({@code conv_mma.cl}) with that many stages.
 */
public final class Tf32Tiles {
    private Tf32Tiles() {
    }

    /** Sets the tiles of the device {@code device} selects (null: JCARE_DEVICE, else the first GPU) in the file. */
    public static Path write(Path outDir, String device, ConvTf32Tunables tiles) throws IOException {
        DeviceInfo dev = DeviceSelector.select(Devices.list(), DeviceSelector.effectiveSpec(device));
        Path file = outDir.resolve(ConvTunedTable.RESOURCE);
        ObjectNode root = TunedFile.base(file, false);
        ObjectNode devices = TunedFile.devices(root);
        JsonNode old = devices.get(dev.name());
        ObjectNode entry = old != null && old.isObject() ? (ObjectNode) old : devices.putObject(dev.name());
        JsonNode oldDefault = entry.get("default");
        ConvTunables base = oldDefault != null && oldDefault.isObject()
                ? ConvTunedTable.tunablesFrom(oldDefault, "tuned default", file + ", " + dev.name() + ", default")
                : ConvTunables.forDevice(dev);
        entry.set("default", ConvTunedTable.tunablesJson(new ConvTunables(base.name(), base.cpu(), base.gpu(), tiles)));
        if (!entry.has("signatures")) {
            entry.putArray("signatures");
        }
        Files.createDirectories(outDir);
        TunedFile.write(root, file);
        return file;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        String device = null;
        int[] f = null;
        int[] w = null;
        int stages = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--stages" -> stages = Integer.parseInt(args[++i]);
                case "--device" -> device = args[++i];
                case "--tf32" -> f = ints(args[++i]);
                case "--weights" -> w = ints(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null || f == null || w == null || (f.length != 5 && f.length != 6) || w.length != 4) {
            usage("need --out, --tf32 with 5 or 6 values and --weights with 4");
        }
        ConvTf32Tunables tiles = new ConvTf32Tunables(f[0], f[1], f[2], f[3], f[4], 0, f.length == 6 ? f[5] : 0, false,
                new ConvTf32Weights(w[0], w[1], w[2], w[3]), stages);
        Path file = write(out, device, tiles);
        System.out.println("wrote " + file + ": TF32 tiles " + Arrays.toString(f) + ", weights " + Arrays.toString(w)
                + ", stages " + stages);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static void usage(String why) {
        System.err.println(why + "\nusage: java -cp ... org.jcare.bench.tune.Tf32Tiles --out DIR --tf32 tw,th,bn,wm,wn[,maxRegisters]"
                + " --weights bm,nci,taps,seg [--stages N] [--device SPEC]");
        System.exit(2);
    }
}
