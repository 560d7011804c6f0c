package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.ensemble.EnsembleManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleTrainRunTest {
    @Test
    void trainsMembersOnTwoDeviceThreadsRecalibratesAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ens");
        CliTesting.Result r = run(EnsembleCliFixtures.trainArgs(out, 2, true, "--device", "0,0", "--seed", "5"))
                .expect(0);
        assertTrue(r.err().contains("training an ensemble of 2 on 0, 0"), r.err());
        assertTrue(r.out().contains("member 1 (member_01, seed 5)") && r.out().contains("member 2 (member_02, seed 6)"),
                r.out());
        assertTrue(r.err().contains("recalibration: the mixture's scale factor"), r.err());
        EnsembleManifest m = EnsembleManifest.read(out);
        assertEquals(2, m.size());
        assertTrue(m.scaleFactor() != null && m.scaleFactor() > 0);
        List<String> files = CliTesting.listing(out);
        for (String f : new String[] {"ensemble.json", "member_01/member.json", "member_01/weights.safetensors",
            "member_01/training_curves.png", "member_02/config.json"}) {
            assertTrue(files.contains(f), f + " in " + files);
        }
        assertTrue(CareConfigJson.read(out.resolve("member_02/config.json")).laplaceScaleFactor() != null,
                "each member has its own factor");

        CliTesting.Result again = run(args("train", "--ensemble", 2, "--source",
                CliTesting.sharedData().resolve("low"), "--target", CliTesting.sharedData().resolve("GT"), "--axes",
                "YX", "--patch-size", "32,32", "--patches-per-image", "8", "--out", out, "--resume")).expect(0);
        assertTrue(again.out().contains("already trained"), again.out());
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("e");
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 1, true)).expect(2).err().contains("2 to 1000 members"));
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true, "--resume")).expect(2).err()
                .contains("--resume continues with the config"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true)).expect(2).err().contains("already exists"));
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true, "--overwrite")).expect(2).err()
                .contains("neither an ensemble nor a model"));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "nothing of the user's is deleted");
        assertTrue(run(EnsembleCliFixtures.trainArgs(dir.resolve("f"), 2, true, "--device", "0,,1")).expect(2).err()
                .contains("empty entry"));
    }
}
