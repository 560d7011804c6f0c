package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode config() throws Exception {
        return (ObjectNode) JSON.readTree("{\"axes\":\"YXC\",\"n_dim\":2,\"unet_n_depth\":2,"
                + "\"train_learning_rate\":0.0004,\"nested\":{\"list\":[1,2,3],\"flag\":true,\"none\":null}}");
    }

    private static SortedMap<String, TensorData> weights(float v) {
        SortedMap<String, TensorData> w = new TreeMap<>();
        w.put("down_level_0_no_0.weight", new TensorData(new long[] {2, 1, 3, 3}, filled(18, v)));
        w.put("down_level_0_no_0.bias", new TensorData(new long[] {2}, filled(2, -v)));
        return w;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static ModelFiles full() throws Exception {
        Map<ModelFiles.Kind, SortedMap<String, TensorData>> w = new EnumMap<>(ModelFiles.Kind.class);
        w.put(ModelFiles.Kind.FINAL, weights(1));
        w.put(ModelFiles.Kind.BEST, weights(2));
        w.put(ModelFiles.Kind.LAST, weights(3));
        ObjectNode norm = (ObjectNode) JSON.readTree("{\"pmin\":2,\"pmax\":99.8}");
        return new ModelFiles(config(), w, Optional.of(norm), Optional.of("epoch,loss,val_loss\n0,1.0,1.1\n"));
    }

    @Test
    void folderRoundTripKeepsEverything() throws Exception {
        Path m = dir.resolve("model");
        ModelFiles model = full();
        ModelDirectory.save(m, model, false);
        for (String f : new String[] {"config.json", "weights.safetensors", "weights_best.safetensors",
                                      "weights_last.safetensors", "history.csv", "normalization.json"}) {
            assertTrue(Files.isRegularFile(m.resolve(f)), f);
        }
        ModelDirectory.Loaded back = ModelDirectory.load(m);
        assertEquals(ModelFiles.Kind.FINAL, back.chosen());
        assertEquals(model.config(), back.config());
        assertEquals(model.weights(), back.files().weights());
        assertEquals(model.normalization(), back.files().normalization());
        assertEquals(model.historyCsv(), back.files().historyCsv());
        assertEquals("1", Safetensors.read(m.resolve("weights.safetensors")).metadata().get("format_version"));
    }

    @Test
    void trainingStateRoundTripsInFoldersAndZips() throws Exception {
        ModelFiles base = full();
        Safetensors.Content state = new Safetensors.Content(weights(5), Map.of("epochs_done", "3", "learning_rate", "0.0002"));
        ModelFiles model = new ModelFiles(base.config(), base.weights(), base.normalization(), base.historyCsv(),
                Optional.of(state));
        for (String name : new String[] {"with_state", "with_state.zip"}) {
            Path m = dir.resolve(name);
            ModelDirectory.save(m, model, false);
            ModelDirectory.Loaded back = ModelDirectory.load(m);
            assertTrue(back.files().trainingState().isPresent(), name);
            assertEquals(state.tensors(), back.files().trainingState().get().tensors());
            assertEquals("3", back.files().trainingState().get().metadata().get("epochs_done"));
        }
        ModelDirectory.save(dir.resolve("without"), base, false);
        assertFalse(ModelDirectory.load(dir.resolve("without")).files().trainingState().isPresent());
    }

    @Test
    void loadingPrefersFinalThenBestThenLast() throws Exception {
        Map<ModelFiles.Kind, SortedMap<String, TensorData>> w = new EnumMap<>(ModelFiles.Kind.class);
        w.put(ModelFiles.Kind.LAST, weights(3));
        w.put(ModelFiles.Kind.BEST, weights(2));
        ModelDirectory.save(dir.resolve("a"), new ModelFiles(config(), w, Optional.empty(), Optional.empty()), false);
        assertEquals(ModelFiles.Kind.BEST, ModelDirectory.load(dir.resolve("a")).chosen());
        assertEquals(2f, ModelDirectory.load(dir.resolve("a")).weights().get("down_level_0_no_0.weight").values()[0]);
        w.remove(ModelFiles.Kind.BEST);
        ModelDirectory.save(dir.resolve("b"), new ModelFiles(config(), w, Optional.empty(), Optional.empty()), false);
        assertEquals(ModelFiles.Kind.LAST, ModelDirectory.load(dir.resolve("b")).chosen());
    }

    @Test
    void zipRoundTripAndZipOfAFolder() throws Exception {
        Path z = dir.resolve("model.zip");
        ModelDirectory.save(z, full(), false);
        assertTrue(Files.isRegularFile(z));
        assertEquals(full().weights(), ModelDirectory.load(z).files().weights());
        // A zip made by hand of a folder "my_model/" (as a user would), with a stray file.
        Path folder = dir.resolve("f");
        ModelDirectory.save(folder, full(), false);
        Path z2 = dir.resolve("byhand.zip");
        try (OutputStream os = Files.newOutputStream(z2); ZipOutputStream zo = new ZipOutputStream(os)) {
            for (String f : new String[] {"config.json", "weights_best.safetensors"}) {
                zo.putNextEntry(new ZipEntry("my_model/" + f));
                zo.write(Files.readAllBytes(folder.resolve(f)));
                zo.closeEntry();
            }
            zo.putNextEntry(new ZipEntry("my_model/README.txt"));
            zo.write("hello".getBytes());
            zo.closeEntry();
        }
        ModelDirectory.Loaded l = ModelDirectory.load(z2);
        assertEquals(ModelFiles.Kind.BEST, l.chosen());
        assertEquals(config(), l.config());
    }

    @Test
    void readsWeightsWrittenByPython() throws Exception {
        Path m = Files.createDirectory(dir.resolve("py"));
        Files.copy(SafetensorsTest.resource("care_f32.safetensors"), m.resolve("weights.safetensors"));
        Files.writeString(m.resolve("config.json"), "{\"n_dim\": 2}");
        ModelDirectory.Loaded l = ModelDirectory.load(m);
        assertEquals(4, l.weights().size());
        assertEquals(2, l.config().get("n_dim").asInt());
    }

    @Test
    void versionMismatchOrAbsenceSaysWhatToDo() throws Exception {
        Path m = Files.createDirectory(dir.resolve("v2"));
        Files.writeString(m.resolve("config.json"), "{}");
        Safetensors.write(m.resolve("weights.safetensors"),
                new Safetensors.Content(weights(1), Map.of("format_version", "2")), false);
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelDirectory.load(m));
        assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("format 2")
                && e.getMessage().contains("newer jcare"), e.getMessage());
        Safetensors.write(m.resolve("weights.safetensors"),
                new Safetensors.Content(weights(1), Map.of("format_version", "0")), true);
        FileFormatException old = assertThrows(FileFormatException.class, () -> ModelDirectory.load(m));
        assertTrue(old.getMessage().contains("re-save") || old.getMessage().contains("retrain"), old.getMessage());
        Files.copy(SafetensorsTest.resource("mixed_dtypes.safetensors"), m.resolve("weights.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FileFormatException none = assertThrows(FileFormatException.class, () -> ModelDirectory.load(m));
        assertTrue(none.getMessage().contains("no format_version"), none.getMessage());
    }

    @Test
    void missingPiecesAndOverwriteAreErrors() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        FileFormatException c = assertThrows(FileFormatException.class, () -> ModelDirectory.load(empty));
        assertTrue(c.getMessage().contains("config.json"), c.getMessage());
        Files.writeString(empty.resolve("config.json"), "{}");
        FileFormatException w = assertThrows(FileFormatException.class, () -> ModelDirectory.load(empty));
        assertTrue(w.getMessage().contains("weights.safetensors"), w.getMessage());
        Files.writeString(empty.resolve("config.json"), "[1, 2]");
        assertThrows(FileFormatException.class, () -> ModelDirectory.load(empty));
        assertThrows(FileFormatException.class, () -> ModelDirectory.load(dir.resolve("nowhere")));
        Path m = dir.resolve("m");
        ModelDirectory.save(m, full(), false);
        FileFormatException o = assertThrows(FileFormatException.class, () -> ModelDirectory.save(m, full(), false));
        assertTrue(o.getMessage().contains("overwrite"), o.getMessage());
        ModelDirectory.save(m, ModelFiles.of(config(), weights(5)), true);
        ModelDirectory.Loaded l = ModelDirectory.load(m);
        assertEquals(5f, l.weights().get("down_level_0_no_0.weight").values()[0]);
        assertFalse(Files.exists(m.resolve("weights_best.safetensors")), "overwrite replaces the whole folder");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary left behind");
        }
    }

    @Test
    void aZipWhoseConfigInflatesToGigabytesIsRefusedAtTheLimit() throws Exception {
        // issue 10, item 5: a model zip whose config.json inflates to 3 GB was read whole
        Path zip = dir.resolve("bomb.zip");
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("config.json"));
            for (int i = 0; i < 40; i++) {
                z.write(spaces); // 40 MiB of spaces deflate to about 40 kB
            }
            z.closeEntry();
        }
        assertTrue(Files.size(zip) < 200_000, "a small file: " + Files.size(zip));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelDirectory.load(zip));
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // the size the zip declares is refused first; inflation also stops at the same limit when it lies
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("more than a model's config.json"
                + " can be (16777216)"), e.getMessage());
        assertTrue(allocated < 96L << 20, "allocated " + allocated);
    }

    @Test
    void aZipThatUnderstatesItsConfigSizeStillStopsInflatingAtTheLimit() throws Exception {
        // the same bomb with the central directory claiming 100 bytes: the declared size is not trusted
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("config.json"));
            for (int i = 0; i < 40; i++) {
                z.write(spaces);
            }
            z.closeEntry();
        }
        byte[] b = bytes.toByteArray();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 46 <= b.length; i++) {
            if (bb.getInt(i) == 0x02014b50) { // central directory header: uncompressed size at +24
                bb.putInt(i + 24, 100);
                patched++;
            } else if (bb.getInt(i) == 0x08074b50) { // data descriptor: uncompressed size at +12
                bb.putInt(i + 12, 100);
            }
        }
        assertEquals(1, patched);
        Path zip = Files.write(dir.resolve("liar.zip"), b);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            assertEquals(100, z.getEntry("config.json").getSize(), "the zip now claims 100 bytes");
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelDirectory.load(zip));
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(e.getMessage().contains("config.json inflates to more than 16777216 bytes"), e.getMessage());
        assertTrue(allocated < 96L << 20, "allocated " + allocated);
    }

    @Test
    void extraFilesGoIntoTheSameAtomicFolder() throws Exception {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, full(), false, Map.of("training_curves.png", new byte[] {1, 2, 3}));
        assertEquals(3, Files.size(m.resolve("training_curves.png")));
        assertThrows(FileFormatException.class, () -> ModelDirectory.save(dir.resolve("n"), full(), false,
                Map.of("config.json", new byte[1])));
    }
}
