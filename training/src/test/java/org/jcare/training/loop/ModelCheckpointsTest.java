package org.jcare.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.jcare.engine.Engine;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.TensorData;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.model.Weights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static TrainerState state(UNet net, List<EpochResult> history) {
        int n = Math.toIntExact(net.parameters().flatLength());
        return new TrainerState(history.size(), 1e-3, history.get(0).valLoss(), history.size() - 1, 10,
                new float[n], new float[n], history);
    }

    @Test
    void aResumedRunKeepsTheBestWeightsOfTheInterruptedOne(@TempDir Path dir) throws Exception {
        // issue 10, item 2: a resumed process started with no best weights; when no later epoch improved,
        // weights_best was deleted and weights.safetensors held the last epoch
        Path out = dir.resolve("m");
        try (UNet net = new UNet(engine, new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 4, true, false, false,
                new int[] {2, 2})).initialize(1)) {
            SortedMap<String, TensorData> best = Weights.read(net.parameters());
            net.initialize(2);
            SortedMap<String, TensorData> last = Weights.read(net.parameters());
            List<EpochResult> h = List.of(new EpochResult(1, 3, 0.5, 0.30, 1e-3, 1, true),
                    new EpochResult(2, 3, 0.4, 0.35, 1e-3, 1, false));
            new ModelCheckpoints(out, new ObjectMapper().createObjectNode().put("axes", "YXC"), best)
                    .save("weights_last", net.parameters(), state(net, h));
            ModelDirectory.Loaded saved = ModelDirectory.load(out);
            assertEquals(ModelFiles.Kind.FINAL, saved.chosen());
            assertSame(best, saved.files().weights().get(ModelFiles.Kind.BEST), "weights_best stays");
            assertSame(best, saved.files().weights().get(ModelFiles.Kind.FINAL), "weights = the best");
            assertSame(last, saved.files().weights().get(ModelFiles.Kind.LAST), "weights_last = the last epoch");
        }
    }

    @Test
    void everyCheckpointHoldsTheCurvesOfItsOwnHistory(@TempDir Path dir) throws Exception {
        // issue 10, item 12: the curve PNG was drawn after the checkpoint, so a killed run could lack it
        Path out = dir.resolve("m");
        try (UNet net = new UNet(engine, new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 4, true, false, false,
                new int[] {2, 2})).initialize(1)) {
            ModelCheckpoints c = new ModelCheckpoints(out, new ObjectMapper().createObjectNode().put("axes", "YXC"));
            List<EpochResult> h = List.of(new EpochResult(1, 2, 0.5, 0.30, 1e-3, 1, true));
            c.save("weights_best", net.parameters(), state(net, h));
            c.save("weights_last", net.parameters(), state(net, h));
            byte[] png = Files.readAllBytes(out.resolve(CurvesFigure.FILE_NAME));
            assertTrue(png.length > 1000);
            assertArrayEquals(CurvesFigure.png(h), png, "the picture of exactly this checkpoint's history");
        }
    }

    private static void assertSame(SortedMap<String, TensorData> want, SortedMap<String, TensorData> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String k : want.keySet()) {
            assertArrayEquals(want.get(k).values(), got.get(k).values(), what + ": " + k);
        }
    }
}
