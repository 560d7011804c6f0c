package org.jcare.bench.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeExperimentTest {
    private static final String DATA = Path.of("..", "data", "fmd").toString();

    @Test
    void oneLinePerRunAndOtherProgramsRestorationsAreScoredTheSameWay(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.jsonl");
        Path saved = dir.resolve("restored");
        // a few steps of a tiny network: the bookkeeping, not the quality, is under test here
        RecipeExperiment.main(new String[] {"--data", DATA, "--holdout", "mice", "--patches", "fresh", "--filter",
            "off", "--init", "pytorch", "--eps", "1e-8", "--epochs", "1", "--steps", "2", "--batch", "2",
            "--n-first", "2", "--kern", "3", "--seed", "3", "--json", json.toString(), "--save", saved.toString()});
        // the PyTorch CARE's path: restorations written by another program, scored by the same code
        RecipeExperiment.main(new String[] {"--data", DATA, "--holdout", "mice", "--evaluate", saved.toString(),
            "--label", "other", "--epochs", "1", "--steps", "2", "--batch", "2", "--n-first", "2", "--kern", "3",
            "--seed", "3", "--json", json.toString()});
        List<String> lines = Files.readAllLines(json);
        assertEquals(2, lines.size(), lines.toString());
        ObjectMapper m = new ObjectMapper();
        JsonNode trained = m.readTree(lines.get(0));
        JsonNode scored = m.readTree(lines.get(1));
        assertEquals("fresh-nofilter-torchinit-eps1e-8", trained.get("recipe").asText());
        assertEquals("mice", trained.get("holdout").asText());
        assertEquals(2, trained.get("steps").asInt());
        assertTrue(trained.get("best_val_loss").isNumber());
        assertEquals("other", scored.get("recipe").asText());
        assertTrue(scored.get("best_val_loss").isNull());
        for (String k : new String[] {"psnr", "ssim", "noisy_psnr", "noisy_ssim"}) {
            assertEquals(trained.path("mice").get(k).asDouble(), scored.path("mice").get(k).asDouble(), 1e-3, k);
        }
        assertEquals(25.33, trained.path("mice").get("noisy_psnr").asDouble(), 0.01, "the held-out field's noisy"
                + " PSNR, as in the README");
    }

    @Test
    void theValidationSetIsWrittenForThePyTorchCareAndBadArgumentsAreNamed(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("val.npz");
        RecipeExperiment.main(new String[] {"--data", DATA, "--holdout", "rows", "--write-validation",
            npz.toString()});
        assertTrue(Files.size(npz) > 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecipeExperiment.main(new String[] {"--data", DATA, "--holdout", "nuclei"}));
        assertTrue(e.getMessage().contains("--holdout nuclei: use rows or one of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RecipeExperiment.main(new String[] {"--frobnicate", "1"}));
        assertTrue(e.getMessage().contains("unknown argument --frobnicate"), e.getMessage());
    }
}
