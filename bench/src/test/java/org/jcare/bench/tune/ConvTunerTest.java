package org.jcare.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvPasses;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvTunedTable;
import org.jcare.kernels.conv.ConvVariant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuner on PoCL at tiny sizes, one signature and two candidates per group (each candidate costs a kernel
 * build): it validates before timing, rejects deliberately broken candidates with their reasons, and writes a
 * tuned file the engine reads.
 */
class ConvTunerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static TunerOptions options(Path out, String only, ConvVariant variant, double minGain) {
        return new TunerOptions(null, out, 120, 2, 1, LayerSignature.SizeSet.TINY, List.of(2), List.of(only), variant, 1,
                3, minGain, true);
    }

    private static List<JsonNode> log(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /**
     * Passes that break every candidate whose forward tunables differ from the default (the last output element
     * is never written, so it keeps the pool's NaN poison) and every one whose weights tunables differ (dw is
     * doubled: a plain mismatch).
     */
    private static TunerPasses.Factory broken(ConvTunables.Cpu d) {
        return (e, kernels, variant, g) -> {
            TunerPasses real = TunerPasses.real().open(e, kernels, variant, g);
            ConvTunables.Cpu c = kernels.tunables().cpu();
            boolean forward = c.rwv() != d.rwv() || c.rco() != d.rco() || c.localSize() != d.localSize()
                    || c.ns() != d.ns() || c.cb() != d.cb();
            boolean weights = c.wrco() != d.wrco() || c.wrt() != d.wrt() || c.wlocal() != d.wlocal()
                    || c.stripsPerChunk() != d.stripsPerChunk();
            return new TunerPasses() {
                @Override
                public Tensor forward(Tensor x, Tensor weight, Tensor bias, boolean relu) {
                    Tensor y = real.forward(x, weight, bias, relu);
                    if (!forward) {
                        return y;
                    }
                    Tensor z = e.empty(y.shape());
                    e.cl().copy(y.buffer(), 0, z.buffer(), 0, (y.numel() - 1) * 4);
                    y.close();
                    return z;
                }

                @Override
                public ConvPasses.Gradient gradient(Tensor dy, Tensor reluOutput) {
                    return real.gradient(dy, reluOutput);
                }

                @Override
                public Tensor backwardData(ConvPasses.Gradient grad, Tensor weight, Shape xShape) {
                    return real.backwardData(grad, weight, xShape);
                }

                @Override
                public Tensor[] backwardWeights(Tensor x, ConvPasses.Gradient grad, Shape weightShape, boolean bias) {
                    Tensor[] r = real.backwardWeights(x, grad, weightShape, bias);
                    if (weights) {
                        e.accumulate(r[0], r[0]);
                    }
                    return r;
                }
            };
        };
    }

    @Test
    void brokenCandidatesAreRejectedBeforeTimingAndTheDefaultIsKept(@TempDir Path dir) throws Exception {
        ConvTunables def = ConvTunables.forDevice(engine.device());
        StringWriter text = new StringWriter();
        ConvTuner.Result r = new ConvTuner(engine, options(dir, "2d-k5-32-32", ConvVariant.CPU, 0.02), new PrintWriter(text))
                .passes(broken(def.cpu())).run();

        assertEquals(1, r.signatures().size());
        ConvTuner.SignatureResult s = r.signatures().get(0);
        assertEquals("default", s.status(), text.toString());
        assertEquals(1, s.timed(), "only the default is timed");
        assertTrue(s.rejected() >= 2, "a forward and a weights candidate are rejected: " + s.rejected());

        List<JsonNode> log = log(r.logFile());
        assertEquals("start", log.get(0).path("event").asText());
        assertEquals("end", log.get(log.size() - 1).path("event").asText());
        boolean forwardRejected = false;
        boolean weightsRejected = false;
        for (JsonNode n : log) {
            if (!n.path("event").asText().equals("candidate")) {
                continue;
            }
            String group = n.path("group").asText();
            String status = n.path("status").asText();
            String reason = n.path("reason").asText();
            assertFalse(status.equals("timed") && !group.equals("default"), "a broken candidate was timed: " + n);
            if (status.equals("rejected") && group.equals("forward")) {
                forwardRejected = true;
                assertTrue(reason.contains("forward") && reason.contains("1 non-finite"), reason);
            }
            if (status.equals("rejected") && group.equals("weights")) {
                weightsRejected = true;
                assertTrue(reason.contains("mismatch") && reason.contains("backward-weights dw"), reason);
            }
        }
        assertTrue(forwardRejected && weightsRejected, "both kinds of broken candidate were tried");

        ConvTunedTable table = ConvTunedTable.read(r.tunedFile());
        ConvGeometry g = s.signature().geometry();
        assertEquals(def.cpu(), table.lookup(engine.device(), g).cpu());
        assertTrue(text.toString().contains("wrote " + r.tunedFile().toAbsolutePath()), text.toString());
    }

    @Test
    void realCandidatesAreTimedAndTheWinnerIsWhatTheEngineLooksUp(@TempDir Path dir) throws Exception {
        StringWriter text = new StringWriter();
        ConvTuner.Result r = new ConvTuner(engine, options(dir, "2d-k5-32-32", null, 0.02), new PrintWriter(text)).run();
        ConvTuner.SignatureResult s = r.signatures().get(0);
        assertTrue(s.timed() >= 2, "the default and at least one candidate: " + text);
        assertEquals(0, s.rejected(), text.toString());
        for (double ms : s.tunedMs()) {
            assertTrue(ms > 0, "every pass of the winner is timed");
        }
        ConvTunables found = ConvTunedTable.read(r.tunedFile()).lookup(engine.device(), s.signature().geometry());
        assertEquals(s.tunables().cpu(), found.cpu());
        // the engine's launcher for that geometry is built with the winner when the table is the tuned file
        ConvKernels k = new org.jcare.kernels.conv.ConvLaunchers(engine, ConvTunedTable.read(r.tunedFile()))
                .forGeometry(s.signature().geometry());
        assertEquals(s.tunables().cpu(), k.tunables().cpu());
    }

    @Test
    void theGpuVariantIsTunedOnPoclToo(@TempDir Path dir) throws Exception {
        // the GPU-shaped kernels run on any device when forced: this exercises the GPU candidate space, its
        // static filter against the device's real limits, validation and timing without a GPU (a winner would
        // need to be twice as fast: no combined candidate, one kernel build less on a slow CI machine)
        StringWriter text = new StringWriter();
        ConvTuner.Result r = new ConvTuner(engine, options(dir, "2d-k1-32-1", ConvVariant.GPU, 0.5), new PrintWriter(text))
                .run();
        ConvTuner.SignatureResult s = r.signatures().get(0);
        assertTrue(s.timed() >= 1 && s.rejected() == 0, text.toString());
        List<JsonNode> log = log(r.logFile());
        assertTrue(log.stream().anyMatch(n -> n.path("group").asText().equals("forward")
                && n.path("candidate").asText().startsWith("tw")), "GPU forward candidates were drawn");
        JsonNode entry = JSON.readTree(Files.readString(r.tunedFile())).path("devices").path(engine.device().name());
        assertEquals("GPU", entry.path("variant").asText());
    }
}
