package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFoldersTest {
    @Test
    void aFileInThePathIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> OutputFolders.requireWritable(file.resolve("out/deeper"), "--output", file.resolve("out")));
        assertTrue(e.getMessage().contains(file + " is a file, not a folder"), e.getMessage());
        OutputFolders.requireWritable(dir.resolve("new/deeper"), "--output", dir.resolve("new/deeper"));
        assertFalse(Files.exists(dir.resolve("new")), "checking creates nothing");
    }

    @Test
    void anUnwritableFolderSaysPermissionDeniedBeforeAnyWork(@TempDir Path dir) throws Exception {
        // issue 10, item 9: output-folder errors said neither why nor came before the expensive work
        Path sys = Path.of("/sys/kernel");
        assumeTrue(Files.isDirectory(sys), "needs Linux sysfs, which refuses new files even to root");
        BadInputException e = assertThrows(BadInputException.class,
                () -> OutputFolders.requireWritable(sys.resolve("jcare-out"), "--out", sys.resolve("jcare-out")));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        Path data = CliTesting.sharedData();
        CliTesting.Result r = run(args("train", "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--axes", "YX", "--patch-size", "32,32", "--out", sys.resolve("jcare-out"))).expect(2);
        assertTrue(r.err().contains("--out " + sys.resolve("jcare-out") + ": permission denied"), r.err());
        assertFalse(r.err().contains("reading"), "refused before the images were read: " + r.err());
        Path in = dir.resolve("a.tif");
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in);
        r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", sys.resolve("x")))
                .expect(2);
        assertTrue(r.err().contains("--output " + sys.resolve("x") + ": permission denied"), r.err());
        Path file = Files.writeString(dir.resolve("file"), "x");
        r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", file.resolve("sub")))
                .expect(2);
        assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
    }
}
