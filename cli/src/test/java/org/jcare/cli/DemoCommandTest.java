package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jcare.io.tiff.TiffReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @Test
    void shortDemoWritesEverythingItPromises(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliTesting.Result r = run(args("demo", "--out", out, "--seconds", "2")).expect(0);
        assertEquals(List.of("metrics.csv", "mice_before_after.png", "mice_restored.tif", "model/config.json",
                "model/history.csv", "model/training_curves.png", "model/training_state.safetensors",
                "model/weights.safetensors", "model/weights_best.safetensors", "model/weights_last.safetensors"),
                CliTesting.listing(out));
        assertArrayEquals(new long[] {512, 512}, new TiffReader().read(out.resolve("mice_restored.tif")).shape());
        assertTrue(r.out().contains("restored image:  " + out.resolve("mice_restored.tif")), r.out());
        assertTrue(r.out().contains("PSNR"), r.out());
        // a second run refuses to replace the first one's results
        CliTesting.Result again = run(args("demo", "--out", out, "--seconds", "2")).expect(2);
        assertTrue(again.err().contains("already exists; add --overwrite"), again.err());
    }

    @Test
    void bundledSampleAndItsProvenanceAreInTheJar() throws Exception {
        for (String n : DemoData.NAMES) {
            assertArrayEquals(new long[] {512, 512}, DemoData.noisy(n).shape());
            assertArrayEquals(new long[] {512, 512}, DemoData.clean(n).shape());
        }
        assertTrue(DemoData.provenance().contains("Licence"));
    }
}
