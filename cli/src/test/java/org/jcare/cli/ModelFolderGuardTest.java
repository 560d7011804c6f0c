package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderGuardTest {
    private static String[] train(Path source, Path target, Path out, String... more) {
        List<Object> a = new java.util.ArrayList<>(List.of("train", "--source", source, "--target", target, "--axes",
                "YX", "--patch-size", "32,32", "--patches-per-image", "4", "--out", out, "--unet-n-first", "4",
                "--unet-kern-size", "3", "--train-epochs", "1", "--train-steps-per-epoch", "1",
                "--train-batch-size", "2"));
        a.addAll(List.of((Object[]) more));
        return args(a.toArray());
    }

    @Test
    void overwriteNeverDeletesAFolderThatHoldsTheTrainingData(@TempDir Path dir) throws Exception {
        // issue 10, item 1: with --out the parent of --source/--target, both folders and a notes file were deleted
        Path project = dir.resolve("project");
        CliTesting.pairs(project, 64, 100, "mice");
        Files.writeString(project.resolve("notes.txt"), "my notes");
        List<String> before = CliTesting.listing(project);
        CliTesting.Result r = run(train(project.resolve("low"), project.resolve("GT"), project, "--overwrite"))
                .expect(2);
        assertTrue(r.err().contains("--out " + project + " contains the input"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(before, CliTesting.listing(project), "nothing deleted");
        // the input folder itself, spelled differently
        r = run(train(project.resolve("low"), project.resolve("GT"), project.resolve("GT/../low"), "--overwrite"))
                .expect(2);
        assertTrue(r.err().contains("is the input"), r.err());
        assertEquals(before, CliTesting.listing(project));
    }

    @Test
    void overwriteReplacesOnlyAJcareModelFolder(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path model = dir.resolve("m");
        run(train(data.resolve("low"), data.resolve("GT"), model)).expect(0);
        // a model folder is replaced
        run(train(data.resolve("low"), data.resolve("GT"), model, "--overwrite", "--seed", "3")).expect(0);
        // ... but not once it holds something else
        Files.writeString(model.resolve("notes.txt"), "keep me");
        Files.createDirectories(model.resolve("results"));
        CliTesting.Result r = run(train(data.resolve("low"), data.resolve("GT"), model, "--overwrite")).expect(2);
        assertTrue(r.err().contains("holds notes.txt, results/, which are not part of a jcare model"), r.err());
        assertEquals("keep me", Files.readString(model.resolve("notes.txt")));
        // a folder that is not a model at all
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("config.json"), "{}");
        r = run(train(data.resolve("low"), data.resolve("GT"), other, "--overwrite")).expect(2);
        assertTrue(r.err().contains("is not a jcare model (it lacks a weights file)"), r.err());
        assertTrue(Files.exists(other.resolve("config.json")));
        // a file is never replaced by a model folder
        Path file = Files.writeString(dir.resolve("f"), "x");
        r = run(train(data.resolve("low"), data.resolve("GT"), file, "--overwrite")).expect(2);
        assertTrue(r.err().contains("--out " + file + " is a file"), r.err());
    }

    @Test
    void theRulesOnTheirOwn(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("p.npz"), "x");
        Path model = Files.createDirectories(dir.resolve("m"));
        for (String f : List.of("config.json", "weights_last.safetensors", "history.csv", "training_curves.png")) {
            Files.writeString(model.resolve(f), "x");
        }
        Files.createDirectories(dir.resolve(".m.jcare-1-2"));
        Files.writeString(model.resolve(".training_curves.png.123"), "a temporary of an older jcare");
        ModelFolderGuard.check(model, List.of(data), true, false);
        ModelFolderGuard.check(model, List.of(data), false, true);
        ModelFolderGuard.check(dir.resolve("new"), List.of(data), true, false);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ModelFolderGuard.check(dir, List.of(data), true, false));
        assertTrue(e.getMessage().contains("contains the input " + data), e.getMessage());
        Files.writeString(model.resolve("a.tif"), "x");
        e = assertThrows(BadInputException.class, () -> ModelFolderGuard.check(model, List.of(data), false, true));
        assertTrue(e.getMessage().contains("--resume only continues a model folder"), e.getMessage());
    }
}
