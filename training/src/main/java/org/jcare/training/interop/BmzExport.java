package org.jcare.training.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.bmz.BmzPackage;
import org.jcare.io.model.bmz.BmzSpecCheck;
import org.jcare.io.model.onnx.OnnxExport;
import org.jcare.io.model.torch.TorchStateDict;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.TiledPredictor;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Restoration;

/**
 * Writes a CARE model as a BioImage Model Zoo package (model description format 0.5, CARE-MODES.md section 7):
 * {@code rdf.yaml}; ONNX weights ({@link OnnxExport}) and, where PyTorch's {@code CareUNet}
 * ({@code bench/pytorch/care_unet.py}, shipped as the architecture source) expresses the network, the same weights as a
 * PyTorch state dict; the test input (raw) and output (.npy, axes b c (z) y x); a cover; {@code documentation.md}; the
 * CARE paper as citation; the SHA-256 of every file. The package passes {@link BmzSpecCheck} before it is written.
 *
 * <p>Every task exports its network: the U-Net of a standard, isotropic or upsampling model, the composite graph of a
 * projection model (input {@code b c z y x}, output {@code b c y x}; ONNX weights only, {@code CareUNet} cannot
 * express it). The test output is the network's output for the test input. The isotropic and upsampling steps around
 * the network (the Z factor, zoom, rotations) are not expressible in a description: {@link TaskDescription} writes
 * them into {@code documentation.md} and {@code config.jcare.task}, and the jcare config in {@code config.jcare.config}
 * records the task, so {@code jcare predict --model PACKAGE.zip} restores as the original model.
 *
 * <p>Normalization: preprocessing is {@code scale_range} per sample and channel over the spatial axes with jcare's
 * percentiles and CSBDeep's eps 1e-20, which is jcare's (and CSBDeep's) percentile normalization. The spec has no
 * postprocessing that maps the output back with the <em>input's</em> percentiles (jcare's predict does that when
 * input and output channels match), so outputs stay in normalized units, as the network computes them (the CSBDeep
 * Keras model and its Fiji plugin do the same); {@code documentation.md} says so.
 */
public final class BmzExport {
    /** The spec version written (0.5.x; every field used here exists since 0.5.0). */
    public static final String FORMAT_VERSION = "0.5.4";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARE_PAPER = "Weigert, M. et al. Content-aware image restoration: pushing the limits "
            + "of fluorescence microscopy. Nature Methods 15, 1090-1097 (2018)";
    private static final String CARE_DOI = "10.1038/s41592-018-0216-7";

    /**
     * What the description says besides the model.
     *
     * @param name        the model's name (5-128 letters, digits, spaces, _+-())
     * @param description one paragraph
     * @param authors     author names
     * @param license     SPDX licence identifier of the weights
     * @param testImage   the test input in the model's axes (channels optional), or null for a synthetic one
     * @param calibration pixel sizes for the axes' units, or null for the training images' (calibration.json of the
     *                    model folder), else the test image's
     */
    public record Options(String name, String description, List<String> authors, String license,
                          FloatImage testImage, Calibration calibration) {
    }

    private BmzExport() {
    }

    /**
     * Exports {@code model} (a jcare, CSBDeep or Model Zoo model) as a package at {@code target}.
     *
     * @throws FileFormatException naming the model or target when it cannot be read or written
     */
    public static void export(Engine engine, Path model, Path target, Options o, boolean overwrite)
            throws IOException {
        ExportSource src = ExportSource.read(model);
        TaskSpec task = parseConfig(src).task();
        UNetLayout l = src.unet();
        String inSpatial = src.inputRank() == 3 ? "ZYX" : "YX";
        String outSpatial = l.nDim() == 3 ? "ZYX" : "YX";
        FloatImage raw;
        Restoration r;
        int[] halo;
        int[] div;
        int[] min;
        try (CareModel care = CareModel.load(engine, model)) {
            CareNetwork net = care.network();
            halo = net.halo();
            div = net.divisibility();
            min = new int[div.length];
            for (int i = 0; i < min.length; i++) {
                min[i] = div[i] * (int) Math.ceil((2.0 * halo[i] + 1) / div[i]);
            }
            FloatImage test = task.kind() == TaskKind.ISOTROPIC ? TestImages.lateralPlane(o.testImage()) : o.testImage();
            raw = TestImages.prepare(test, inSpatial, src.inputChannels(), min, div);
            FloatImage normalized = PercentileNormalizer.fit(raw, PercentileNormalizer.DEFAULT_PMIN,
                    PercentileNormalizer.DEFAULT_PMAX).normalize(raw);
            // the test output is the network's (what the package's weights compute), not the task's restoration:
            // the projection network is the whole task, the U-Net of the isotropic and upsampling tasks one step of it
            ImagePredictor network = task.kind() == TaskKind.PROJECTION ? care.predictor() : new TiledPredictor(net);
            r = network.predict(normalized, PredictOptions.defaults().withoutNormalization(), PredictionListener.NONE);
        }
        // units: as given, else those of the training images recorded with the model, else the test image's
        Calibration cal = o.calibration() != null ? o.calibration()
                : org.jcare.io.model.TrainingCalibration.read(model).orElse(raw.calibration());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("weights.onnx", onnx(src));
        boolean torch = src.projection().isEmpty() && TorchArchitecture.expresses(l);
        if (torch) {
            files.put("weights.pt", TorchStateDict.toBytes(TorchArchitecture.ordered(l, src.tensors())));
            files.put("care_unet.py", resource("care_unet.py"));
        }
        NpyArray in = TestImages.batchChannelFirst(raw, inSpatial);
        NpyArray out = TestImages.output(r, outSpatial);
        files.put("test_input.npy", NpyFile.toBytes(in));
        files.put("test_output.npy", NpyFile.toBytes(out));
        files.put("cover.png", TestImages.cover(in, out));
        files.put("documentation.md", Documentation.markdown(o, task, l, src.projection(), torch, halo, div)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode rdf = rdf(o, src, task, new Axes(inSpatial, outSpatial, halo, min, div), cal, files, torch);
        List<String> problems = BmzSpecCheck.problems(rdf, withRdf(rdf, files));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the package would not validate: " + String.join("; ", problems));
        }
        BmzPackage.write(target, rdf, files, overwrite);
    }

    /**
     * The spatial axes of the package's tensors.
     *
     * @param in   input axes (ZYX for a stack, YX)
     * @param out  output axes (a projection's lose Z)
     * @param halo per input axis
     * @param min  smallest size per input axis
     * @param step size multiple per input axis
     */
    private record Axes(String in, String out, int[] halo, int[] min, int[] step) {
    }

    private static CareConfig parseConfig(ExportSource src) throws FileFormatException {
        try {
            return CareConfigJson.parse(src.config().toString(), src.path() + " (config.json)");
        } catch (IOException | IllegalArgumentException e) {
            throw new FileFormatException(src.path(), "has no valid CARE config: " + e.getMessage());
        }
    }

    private static Map<String, byte[]> withRdf(ObjectNode rdf, Map<String, byte[]> files) {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(BmzPackage.RDF, BmzPackage.toYaml(rdf).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return all;
    }

    private static ObjectNode rdf(Options o, ExportSource src, TaskSpec task, Axes ax, Calibration cal,
                                  Map<String, byte[]> files, boolean torch) throws IOException {
        UNetLayout l = src.unet();
        ObjectNode r = JSON.createObjectNode();
        r.put("type", "model");
        r.put("format_version", FORMAT_VERSION);
        r.put("name", o.name());
        r.put("description", o.description());
        ArrayNode authors = r.putArray("authors");
        o.authors().forEach(a -> authors.addObject().put("name", a));
        r.putArray("cite").addObject().put("text", CARE_PAPER).put("doi", CARE_DOI);
        r.put("license", o.license());
        r.put("documentation", "documentation.md");
        r.putArray("covers").add("cover.png");
        ArrayNode tags = r.putArray("tags").add("care");
        TaskDescription.tags(task).forEach(tags::add);
        tags.add("restoration").add(ax.in().length() + "d").add("fluorescence-light-microscopy").add("jcare");
        ArrayNode att = r.putArray("attachments");
        for (String f : List.of("documentation.md", "cover.png")) {
            att.addObject().put("source", f).put("sha256", BmzPackage.sha256(files.get(f)));
        }
        String unit = SpaceUnits.of(cal.unit());

        ObjectNode in = r.putArray("inputs").addObject();
        in.put("id", "input");
        in.put("description", (src.projection().isPresent() ? "raw stack (the whole Z), " : "raw image, ")
                + src.inputChannels() + " channel(s)");
        ArrayNode ia = in.putArray("axes");
        ia.addObject().put("type", "batch");
        ArrayNode cin = ia.addObject().put("type", "channel").putArray("channel_names");
        for (int c = 0; c < src.inputChannels(); c++) {
            cin.add("c" + c);
        }
        for (int i = 0; i < ax.in().length(); i++) {
            char id = ax.in().charAt(i);
            ObjectNode a = ia.addObject().put("type", "space").put("id", axisId(id));
            a.putObject("size").put("min", ax.min()[i]).put("step", ax.step()[i]);
            spaceUnit(a, unit, scale(cal, id));
        }
        file(in.putObject("test_tensor"), "test_input.npy", files);
        in.putObject("data").put("type", "float32");
        ArrayNode pre = in.putArray("preprocessing");
        pre.addObject().put("id", "ensure_dtype").putObject("kwargs").put("dtype", "float32");
        ObjectNode sr = pre.addObject().put("id", "scale_range").putObject("kwargs");
        ArrayNode axes = sr.putArray("axes");
        for (char id : ax.in().toCharArray()) {
            axes.add(axisId(id));
        }
        sr.put("min_percentile", PercentileNormalizer.DEFAULT_PMIN).put("max_percentile", PercentileNormalizer.DEFAULT_PMAX)
                .put("eps", 1e-20); // CSBDeep's eps (PercentileNormalizer.EPS), written as the double it stands for

        ObjectNode out = r.putArray("outputs").addObject();
        out.put("id", "output");
        out.put("description", (l.probabilistic() ? "Laplace mean (first " + l.channelsOut() + " channels) and scale,"
                + " in normalized units" : "restoration in normalized units") + (src.projection().isPresent()
                ? "; the restored surface, Z projected away" : ""));
        ArrayNode oa = out.putArray("axes");
        oa.addObject().put("type", "batch");
        ArrayNode cout = oa.addObject().put("type", "channel").putArray("channel_names");
        for (int c = 0; c < l.channelsOut(); c++) {
            cout.add(l.probabilistic() ? "mean_c" + c : "c" + c);
        }
        if (l.probabilistic()) {
            for (int c = 0; c < l.channelsOut(); c++) {
                cout.add("scale_c" + c);
            }
        }
        for (char id : ax.out().toCharArray()) {
            ObjectNode a = oa.addObject().put("type", "space").put("id", axisId(id));
            a.putObject("size").put("tensor_id", "input").put("axis_id", axisId(id));
            a.put("halo", ax.halo()[ax.in().indexOf(id)]);
            spaceUnit(a, unit, scale(cal, id));
        }
        file(out.putObject("test_tensor"), "test_output.npy", files);
        out.putObject("data").put("type", "float32");

        ObjectNode w = r.putObject("weights");
        ObjectNode onnx = w.putObject("onnx");
        file(onnx, "weights.onnx", files);
        onnx.put("opset_version", OnnxExport.OPSET);
        if (torch) {
            ObjectNode pt = w.putObject("pytorch_state_dict");
            file(pt, "weights.pt", files);
            ObjectNode arch = pt.putObject("architecture");
            file(arch, "care_unet.py", files);
            arch.put("callable", TorchArchitecture.CALLABLE);
            arch.set("kwargs", TorchArchitecture.kwargs(l));
            pt.put("pytorch_version", "1.13");
            pt.put("parent", "onnx");
        }
        ObjectNode jcare = r.putObject("config").putObject("jcare");
        jcare.set("config", JSON.readTree(CareConfigJson.toJson(CareConfigJson.parse(src.config().toString(),
                "config.json"))));
        jcare.put("normalization", "percentiles " + PercentileNormalizer.DEFAULT_PMIN + " / "
                + PercentileNormalizer.DEFAULT_PMAX + " per channel; outputs normalized");
        jcare.set("task", TaskDescription.json(task));
        return r;
    }

    private static String axisId(char axis) {
        return String.valueOf(Character.toLowerCase(axis));
    }

    private static double scale(Calibration cal, char axis) {
        return axis == 'Z' ? cal.z() : axis == 'Y' ? cal.y() : cal.x();
    }

    private static void spaceUnit(ObjectNode axis, String unit, double scale) {
        if (unit != null && scale > 0) {
            axis.put("unit", unit);
            axis.put("scale", scale);
        }
    }

    private static void file(ObjectNode node, String name, Map<String, byte[]> files) {
        node.put("source", name);
        node.put("sha256", BmzPackage.sha256(files.get(name)));
    }

    static byte[] resource(String name) {
        try (InputStream in = BmzExport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("resource " + name + " cannot be read", e);
        }
    }

    /** The ONNX of {@code tensors} (used by the CLI's --onnx export too). */
    public static byte[] onnx(ExportSource src) {
        Map<String, TensorData> t = src.tensors();
        return OnnxExport.write(src.unet(), src.projection(), t, "CARE network exported by jcare: " + src.unet()
                + src.projection().map(p -> " after a ProjectionCARE projection network").orElse(""));
    }
}
