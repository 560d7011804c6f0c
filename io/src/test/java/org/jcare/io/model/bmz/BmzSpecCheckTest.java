package org.jcare.io.model.bmz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;
import org.junit.jupiter.api.Test;

/** The spec rules the check enforces, on a minimal valid description and broken copies of it. */
class BmzSpecCheckTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, byte[]> files = new HashMap<>();

    ObjectNode valid() {
        byte[] npy = NpyFile.toBytes(new NpyArray(new long[] {1, 1, 4, 4}, new float[][] {new float[16]}));
        files.put("in.npy", npy);
        files.put("out.npy", npy);
        files.put("doc.md", "# x\n# Validation\n".getBytes());
        files.put("w.onnx", new byte[] {1});
        ObjectNode r = JSON.createObjectNode().put("type", "model").put("format_version", "0.5.4")
                .put("name", "CARE test (2D)").put("license", "CC-BY-4.0").put("documentation", "doc.md");
        r.putArray("authors").addObject().put("name", "A");
        r.putArray("cite").addObject().put("text", "CARE").put("doi", "10.1038/s41592-018-0216-7");
        for (String io : List.of("inputs", "outputs")) {
            ObjectNode t = r.putArray(io).addObject().put("id", io.equals("inputs") ? "input" : "output");
            ArrayNode axes = t.putArray("axes");
            axes.addObject().put("type", "batch");
            axes.addObject().put("type", "channel").putArray("channel_names").add("c0");
            axes.addObject().put("type", "space").put("id", "y").putObject("size").put("min", 4).put("step", 4);
            axes.addObject().put("type", "space").put("id", "x").putObject("size").put("min", 4).put("step", 4);
            String f = io.equals("inputs") ? "in.npy" : "out.npy";
            t.putObject("test_tensor").put("source", f).put("sha256", BmzPackage.sha256(files.get(f)));
        }
        ((ObjectNode) r.path("inputs").get(0)).putArray("preprocessing").addObject().put("id", "scale_range")
                .putObject("kwargs").put("min_percentile", 2).put("max_percentile", 99.8).put("eps", 1e-20);
        r.putObject("weights").putObject("onnx").put("source", "w.onnx").put("opset_version", 17)
                .put("sha256", BmzPackage.sha256(files.get("w.onnx")));
        return r;
    }

    @Test
    void aMinimalDescriptionPasses() {
        assertEquals(List.of(), BmzSpecCheck.problems(valid(), files));
    }

    @Test
    void everyBrokenRuleIsReported() {
        ObjectNode r = valid();
        r.put("type", "dataset").put("format_version", "0.4.10").put("name", "x");
        r.remove("authors");
        ((ObjectNode) r.path("inputs").get(0).path("test_tensor")).put("sha256", "00");
        ((ObjectNode) r.path("inputs").get(0).path("preprocessing").get(0).path("kwargs")).put("eps", 0.5);
        ((ObjectNode) r.path("outputs").get(0)).put("id", "Output");
        ((ObjectNode) r.path("weights").path("onnx")).put("source", "missing.onnx");
        List<String> p = BmzSpecCheck.problems(r, files);
        for (String expected : List.of("type must be 'model'", "format_version must be 0.5.x", "name must be",
                "authors", "sha256 of 'in.npy' does not match", "eps must be in (0, 0.1]", "lower-case identifier",
                "'missing.onnx' is not in the package")) {
            assertTrue(p.stream().anyMatch(s -> s.contains(expected)), expected + " in " + p);
        }
    }

    @Test
    void testTensorsMustFitTheirAxes() {
        ObjectNode r = valid();
        files.put("out.npy", NpyFile.toBytes(new NpyArray(new long[] {4, 4}, new float[][] {new float[16]})));
        ((ObjectNode) r.path("outputs").get(0).path("test_tensor")).put("sha256", BmzPackage.sha256(files.get("out.npy")));
        assertTrue(BmzSpecCheck.problems(r, files).stream().anyMatch(s -> s.contains("test_tensor has 2 axes")));
    }
}
