package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Shape;
import org.jcare.io.model.onnx.OnnxExport;
import org.jcare.io.model.onnx.OnnxWeights;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;
import org.jcare.io.model.onnx.proto.OnnxProto.ModelProto;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ONNX export runs in onnxruntime (from Java) and gives jcare's forward pass; its initializers read back as jcare's
 * tensors; the ProjectionCARE graph (Softmax, Mul, ReduceSum) reproduces numpy's float64 evaluation of the CSBDeep
 * fixture.
 */
class OnnxExportTest {
    static CareConfig config(String name) {
        return switch (name) {
            case "2d_prob" -> CareConfig.builder("YX").probabilistic(true).unetNDepth(2).unetNFirst(4).unetKernSize(5).build();
            case "3d_relu" -> CareConfig.builder("ZYX").unetNDepth(1).unetNFirst(3).unetKernSize(3)
                    .unetLastActivation("relu").build();
            default -> CareConfig.builder("YX").unetNDepth(2).unetNFirst(4).unetKernSize(3).build();
        };
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2d", "2d_prob", "3d_relu"})
    void onnxruntimeGivesJcaresForwardPass(String name) throws Exception {
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config(name), 7)) {
            var layout = Layouts.of(((org.jcare.training.model.UNet) model.network()).spec());
            var tensors = Weights.read(model.network().parameters());
            byte[] onnx = OnnxExport.write(layout, Optional.empty(), tensors, "test");
            // sizes that differ per axis and are not powers of two (dynamic axes)
            long[] shape = layout.nDim() == 3 ? new long[] {2, 1, 6, 10, 14} : new long[] {2, 1, 20, 28};
            int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] x = random(n, 3);
            float[] ort = OrtRunner.run(onnx, x, shape);
            float[] jcare;
            try (var ng = engine.noGrad(); var t = engine.tensor(Shape.of(shape), x)) {
                jcare = model.network().forward(t).toArray();
            }
            double[] e = new double[jcare.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = jcare[i];
            }
            Comparison c = Comparison.of(e, ort);
            assertTrue(c.within(1, 1e-4), () -> c.describe(name + ": onnxruntime against jcare", null));
            ModelProto m = OnnxWeights.parse(onnx, Path.of("x.onnx"));
            assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
            assertEquals(tensors, OnnxWeights.read(m, Path.of("x.onnx")));
        }
    }

    @Test
    void onnxruntimeGivesJcaresProjectionNetworkForwardPass() throws Exception {
        CareConfig config = CareConfig.builder("ZYX").probabilistic(true).unetNDepth(1).unetNFirst(4).task(
                TaskSpec.ofProjection(new ProjectionParams("Z", 2, 3, 2, new int[] {3, 3, 5}, null))).build();
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config, 11)) {
            var tensors = Weights.read(model.network().parameters());
            byte[] onnx = OnnxExport.write(Layouts.unet(config), Layouts.projection(config), tensors, "test");
            long[] shape = {2, 1, 7, 12, 20}; // Z of any size, Y and X multiples of 4
            float[] x = random(2 * 7 * 12 * 20, 4);
            float[] ort = OrtRunner.run(onnx, x, shape);
            float[] jcare;
            try (var ng = engine.noGrad(); var t = engine.tensor(Shape.of(shape), x)) {
                jcare = model.network().forward(t).toArray();
            }
            assertEquals(2 * 2 * 12 * 20, ort.length, "[N, mean + scale, Y, X]");
            double[] e = new double[jcare.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = jcare[i];
            }
            Comparison c = Comparison.of(e, ort);
            assertTrue(c.within(1, 1e-4), () -> c.describe("projection: onnxruntime against jcare", null));
            assertEquals(tensors, OnnxWeights.read(OnnxWeights.parse(onnx, Path.of("p.onnx")), Path.of("p.onnx")));
        }
    }

    @Test
    void projectionCareGraphReproducesTheCsbdeepFixture() throws Exception {
        ExportSource src = ExportSource.read(CsbdeepImportTest.FIXTURES.resolve("projection"));
        byte[] onnx = OnnxExport.write(src.unet(), src.projection(), src.tensors(), "projection");
        NpyArray in = NpyFile.read(CsbdeepImportTest.FIXTURES.resolve("projection.input.npy")); // Z Y X C
        NpyArray expected = NpyFile.read(CsbdeepImportTest.FIXTURES.resolve("projection.expected.npy")); // Y X C
        long[] s = in.shape();
        float[] x = in.toImage("ZYXC").permute("CZYX").toArray();
        float[] y = OrtRunner.run(onnx, x, new long[] {1, s[3], s[0], s[1], s[2]});
        double[] e = new double[y.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected.getFlat(i); // one channel: [Y, X, 1] and [1, 1, Y, X] have the same order
        }
        Comparison c = Comparison.of(e, y);
        assertTrue(c.within(1, 1e-4), () -> c.describe("ProjectionCARE onnxruntime against numpy", null));
    }
}
