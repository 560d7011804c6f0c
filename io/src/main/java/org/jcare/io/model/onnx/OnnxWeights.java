package org.jcare.io.model.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.onnx.proto.OnnxProto.ModelProto;
import org.jcare.io.model.onnx.proto.OnnxProto.TensorProto;

/**
 * The weights of an ONNX model written by {@link OnnxExport}: its float initializers named {@code <layer>.weight} and
 * {@code <layer>.bias}, which are jcare's tensors with jcare's layouts. Other initializers (constants of the graph)
 * are left out.
 */
public final class OnnxWeights {
    private OnnxWeights() {
    }

    /**
     * The parsed model.
     *
     * @throws FileFormatException naming {@code file} when the bytes are not an ONNX model
     */
    public static ModelProto parse(byte[] onnx, Path file) throws FileFormatException {
        try {
            return ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new FileFormatException(file, "is not an ONNX model", e);
        }
    }

    /**
     * The layer weights of an ONNX model.
     *
     * @throws FileFormatException naming {@code file} when an initializer cannot be read as float32
     */
    public static SortedMap<String, TensorData> read(ModelProto model, Path file) throws FileFormatException {
        SortedMap<String, TensorData> out = new TreeMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            String n = t.getName();
            if (!n.endsWith(".weight") && !n.endsWith(".bias")) {
                continue;
            }
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                throw new FileFormatException(file, "initializer " + n + " is not float32");
            }
            long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            float[] v;
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                v = new float[b.remaining() / 4];
                b.asFloatBuffer().get(v);
            } else {
                v = new float[t.getFloatDataCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            try {
                out.put(n, new TensorData(dims, v));
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, "initializer " + n + ": " + e.getMessage());
            }
        }
        return out;
    }
}
