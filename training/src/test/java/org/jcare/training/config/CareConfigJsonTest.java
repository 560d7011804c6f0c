package org.jcare.training.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CareConfigJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Numbers compare by value (CSBDeep writes 0 and 0.5, Jackson may read ints and doubles). */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static String fixture(String name) {
        return Fixtures.text("/org/jcare/training/config/" + name);
    }

    private static CareConfig load(String name) throws IOException {
        return CareConfigJson.parse(fixture(name), name);
    }

    @Test
    void csbdeep2dDefaultLoadsAsTheDefault() throws IOException {
        assertEquals(CareConfig.builder("YX").build(), load("csbdeep_2d_default.json"));
    }

    @Test
    void csbdeep3dDefaultLoadsAsTheDefault() throws IOException {
        assertEquals(CareConfig.builder("ZYX").build(), load("csbdeep_3d_default.json"));
    }

    @Test
    void csbdeepProbabilisticLoads() throws IOException {
        CareConfig c = load("csbdeep_2d_probabilistic.json");
        assertTrue(c.probabilistic());
        assertEquals("laplace", c.trainLoss());
        assertEquals(50, c.trainStepsPerEpoch());
        assertEquals(CareConfig.builder("YX").probabilistic(true).trainStepsPerEpoch(50).build(), c);
    }

    @Test
    void oldKerasEpsilonIsMinDelta() throws IOException {
        CareConfig c = load("csbdeep_3d_two_channels_old_keras.json");
        assertEquals(new ReduceLr(0.5, 10, 0), c.trainReduceLr());
        assertEquals(2, c.nChannelIn());
        assertFalse(c.unetResidual());
        assertEquals("relu", c.unetLastActivation());
        assertEquals(1e-4, c.trainLearningRate());
        assertFalse(c.trainTensorboard());
        String written = CareConfigJson.toCsbdeepJson(c);
        assertTrue(written.contains("\"min_delta\""), written);
        assertFalse(written.contains("epsilon"), written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"csbdeep_2d_default.json", "csbdeep_3d_default.json", "csbdeep_2d_probabilistic.json"})
    void csbdeepModeRoundTripsTheFileFieldForField(String name) throws IOException {
        JsonNode original = MAPPER.readTree(fixture(name));
        JsonNode written = MAPPER.readTree(CareConfigJson.toCsbdeepJson(load(name)));
        assertTrue(original.equals(BY_VALUE, written), () -> original + "\n" + written);
        assertEquals(fieldNames(original), fieldNames(written), "CSBDeep's field order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"csbdeep_2d_default.json", "csbdeep_3d_default.json", "csbdeep_2d_probabilistic.json",
        "csbdeep_3d_two_channels_old_keras.json"})
    void jcareModeRoundTripsTheConfig(String name) throws IOException {
        CareConfig c = load(name);
        String json = CareConfigJson.toJson(c);
        assertEquals(c, CareConfigJson.parse(json, "written"));
        JsonNode tree = MAPPER.readTree(json);
        assertEquals(CareConfig.FORMAT_VERSION, tree.get("jcare").get("format_version").intValue());
    }

    @Test
    void unknownFieldsAreKeptReportedAndWrittenBack() throws IOException {
        String json = fixture("csbdeep_2d_default.json").replace("\"n_dim\": 2,",
                "\"n_dim\": 2, \"my_note\": {\"a\": [1, 2.5, null]}, \"n2v_perc_pix\": 1.5,");
        CareConfig c = CareConfigJson.parse(json, "x");
        assertEquals(Map.of("my_note", "{\"a\":[1,2.5,null]}", "n2v_perc_pix", "1.5"), c.unknownFields());
        JsonNode back = MAPPER.readTree(CareConfigJson.toJson(c));
        assertEquals(MAPPER.readTree("{\"a\": [1, 2.5, null]}"), back.get("my_note"));
        assertEquals(1.5, back.get("n2v_perc_pix").doubleValue());
        assertEquals(c, CareConfigJson.parse(CareConfigJson.toJson(c), "again"));
        assertFalse(CareConfigJson.toCsbdeepJson(c).contains("my_note"), "CSBDeep refuses unknown fields");
    }

    @Test
    void otherReduceLrKeysRoundTrip() throws IOException {
        String json = fixture("csbdeep_2d_default.json").replace("\"min_delta\": 0}",
                "\"min_delta\": 0.001, \"monitor\": \"val_loss\", \"cooldown\": 2}");
        CareConfig c = CareConfigJson.parse(json, "x");
        assertEquals(0.001, c.trainReduceLr().minDelta());
        assertEquals(Map.of("monitor", "\"val_loss\"", "cooldown", "2"), c.trainReduceLr().otherKeys());
        assertEquals(c, CareConfigJson.parse(CareConfigJson.toJson(c), "again"));
    }

    @Test
    void typeErrorsAndInvalidValuesAreReportedTogetherWithTheSource() {
        String json = "{\"axes\": \"YX\", \"unet_n_depth\": \"two\", \"probabilistic\": 1, \"unet_kern_size\": 4,"
                + " \"train_learning_rate\": \"fast\", \"train_reduce_lr\": {\"factor\": 2}, \"jcare\": "
                + "{\"format_version\": 1, \"colour\": \"red\"}}";
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfigJson.parse(json, "model/config.json"));
        List<String> fields = new ArrayList<>();
        e.violations().forEach(v -> fields.add(v.field()));
        assertEquals(List.of("unet_n_depth", "probabilistic", "train_learning_rate", "jcare.colour", "unet_kern_size",
                "train_reduce_lr.factor"), fields);
        assertTrue(e.getMessage().startsWith("model/config.json: 6 invalid values"), e.getMessage());
        assertTrue(e.getMessage().contains("unet_n_depth = 'two': an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("probabilistic = 1 (number): true or false"), e.getMessage());
    }

    @Test
    void newerFormatVersionSaysToUpgrade() {
        String json = "{\"axes\": \"YX\", \"jcare\": {\"format_version\": 2}}";
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfigJson.parse(json, "c.json"));
        assertTrue(e.getMessage().contains("jcare.format_version = 2"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade jcare"), e.getMessage());
    }

    @Test
    void nDimMustAgreeWithAxes() {
        String json = fixture("csbdeep_2d_default.json").replace("\"n_dim\": 2", "\"n_dim\": 3");
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfigJson.parse(json, "c.json"));
        assertEquals("n_dim", e.violations().get(0).field());
    }

    @Test
    void notJsonOrNotAnObjectIsAnIoError() {
        IOException a = assertThrows(IOException.class, () -> CareConfigJson.parse("{\"axes\": ", "bad.json"));
        assertTrue(a.getMessage().startsWith("bad.json is not valid JSON"), a.getMessage());
        IOException b = assertThrows(IOException.class, () -> CareConfigJson.parse("[1, 2]", "list.json"));
        assertTrue(b.getMessage().contains("must be a JSON object"), b.getMessage());
    }

    @Test
    void jcareExtensionRoundTripsAndCsbdeepModeRefusesWhatItCannotSay(@TempDir Path dir) throws IOException {
        CareConfig c = CareConfig.builder("ZYX").unetKernSizePerAxis(1, 3, 3).seed(42L).build();
        Path file = dir.resolve("config.json");
        CareConfigJson.write(c, file);
        JsonNode j = MAPPER.readTree(Files.readString(file)).get("jcare");
        assertEquals("[1,3,3]", j.get("unet_kern_size_per_axis").toString());
        assertEquals(42, j.get("seed").longValue());
        CareConfig back = CareConfigJson.read(file);
        assertEquals(c, back);
        assertArrayEquals(new int[] {1, 3, 3}, back.kernelSizePerAxis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CareConfigJson.writeCsbdeep(c, dir.resolve("csbdeep.json")));
        assertTrue(e.getMessage().contains("[1, 3, 3]"), e.getMessage());
        CareConfig uniform = CareConfig.builder("ZYX").unetKernSizePerAxis(3, 3, 3).build();
        CareConfigJson.writeCsbdeep(uniform, dir.resolve("csbdeep.json"));
        assertNull(MAPPER.readTree(Files.readString(dir.resolve("csbdeep.json"))).get("jcare"));
    }

    @Test
    void nullsSurviveTheRoundTrip() throws IOException {
        CareConfig c = CareConfig.builder("YX").trainReduceLr(null).trainCheckpoint(null).build();
        JsonNode tree = MAPPER.readTree(CareConfigJson.toCsbdeepJson(c));
        assertTrue(tree.get("train_reduce_lr").isNull());
        assertTrue(tree.get("train_checkpoint").isNull());
        assertEquals(c, CareConfigJson.parse(CareConfigJson.toJson(c), "x"));
    }

    @Test
    void missingFileNamesTheFile(@TempDir Path dir) {
        Path f = dir.resolve("nope/config.json");
        IOException e = assertThrows(IOException.class, () -> CareConfigJson.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
