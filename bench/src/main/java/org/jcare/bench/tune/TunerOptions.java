package org.jcare.bench.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.kernels.conv.ConvVariant;

/**
 * What the tuner does, from the command line or from code.
 *
 * @param device        device spec (index, gpu, cpu or part of a name); null = JCARE_DEVICE, else the first GPU
 * @param out           folder that receives {@code tuned.json} and {@code tuning-log.jsonl}
 * @param seconds       time budget of the search (signatures not reached in time keep the defaults)
 * @param maxCandidates candidates per signature and group, the current default included
 * @param seed          seed of the random sample
 * @param sizes         spatial buckets; null = by device type (gpu on GPUs, cpu on CPUs)
 * @param dims          dimensionalities to tune (2, 3 or both)
 * @param only          signature names (or parts of them) to tune; empty = all
 * @param variant       CPU or GPU; null = by device type
 * @param warmups       untimed runs per pass
 * @param runs          timed runs per pass (the median counts)
 * @param minGain       relative speed-up over the default a candidate needs to win (protects against noise)
 * @param fresh         start from an empty file instead of merging into {@code out/tuned.json} or the resource
 */
public record TunerOptions(String device, Path out, double seconds, int maxCandidates, long seed,
                           LayerSignature.SizeSet sizes, List<Integer> dims, List<String> only, ConvVariant variant,
                           int warmups, int runs, double minGain, boolean fresh) {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: java -cp ... org.jcare.bench.tune.ConvTuner [options]",
            "  --out DIR            where tuned.json and tuning-log.jsonl go (default tuned-conv)",
            "  --seconds S          search time budget (default 120)",
            "  --max-candidates N   candidates per signature and group, default included (default 12 GPU, 6 CPU)",
            "  --device SPEC        index, gpu, cpu or part of a name (default JCARE_DEVICE, else first GPU)",
            "  --sizes gpu|cpu|tiny spatial buckets (default by device type)",
            "  --dims 2,3           dimensionalities (default 2,3)",
            "  --only a,b           signature names or parts of them",
            "  --variant cpu|gpu    kernel variant to tune (default by device type)",
            "  --seed N             random sample seed (default 1)",
            "  --warmups N --runs N timing: untimed and timed runs per pass (default 2 and 5, median)",
            "  --min-gain F         speed-up over the default a winner needs (default 0.02)",
            "  --fresh              do not merge into an existing tuned.json");

    /** Checks the values. */
    public TunerOptions {
        List<String> bad = new ArrayList<>();
        if (!(seconds > 0)) {
            bad.add("seconds " + seconds + " must be positive");
        }
        if (maxCandidates < 0) {
            bad.add("max candidates " + maxCandidates + " must be >= 1 (0 = by device type)");
        }
        if (runs < 1 || warmups < 0) {
            bad.add("runs " + runs + " must be >= 1 and warmups " + warmups + " >= 0");
        }
        if (dims.isEmpty() || dims.stream().anyMatch(d -> d != 2 && d != 3)) {
            bad.add("dims " + dims + " must be 2 and/or 3");
        }
        if (variant != null && variant != ConvVariant.CPU && variant != ConvVariant.GPU) {
            bad.add("variant " + variant + " has no tunables: use cpu or gpu");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("tuner options: " + String.join("; ", bad));
        }
        dims = List.copyOf(dims);
        only = List.copyOf(only);
    }

    /** The defaults: 120 s, candidates by device type, all CARE signatures, output in {@code tuned-conv}. */
    public static TunerOptions defaults() {
        return new TunerOptions(null, Path.of("tuned-conv"), 120, 0, 1, null, List.of(2, 3), List.of(), null, 2, 5,
                0.02, false);
    }

    /** Options from command-line arguments (see {@link #USAGE}). */
    public static TunerOptions parse(String[] args) {
        TunerOptions o = defaults();
        String device = o.device;
        Path out = o.out;
        double seconds = o.seconds;
        int max = o.maxCandidates;
        long seed = o.seed;
        LayerSignature.SizeSet sizes = o.sizes;
        List<Integer> dims = o.dims;
        List<String> only = o.only;
        ConvVariant variant = o.variant;
        int warmups = o.warmups;
        int runs = o.runs;
        double minGain = o.minGain;
        boolean fresh = o.fresh;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (a.equals("--fresh")) {
                fresh = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("tuner: " + a + " needs a value (or is unknown)\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--device" -> device = v;
                case "--out" -> out = Path.of(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--max-candidates" -> max = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--sizes" -> sizes = LayerSignature.SizeSet.parse(v);
                case "--dims" -> dims = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--only" -> only = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "--variant" -> variant = ConvVariant.valueOf(v.trim().toUpperCase(Locale.ROOT));
                case "--warmups" -> warmups = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--min-gain" -> minGain = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("tuner: unknown argument " + a + "\n" + USAGE);
            }
        }
        return new TunerOptions(device, out, seconds, max, seed, sizes, dims, only, variant, warmups, runs, minGain,
                fresh);
    }

    /** These options with another output folder. */
    public TunerOptions withOut(Path folder) {
        return new TunerOptions(device, folder, seconds, maxCandidates, seed, sizes, dims, only, variant, warmups, runs,
                minGain, fresh);
    }
}
