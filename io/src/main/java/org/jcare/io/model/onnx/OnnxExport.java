package org.jcare.io.model.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.onnx.proto.OnnxProto.AttributeProto;
import org.jcare.io.model.onnx.proto.OnnxProto.GraphProto;
import org.jcare.io.model.onnx.proto.OnnxProto.ModelProto;
import org.jcare.io.model.onnx.proto.OnnxProto.NodeProto;
import org.jcare.io.model.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.jcare.io.model.onnx.proto.OnnxProto.StringStringEntryProto;
import org.jcare.io.model.onnx.proto.OnnxProto.TensorProto;
import org.jcare.io.model.onnx.proto.OnnxProto.TensorShapeProto;
import org.jcare.io.model.onnx.proto.OnnxProto.TypeProto;
import org.jcare.io.model.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Writes a CARE network as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}): input
 * {@code "input"} of shape {@code [batch, C, (z,) y, x]} with symbolic batch and spatial sizes, output
 * {@code "output"} of shape {@code [batch, C_out, (z,) y, x]} (a probabilistic net: means, then scales), float32.
 *
 * <p>Operators: Conv ('same' zero padding, stride 1), Relu, MaxPool (kernel = stride = pool factors), Resize
 * (nearest, asymmetric coordinates, floor: exactly a repeat), Concat (upsampled first, skip second), Add (residual;
 * the 1e-3 of the scale head), Softplus; for CSBDeep's ProjectionCARE the projection network ends in Softmax over Z,
 * Mul by the input stack and ReduceSum over Z before the 2D U-Net. Weights are initializers named as jcare's tensors
 * ({@code down_level_0_no_0.weight}, ...), so the file maps back to jcare one to one. Spatial sizes must be
 * multiples of the pooling (2^depth), as for jcare's network; consumers pad (the Model Zoo description says so).
 */
public final class OnnxExport {
    /** The ONNX operator set version the graph uses. */
    public static final int OPSET = 17;
    /** The ONNX IR version written (the one of ONNX 1.12, which introduced opset 17). */
    public static final int IR_VERSION = 8;
    /** The name of the graph input. */
    public static final String INPUT = "input";
    /** The name of the graph output. */
    public static final String OUTPUT = "output";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, TensorData> tensors;
    private int counter;

    private OnnxExport(Map<String, TensorData> tensors) {
        this.tensors = tensors;
    }

    /**
     * The ONNX model of a CARE U-Net, optionally preceded by ProjectionCARE's projection network.
     *
     * @param unet       the U-Net (for a projection model, its 2D denoiser)
     * @param projection the projection network, if any
     * @param tensors    jcare tensors ({@code <layer>.weight} {@code [out, in, k...]}, {@code <layer>.bias})
     * @param docString  a description stored in the model
     * @return the serialized {@code .onnx} bytes
     * @throws IllegalArgumentException when a tensor is missing or has the wrong shape
     */
    public static byte[] write(UNetLayout unet, Optional<ProjectionLayout> projection, Map<String, TensorData> tensors,
                               String docString) {
        return build(unet, projection, tensors, docString).toByteArray();
    }

    /** The model as a protobuf message (see {@link #write}). */
    public static ModelProto build(UNetLayout unet, Optional<ProjectionLayout> projection,
                                   Map<String, TensorData> tensors, String docString) {
        OnnxExport e = new OnnxExport(tensors);
        int rank = projection.isPresent() ? 3 : unet.nDim();
        int channelsIn = projection.map(ProjectionLayout::channelsIn).orElse(unet.channelsIn());
        e.graph.setName("care").addInput(valueInfo(INPUT, channelsIn, rank))
                .addOutput(valueInfo(OUTPUT, unet.outputChannels(), unet.nDim()));
        String x = INPUT;
        if (projection.isPresent()) {
            x = e.projection(projection.get(), x);
        }
        String y = e.unet(unet, x);
        e.emit("Identity", List.of(y), OUTPUT, OUTPUT, new AttributeProto[0]);
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("jcare")
                .setProducerVersion(String.valueOf(org.jcare.io.model.ModelDirectory.FORMAT_VERSION))
                .setDomain("org.jcare").setModelVersion(1).setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("jcare.architecture")
                        .setValue(projection.isPresent() ? "ProjectionCARE" : "CARE U-Net"))
                .setGraph(e.graph).build();
    }

    private String unet(UNetLayout l, String input) {
        List<UNetLayout.Conv> convs = l.convs();
        int c = 0;
        List<String> skips = new ArrayList<>();
        String h = input;
        for (int n = 0; n < l.depth(); n++) {
            h = conv(h, convs.get(c++));
            h = conv(h, convs.get(c++));
            skips.add(h);
            h = maxPool(h, l.poolFactors());
        }
        h = conv(h, convs.get(c++));
        h = conv(h, convs.get(c++));
        for (int n = l.depth() - 1; n >= 0; n--) {
            String up = resize(h, l.poolFactors());
            String cat = node("Concat", List.of(up, skips.get(n)), null, intAttr("axis", 1));
            h = conv(cat, convs.get(c++));
            h = conv(h, convs.get(c++));
        }
        String mean = conv(h, convs.get(c++));
        if (l.residual()) {
            mean = node("Add", List.of(mean, input), null);
        }
        if (l.lastActivationRelu()) {
            mean = node("Relu", List.of(mean), null);
        }
        if (!l.probabilistic()) {
            return mean;
        }
        String raw = conv(h, convs.get(c));
        String soft = node("Softplus", List.of(raw), null);
        String eps = constant("scale_epsilon", new long[0], new float[] {UNetLayout.SCALE_EPSILON});
        String scale = node("Add", List.of(soft, eps), null);
        return node("Concat", List.of(mean, scale), null, intAttr("axis", 1));
    }

    /** ProjectionCARE's projection: encoder-decoder, softmax over Z, weighted sum of the input's planes. */
    private String projection(ProjectionLayout p, String input) {
        List<UNetLayout.Conv> convs = p.convs();
        int c = 0;
        String h = input;
        for (int d = 0; d < p.depth(); d++) {
            for (int i = 0; i < p.convPerDepth(); i++) {
                h = conv(h, convs.get(c++));
            }
            h = maxPool(h, p.pool());
        }
        for (int i = 0; i < p.convPerDepth(); i++) {
            h = conv(h, convs.get(c++));
        }
        for (int d = 0; d < p.depth(); d++) {
            h = resize(h, p.pool());
            for (int i = 0; i < p.convPerDepth(); i++) {
                h = conv(h, convs.get(c++));
            }
        }
        String logits = conv(h, convs.get(c));                                    // [N, 1, Z, Y, X]
        String weights = node("Softmax", List.of(logits), null, intAttr("axis", 2)); // over Z
        String weighted = node("Mul", List.of(input, weights), null);              // broadcast over C
        String axes = constantLong("projection_axis", new long[] {2});
        return node("ReduceSum", List.of(weighted, axes), null, intAttr("keepdims", 0)); // [N, C, Y, X]
    }

    private String conv(String x, UNetLayout.Conv c) {
        TensorData w = tensor(c.name() + ".weight", c.weightShape());
        TensorData b = tensor(c.name() + ".bias", new long[] {c.out()});
        String wn = initializer(c.name() + ".weight", w);
        String bn = initializer(c.name() + ".bias", b);
        int[] k = c.kernel();
        long[] pads = new long[2 * k.length];
        long[] shape = new long[k.length];
        for (int i = 0; i < k.length; i++) {
            pads[i] = k[i] / 2;
            pads[k.length + i] = k[i] / 2;
            shape[i] = k[i];
        }
        String y = node("Conv", List.of(x, wn, bn), c.name(), intsAttr("kernel_shape", shape), intsAttr("pads", pads));
        return c.relu() ? node("Relu", List.of(y), c.name() + "_relu") : y;
    }

    private String maxPool(String x, int[] pool) {
        long[] p = Arrays.stream(pool).asLongStream().toArray();
        return node("MaxPool", List.of(x), null, intsAttr("kernel_shape", p), intsAttr("strides", p));
    }

    private String resize(String x, int[] factors) {
        float[] s = new float[2 + factors.length];
        s[0] = 1;
        s[1] = 1;
        for (int i = 0; i < factors.length; i++) {
            s[2 + i] = factors[i];
        }
        String scales = constant("scales_" + (counter++), new long[] {s.length}, s);
        return node("Resize", List.of(x, "", scales), null, stringAttr("mode", "nearest"),
                stringAttr("coordinate_transformation_mode", "asymmetric"), stringAttr("nearest_mode", "floor"));
    }

    private TensorData tensor(String name, long[] shape) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the model has no tensor " + name);
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(t.shape())
                    + ", the network needs " + Arrays.toString(shape));
        }
        return t;
    }

    private String initializer(String name, TensorData t) {
        graph.addInitializer(floatTensor(name, t.shape(), t.values()));
        return name;
    }

    private String constant(String name, long[] dims, float[] values) {
        graph.addInitializer(floatTensor(name, dims, values));
        return name;
    }

    private String constantLong(String name, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private String node(String op, List<String> inputs, String name, AttributeProto... attrs) {
        String base = name == null ? op.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++) : name;
        return emit(op, inputs, base + "_out", base, attrs);
    }

    private String emit(String op, List<String> inputs, String output, String name, AttributeProto[] attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output).setName(name);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto intsAttr(String name, long[] v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    private static ValueInfoProto valueInfo(String name, int channels, int spatial) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(channels));
        String[] names = spatial == 3 ? new String[] {"z", "y", "x"} : new String[] {"y", "x"};
        for (String n : names) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(n));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
