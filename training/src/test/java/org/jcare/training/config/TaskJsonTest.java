package org.jcare.training.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The task in config.json: CSBDeep's proj_* fields, the jcare task fields, old files as standard. */
class TaskJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CSBDeep 0.8 ProjectionConfig('ZYX', 1, 1) as json.dumps(vars(config)) writes it. */
    private static final String CSBDEEP_PROJECTION = "{\"n_dim\": 3, \"axes\": \"ZYXC\", \"n_channel_in\": 1,"
            + " \"n_channel_out\": 1, \"train_checkpoint\": \"weights_best.h5\", \"train_checkpoint_last\":"
            + " \"weights_last.h5\", \"train_checkpoint_epoch\": \"weights_now.h5\", \"probabilistic\": false,"
            + " \"unet_residual\": true, \"unet_n_depth\": 3, \"unet_kern_size\": 3, \"unet_n_first\": 32,"
            + " \"unet_last_activation\": \"linear\", \"unet_input_shape\": [null, null, null, 1], \"train_loss\": \"mae\","
            + " \"train_epochs\": 100, \"train_steps_per_epoch\": 20, \"train_learning_rate\": 0.0004,"
            + " \"train_batch_size\": 8, \"train_tensorboard\": true, \"train_reduce_lr\": {\"factor\": 0.5,"
            + " \"patience\": 10, \"min_delta\": 0}, \"proj_axis\": \"Z\", \"proj_n_depth\": 4, \"proj_n_filt\": 8,"
            + " \"proj_n_conv_per_depth\": 1, \"proj_kern\": [3, 3, 3], \"proj_pool\": [1, 2, 2]}";

    @Test
    void aCsbdeepProjectionConfigLoadsAsAProjectionModelAndWritesBackTheSameFields() throws Exception {
        CareConfig c = CareConfigJson.parse(CSBDEEP_PROJECTION, "config.json");
        assertEquals(TaskKind.PROJECTION, c.task().kind());
        assertEquals(new ProjectionParams("Z", 4, 8, 1, new int[] {3, 3, 3}, new int[] {1, 2, 2}), c.task().projection());
        assertTrue(c.unknownFields().isEmpty(), "proj_* are known fields now: " + c.unknownFields());
        JsonNode back = JSON.readTree(CareConfigJson.toCsbdeepJson(c));
        JsonNode original = JSON.readTree(CSBDEEP_PROJECTION);
        assertEquals(original, back, "CSBDeep's own file round-trips field for field");
        JsonNode withJcare = JSON.readTree(CareConfigJson.toJson(c));
        assertEquals("projection", withJcare.get("jcare").get("task").textValue());
        assertEquals(c, CareConfigJson.parse(CareConfigJson.toJson(c), "again"));
    }

    @Test
    void projectionDefaultsResolveFromTheAxes() throws Exception {
        CareConfig c = CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).build();
        assertArrayEquals(new int[] {3, 3, 3}, c.task().projection().kern());
        assertArrayEquals(new int[] {1, 2, 2}, c.task().projection().pool());
        JsonNode j = JSON.readTree(CareConfigJson.toJson(c));
        assertEquals(4, j.get("proj_n_depth").intValue());
        assertEquals("[1,2,2]", j.get("proj_pool").toString());
    }

    @Test
    void isotropicAndUpsamplingRecordTheirFactorAndPsfInTheJcareSection() throws Exception {
        CareConfig iso = CareConfig.builder("YX").task(TaskSpec.isotropic(4.5, "psf.tif")).build();
        JsonNode j = JSON.readTree(CareConfigJson.toJson(iso));
        assertEquals("isotropic", j.get("jcare").get("task").textValue());
        assertEquals(4.5, j.get("jcare").get("task_factor").doubleValue());
        assertEquals("psf.tif", j.get("jcare").get("task_psf").textValue());
        assertNull(j.get("proj_axis"));
        CareConfig back = CareConfigJson.parse(CareConfigJson.toJson(iso), "iso");
        assertEquals(iso, back);
        assertFalse(JSON.readTree(CareConfigJson.toCsbdeepJson(iso)).has("jcare"), "CSBDeep mode leaves jcare out");
        CareConfig up = CareConfig.builder("ZYX").task(TaskSpec.upsampling(2, null)).build();
        assertEquals(up, CareConfigJson.parse(CareConfigJson.toJson(up), "up"));
    }

    @Test
    void anOldFolderWithoutTaskFieldsIsStandardAndWritesNoTaskFields() throws Exception {
        CareConfig c = CareConfigJson.parse("{\"axes\": \"YX\", \"jcare\": {\"format_version\": 1}}", "old");
        assertEquals(TaskSpec.STANDARD, c.task());
        JsonNode j = JSON.readTree(CareConfigJson.toJson(c));
        assertFalse(j.get("jcare").has("task"));
        assertFalse(j.has("proj_axis"));
    }

    @Test
    void taskViolationsAreReportedWithTheOthers() {
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfigJson.parse("{\"axes\": \"ZYX\","
                + " \"unet_n_depth\": 0, \"jcare\": {\"format_version\": 1, \"task\": \"isotropic\", \"task_factor\": -2}}",
                "bad"));
        String m = e.getMessage();
        assertTrue(m.contains("unet_n_depth") && m.contains("task_factor") && m.contains("2D network"), m);
        ConfigException p = assertThrows(ConfigException.class, () -> CareConfigJson.parse("{\"axes\": \"YX\","
                + " \"proj_n_depth\": 2}", "bad"));
        assertTrue(p.getMessage().contains("3D input"), p.getMessage());
        ConfigException k = assertThrows(ConfigException.class, () -> CareConfigJson.parse("{\"axes\": \"ZYX\","
                + " \"proj_pool\": [2, 2, 2], \"proj_kern\": [3, 4, 3], \"proj_axis\": \"Y\"}", "bad"));
        assertTrue(k.getMessage().contains("proj_kern") && k.getMessage().contains("proj_axis"), k.getMessage());
        ConfigException t = assertThrows(ConfigException.class, () -> CareConfigJson.parse("{\"axes\": \"YX\","
                + " \"jcare\": {\"format_version\": 1, \"task\": \"deblur\"}}", "bad"));
        assertTrue(t.getMessage().contains("jcare.task"), t.getMessage());
    }

    @Test
    void lateralUpsamplingRecordsItsAxesAndFitsTwoDimensionalNetworks() throws Exception {
        CareConfig c = CareConfig.builder("YX").task(TaskSpec.lateralUpsampling(2, "born-wolf")).build();
        JsonNode j = JSON.readTree(CareConfigJson.toJson(c));
        assertEquals("upsampling", j.get("jcare").get("task").textValue());
        assertEquals("YX", j.get("jcare").get("task_axes").textValue());
        assertEquals(2.0, j.get("jcare").get("task_factor").doubleValue());
        CareConfig back = CareConfigJson.parse(CareConfigJson.toJson(c), "again");
        assertEquals(c, back);
        assertEquals("YX", back.task().upsampledAxes());
        assertEquals(TaskSpec.lateralUpsampling(2, "born-wolf"), TaskSpec.fromJson(c.task().toJson()));
        assertTrue(c.task().toString().contains("along YX"), c.task().toString());
        // axial upsampling stays CSBDeep's (no task_axes written), and needs a 3D network; lateral does not
        CareConfig z = CareConfig.builder("ZYX").task(TaskSpec.upsampling(2, null)).build();
        assertNull(JSON.readTree(CareConfigJson.toJson(z)).get("jcare").get("task_axes"));
        assertEquals("Z", z.task().upsampledAxes());
        assertEquals(z.task(), new TaskSpec(TaskKind.UPSAMPLING, 2.0, null, null, "Z"));
        assertThrows(ConfigException.class, () -> CareConfig.builder("YX").task(TaskSpec.upsampling(2, null)).build());
        assertThrows(ConfigException.class, () -> CareConfig.builder("YX")
                .task(new TaskSpec(TaskKind.UPSAMPLING, 2.0, null, null, "X")).build());
        assertThrows(ConfigException.class, () -> CareConfig.builder("YX")
                .task(new TaskSpec(TaskKind.ISOTROPIC, 2.0, null, null, "YX")).build());
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON
                .readTree(CareConfigJson.toJson(c));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("jcare")).put("task_axes", 3);
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfigJson.parse(tree.toString(), "bad"));
        assertTrue(e.getMessage().contains("task_axes"), e.getMessage());
    }
}
