package org.jcare.bench.tune;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.bench.RunInfo;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvTunedTable;
import org.jcare.kernels.conv.ConvVariant;

/**
 * The convolution tuner (OPENCL-KERNELS.md section 8): for the current device and each layer signature of the
 * CSBDeep default CARE U-Nets, searches the tunables of the variant the device uses and writes the winners to a
 * {@code tuned.json} the engine reads ({@link ConvTunedTable}), plus a {@code tuning-log.jsonl}.
 *
 * <p>Per signature (largest FLOPs first; the time budget is shared out evenly over the signatures still to do, so
 * one that finishes early leaves its time to the rest): the default is validated and timed first; then forward
 * and weights candidates ({@link CandidateSpace}) take turns, each first validated against the float64
 * reference on small NaN-poisoned shapes ({@link CandidateValidator}; a mismatch, NaN, build or launch failure
 * rejects it) and only then timed on the real shape with profiling events ({@link CandidateTimer}); a group's
 * winner must beat the default by {@code minGain}; the two winners are combined, validated again and timed. The
 * file keeps other devices' entries and this device's signatures that were not tuned again.
 *
 * <pre>
 * java -cp ... org.jcare.bench.tune.ConvTuner --out DIR [--seconds 120] [--max-candidates N] [--sizes gpu|cpu|tiny]
 *      [--dims 2,3] [--only name,name] [--device SPEC] [--variant cpu|gpu] [--seed N] [--fresh]
 * </pre>
 */
public final class ConvTuner {
    /**
     * What tuning one signature gave.
     *
     * @param signature     the layer
     * @param status        tuned, default (nothing beat it), skipped (no time left) or invalid-default
     * @param tunables      the winner (the default unless a candidate won); null when skipped
     * @param defaultMs     default's {forward, backward data, backward weights} ms (NaN where not timed)
     * @param tunedMs       winner's ms
     * @param winner        the winner's varied values in words
     * @param timed         candidates validated and timed
     * @param rejected      candidates rejected by validation (or failing to build or run)
     * @param staticRejects candidates dropped by the static filter
     * @param seconds       wall time spent on the signature
     */
    public record SignatureResult(LayerSignature signature, String status, ConvTunables tunables, double[] defaultMs,
                                  double[] tunedMs, String winner, int timed, int rejected, int staticRejects,
                                  double seconds) {
        /** Milliseconds a training step spends in this layer with {@code ms} (passes it needs, times its count). */
        public static double stepMs(LayerSignature s, double[] ms) {
            double t = ms[CandidateTimer.FORWARD] + ms[CandidateTimer.BACKWARD_WEIGHTS]
                    + (s.needsDataGradient() ? ms[CandidateTimer.BACKWARD_DATA] : 0);
            return t * s.count();
        }
    }

    /**
     * A finished run.
     *
     * @param device     the device name the entries are stored under
     * @param tunedFile  the written {@code tuned.json}
     * @param logFile    the written {@code tuning-log.jsonl}
     * @param signatures per signature, in the order tuned
     */
    public record Result(String device, Path tunedFile, Path logFile, List<SignatureResult> signatures) {
    }

    private final Engine engine;
    private final TunerOptions options;
    private final PrintWriter out;
    private final Map<List<Object>, ConvKernels> launchers = new HashMap<>();
    private TunerPasses.Factory factory = TunerPasses.real();

    /** A tuner on {@code engine} printing progress to {@code out}. */
    public ConvTuner(Engine engine, TunerOptions options, PrintWriter out) {
        this.engine = engine;
        this.options = options;
        this.out = out;
    }

    /** Replaces the passes the candidates run (tests give deliberately broken ones); returns this tuner. */
    public ConvTuner passes(TunerPasses.Factory passesFactory) {
        this.factory = passesFactory;
        return this;
    }

    /** Tunes every selected signature within the time budget and writes {@code tuned.json} and the log. */
    public Result run() throws IOException {
        long start = System.nanoTime();
        DeviceInfo dev = engine.device();
        ConvVariant variant = options.variant() != null ? options.variant()
                : dev.isCpu() ? ConvVariant.CPU : dev.isGpu() ? ConvVariant.GPU : null;
        if (variant == null) {
            throw new IllegalStateException("conv tuner: device " + dev.name() + " is neither a CPU nor a GPU; its"
                    + " convolutions run the naive kernels, which have no tunables");
        }
        LayerSignature.SizeSet sizes = options.sizes() != null ? options.sizes()
                : dev.isGpu() ? LayerSignature.SizeSet.GPU : LayerSignature.SizeSet.CPU;
        int cap = options.maxCandidates() > 0 ? options.maxCandidates() : variant == ConvVariant.GPU ? 12 : 6;
        ConvTunables base = ConvTunables.forDevice(dev);
        List<LayerSignature> sigs = new ArrayList<>();
        for (int d : options.dims()) {
            for (LayerSignature s : LayerSignature.care(sizes, d)) {
                if (options.only().isEmpty() || options.only().stream().anyMatch(s.name()::contains)) {
                    sigs.add(s);
                }
            }
        }
        sigs.sort((a, b) -> Double.compare(b.stepFlops(), a.stepFlops()));
        if (sigs.isEmpty()) {
            throw new IllegalArgumentException("conv tuner: no signature matches --only " + options.only());
        }
        Files.createDirectories(options.out());
        Path tunedPath = options.out().resolve(ConvTunedTable.RESOURCE);
        ObjectNode doc = TunedFile.base(tunedPath, options.fresh());
        CandidateSpace space = new CandidateSpace(dev, base, variant, options.seed());
        out.printf(Locale.ROOT, "conv tuner on %s (%s, driver %s): variant %s, %d signatures (%s sizes), budget %.0f s,"
                        + " up to %d candidates per signature and group, seed %d%n", dev.name(), dev.platformName(),
                dev.driverVersion(), variant, sigs.size(), sizes.name().toLowerCase(Locale.ROOT), options.seconds(), cap,
                options.seed());
        out.flush();
        List<SignatureResult> results = new ArrayList<>();
        try (TuningLog log = new TuningLog(options.out().resolve("tuning-log.jsonl"))) {
            ObjectNode head = TuningLog.event("start");
            head.put("device", dev.name()).put("platform", dev.platformName()).put("driver", dev.driverVersion())
                    .put("variant", variant.name()).put("sizes", sizes.name()).put("seconds", options.seconds())
                    .put("max_candidates", cap).put("seed", options.seed()).put("min_gain", options.minGain())
                    .put("commit", RunInfo.commit()).put("date", RunInfo.date());
            head.set("default", ConvTunedTable.tunablesJson(base));
            log.write(head);
            long deadline = start + (long) (options.seconds() * 1e9);
            for (int i = 0; i < sigs.size(); i++) {
                LayerSignature sig = sigs.get(i);
                long now = System.nanoTime();
                if (now >= deadline) {
                    results.add(new SignatureResult(sig, "skipped", null, null, null, "", 0, 0, 0, 0));
                    log.write(TuningLog.event("signature").put("signature", sig.name()).put("status", "skipped")
                            .put("reason", "time budget of " + options.seconds() + " s spent"));
                    out.printf(Locale.ROOT, "[%d/%d] %-30s skipped: time budget spent%n", i + 1, sigs.size(), sig.name());
                    continue;
                }
                long sigDeadline = now + (deadline - now) / (sigs.size() - i);
                SignatureResult r = tuneOne(sig, variant, space, cap, sigDeadline, log);
                results.add(r);
                printResult(i + 1, sigs.size(), r);
                engine.pool().trim();
            }
            ObjectNode entry = deviceEntry(dev, variant, sizes, base, results, (System.nanoTime() - start) / 1e9);
            TunedFile.merge(doc, dev.name(), entry);
            TunedFile.write(doc, tunedPath);
            log.write(TuningLog.event("end").put("tuned_file", tunedPath.toString())
                    .put("seconds", (System.nanoTime() - start) / 1e9));
            printSummary(results);
            out.printf(Locale.ROOT, "wrote %s (entry \"%s\": %d signatures); commit it as"
                            + " kernels/src/main/resources/org/jcare/kernels/conv/%s%n", tunedPath.toAbsolutePath(),
                    dev.name(), entry.get("signatures").size(), ConvTunedTable.RESOURCE);
            out.printf(Locale.ROOT, "log %s (%d lines)%n", log.file().toAbsolutePath(), log.lines());
            out.flush();
            return new Result(dev.name(), tunedPath, log.file(), results);
        }
    }

    private ConvKernels kernels(ConvTunables t) {
        return launchers.computeIfAbsent(List.of(t.cpu(), t.gpu()), k -> ConvKernels.on(engine, t));
    }

    private SignatureResult tuneOne(LayerSignature sig, ConvVariant variant, CandidateSpace space, int cap,
                                    long sigDeadline, TuningLog log) {
        long t0 = System.nanoTime();
        int vw = ConvTunables.forDevice(engine.device()).cpu().vw();
        Candidate def = space.defaults();
        try (CandidateValidator validator = CandidateValidator.prepare(engine, factory, variant, sig, vw);
             CandidateTimer timer = new CandidateTimer(engine, factory, variant, sig, options.warmups(), options.runs())) {
            log.write(TuningLog.event("signature").put("signature", sig.name()).put("status", "start")
                    .put("reference_seconds", validator.referenceSeconds())
                    .set("geometry", ConvTunedTable.geometryJson(sig.geometry())));
            double[] defMs = evaluate(sig, def, validator, timer, log);
            if (defMs == null) {
                return new SignatureResult(sig, "invalid-default", null, null, null, def.label(), 0, 1, 0,
                        (System.nanoTime() - t0) / 1e9);
            }
            int[] counts = {1, 0, 0}; // timed, rejected, static rejects
            Candidate bestF = def;
            Candidate bestW = def;
            double bestFScore = forwardScore(sig, defMs);
            double bestWScore = defMs[CandidateTimer.BACKWARD_WEIGHTS];
            List<Candidate> fwd = drawLogged(space, Candidate.Group.FORWARD, sig, cap, log, counts);
            List<Candidate> wgt = drawLogged(space, Candidate.Group.WEIGHTS, sig, cap, log, counts);
            List<Candidate> order = new ArrayList<>();
            for (int i = 0; i < Math.max(fwd.size(), wgt.size()); i++) {
                if (i < fwd.size()) {
                    order.add(fwd.get(i));
                }
                if (i < wgt.size()) {
                    order.add(wgt.get(i));
                }
            }
            for (int i = 0; i < order.size(); i++) {
                Candidate c = order.get(i);
                if (System.nanoTime() >= sigDeadline) {
                    for (Candidate rest : order.subList(i, order.size())) {
                        log.write(TuningLog.candidate(sig, rest.group(), rest.label(), "not-tried")
                                .put("reason", "the signature's share of the time budget is spent"));
                    }
                    break;
                }
                double[] ms = evaluate(sig, c, validator, timer, log);
                if (ms == null) {
                    counts[1]++;
                    continue;
                }
                counts[0]++;
                if (c.group() == Candidate.Group.FORWARD && forwardScore(sig, ms) < bestFScore) {
                    bestF = c;
                    bestFScore = forwardScore(sig, ms);
                } else if (c.group() == Candidate.Group.WEIGHTS && ms[CandidateTimer.BACKWARD_WEIGHTS] < bestWScore) {
                    bestW = c;
                    bestWScore = ms[CandidateTimer.BACKWARD_WEIGHTS];
                }
            }
            double keep = 1 - options.minGain();
            if (bestFScore > forwardScore(sig, defMs) * keep) {
                bestF = def;
            }
            if (bestWScore > defMs[CandidateTimer.BACKWARD_WEIGHTS] * keep) {
                bestW = def;
            }
            Candidate winner = def;
            double[] winnerMs = defMs;
            if (bestF != def || bestW != def) {
                String label = (bestF == def ? "default forward" : bestF.label()) + " | "
                        + (bestW == def ? "default weights" : bestW.label());
                Candidate combined = new Candidate(Candidate.Group.COMBINED, label,
                        space.combine(bestF.tunables(), bestW.tunables()));
                double[] ms = evaluate(sig, combined, validator, timer, log);
                String why = ms == null ? "combined candidate failed validation" : null;
                if (ms != null) {
                    // confirm under the same conditions: the default and the winner once more, back to back; the
                    // faster of each one's two timings counts (a loaded machine only ever makes things slower)
                    double[] d2 = timeAgain(timer, def);
                    double[] c2 = timeAgain(timer, combined);
                    double[] dBest = fasterOf(defMs, d2);
                    double[] cBest = fasterOf(ms, c2);
                    ObjectNode confirm = TuningLog.candidate(sig, Candidate.Group.COMBINED, label, "confirm");
                    TuningLog.times(confirm, "default_ms", d2);
                    log.write(TuningLog.times(confirm, "ms", c2));
                    if (SignatureResult.stepMs(sig, cBest) < SignatureResult.stepMs(sig, dBest) * keep) {
                        winner = combined;
                        winnerMs = cBest;
                        defMs = dBest;
                    } else {
                        why = "combined candidate is not " + Math.round(100 * options.minGain()) + "% faster than the"
                                + " default over the whole step when timed again beside it";
                    }
                }
                if (why != null) {
                    log.write(TuningLog.candidate(sig, Candidate.Group.COMBINED, label, "dropped").put("reason", why));
                }
            }
            String status = winner == def ? "default" : "tuned";
            SignatureResult r = new SignatureResult(sig, status, winner.tunables(), defMs, winnerMs, winner.label(),
                    counts[0], counts[1], counts[2], (System.nanoTime() - t0) / 1e9);
            ObjectNode done = TuningLog.event("signature").put("signature", sig.name()).put("status", status)
                    .put("winner", winner.label()).put("timed", counts[0]).put("rejected", counts[1])
                    .put("static_rejected", counts[2]).put("seconds", r.seconds());
            TuningLog.times(done, "default_ms", defMs);
            log.write(TuningLog.times(done, "ms", winnerMs));
            return r;
        }
    }

    private List<Candidate> drawLogged(CandidateSpace space, Candidate.Group group, LayerSignature sig, int cap,
                                       TuningLog log, int[] counts) {
        CandidateSpace.Drawn drawn = space.draw(group, sig, cap);
        for (CandidateSpace.Rejection r : drawn.rejected()) {
            log.write(TuningLog.candidate(sig, group, r.label(), "static-reject").put("reason", r.reason()));
        }
        counts[2] += drawn.rejected().size();
        return drawn.accepted();
    }

    /** {@code c} timed once more (every pass); NaN everywhere when that fails. */
    private double[] timeAgain(CandidateTimer timer, Candidate c) {
        try {
            return timer.time(kernels(c.tunables()), true, true);
        } catch (RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /** Per pass, the faster of two timings (NaN counts as missing). */
    private static double[] fasterOf(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Double.isNaN(b[i]) ? a[i] : Double.isNaN(a[i]) ? b[i] : Math.min(a[i], b[i]);
        }
        return out;
    }

    private static double forwardScore(LayerSignature sig, double[] ms) {
        return ms[CandidateTimer.FORWARD] + (sig.needsDataGradient() ? ms[CandidateTimer.BACKWARD_DATA] : 0);
    }

    /** Validates, then times {@code c}; null (and a log line with the reason) when it is rejected. */
    private double[] evaluate(LayerSignature sig, Candidate c, CandidateValidator validator, CandidateTimer timer,
                              TuningLog log) {
        long t0 = System.nanoTime();
        ConvKernels k = kernels(c.tunables());
        String why = validator.check(k);
        if (why != null) {
            log.write(TuningLog.candidate(sig, c.group(), c.label(), "rejected").put("reason", why)
                    .put("seconds", (System.nanoTime() - t0) / 1e9));
            return null;
        }
        double[] ms;
        try {
            ms = timer.time(k, c.timesForward(), c.timesWeights());
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            log.write(TuningLog.candidate(sig, c.group(), c.label(), "rejected")
                    .put("reason", "failed on the real shape: " + msg.lines().findFirst().orElse(msg))
                    .put("seconds", (System.nanoTime() - t0) / 1e9));
            return null;
        }
        ObjectNode n = TuningLog.candidate(sig, c.group(), c.label(), "timed");
        TuningLog.times(n, "ms", ms).put("seconds", (System.nanoTime() - t0) / 1e9);
        log.write(n);
        return ms;
    }

    private ObjectNode deviceEntry(DeviceInfo dev, ConvVariant variant, LayerSignature.SizeSet sizes, ConvTunables base,
                                   List<SignatureResult> results, double seconds) {
        ObjectNode e = TuningLog.object();
        e.put("platform", dev.platformName()).put("driver", dev.driverVersion()).put("variant", variant.name())
                .put("sizes", sizes.name().toLowerCase(Locale.ROOT)).put("commit", RunInfo.commit())
                .put("date", RunInfo.date()).put("seconds", Math.round(seconds * 10) / 10.0);
        e.put("default_note", "the built-in start point (ConvTunables.forDevice) the tuner measured against; used for"
                + " kernel sizes without a tuned signature");
        e.set("default", ConvTunedTable.tunablesJson(base));
        ArrayNode sigs = e.putArray("signatures");
        for (SignatureResult r : results) {
            if (r.tunables() == null) {
                continue;
            }
            ObjectNode s = sigs.addObject();
            s.put("layer", r.signature().name()).put("status", r.status()).put("winner", r.winner())
                    .put("count", r.signature().count()).put("needs_data_gradient", r.signature().needsDataGradient());
            s.set("geometry", ConvTunedTable.geometryJson(r.signature().geometry()));
            s.set("tunables", ConvTunedTable.tunablesJson(r.tunables()));
            TuningLog.times(s, "ms", r.tunedMs());
            TuningLog.times(s, "default_ms", r.defaultMs());
            s.put("speedup", Math.round(SignatureResult.stepMs(r.signature(), r.defaultMs())
                    / SignatureResult.stepMs(r.signature(), r.tunedMs()) * 1000) / 1000.0);
            s.put("timed", r.timed()).put("rejected", r.rejected()).put("static_rejected", r.staticRejects());
        }
        return e;
    }

    private void printResult(int i, int n, SignatureResult r) {
        if (r.tunables() == null) {
            out.printf(Locale.ROOT, "[%d/%d] %-30s %s (see the log)%n", i, n, r.signature().name(), r.status());
        } else {
            double d = SignatureResult.stepMs(r.signature(), r.defaultMs());
            double t = SignatureResult.stepMs(r.signature(), r.tunedMs());
            out.printf(Locale.ROOT, "[%d/%d] %-30s default %9.3f ms, %-7s %9.3f ms (%.2fx) | %d timed, %d rejected,"
                            + " %d static | %.1f s | %s%n", i, n, r.signature().name(), d, r.status(), t, d / t, r.timed(),
                    r.rejected(), r.staticRejects(), r.seconds(), r.winner());
        }
        out.flush();
    }

    private void printSummary(List<SignatureResult> results) {
        for (int dims : new int[] {3, 2}) {
            double d = 0;
            double t = 0;
            int n = 0;
            for (SignatureResult r : results) {
                boolean threeD = r.signature().name().startsWith("3d");
                if (r.tunables() != null && threeD == (dims == 3)) {
                    d += SignatureResult.stepMs(r.signature(), r.defaultMs());
                    t += SignatureResult.stepMs(r.signature(), r.tunedMs());
                    n++;
                }
            }
            if (n > 0) {
                out.printf(Locale.ROOT, "%dD convolutions of one training step (%d signatures tuned): default %.3f ms,"
                        + " tuned %.3f ms (%.2fx), device time%n", dims, n, d, t, d / t);
            }
        }
    }

    /** Runs the tuner; see the class comment and {@link TunerOptions#USAGE}. */
    public static void main(String[] args) throws IOException {
        TunerOptions options;
        try {
            options = TunerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        try (Engine engine = Engine.open(options.device())) {
            new ConvTuner(engine, options, out).run();
        }
    }
}
