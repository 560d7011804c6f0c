package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Shape;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.keras.CsbdeepModelFolder;
import org.jcare.io.model.keras.KerasWeightsFile;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.model.Weights;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Restoration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSBDeep model folders in the layouts Keras writes (fixtures made by {@code io/src/test/resources/csbdeep/
 * make_fixtures.py}) restore exactly as the same network evaluated from the same weights in float64: by numpy in
 * Keras's channels-last semantics (the fixture's expected output) and by the kernels' references.
 */
class CsbdeepImportTest {
    static final Path FIXTURES = Path.of("..", "io", "src", "test", "resources", "csbdeep");

    /** The fixture's normalized input as an image with the config's axes (channels last, as CSBDeep). */
    static FloatImage input(String name) throws Exception {
        NpyArray a = NpyFile.read(FIXTURES.resolve(name + ".input.npy"));
        return a.toImage(a.shape().length == 4 ? "ZYXC" : "YXC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras2_2d", "keras3_2d_prob", "keras2_3d", "keras2_nested_2d"})
    void importedModelRestoresAsTheFloat64ReferenceOfTheSameWeights(String name) throws Exception {
        Path dir = FIXTURES.resolve(name);
        FloatImage x = input(name);
        NpyArray expected = NpyFile.read(FIXTURES.resolve(name + ".expected.npy"));
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.load(engine, dir)) {
            Restoration r = model.predict(x, PredictOptions.defaults().withoutNormalization());
            int c = model.config().nChannelOut();
            float[] actual = channelsLast(r, c);
            // 1. numpy's float64 evaluation of the Keras-layout network (channels last)
            double[] numpy = new double[actual.length];
            for (int i = 0; i < numpy.length; i++) {
                numpy[i] = expected.getFlat(i);
            }
            Comparison vsNumpy = Comparison.of(numpy, actual);
            assertTrue(vsNumpy.within(1, 1e-5), () -> vsNumpy.describe(name + " against numpy float64", null));
            // 2. the kernels' float64 references, weights transposed from the Keras file independently
            UNetLayout layout = CsbdeepModelFolder.unetLayout(CsbdeepModelFolder.read(dir).config(),
                    dir.resolve("config.json"), false);
            KerasReference ref = new KerasReference(
                    KerasWeightsFile.read(CsbdeepModelFolder.chooseWeights(dir)), layout);
            DoubleTensor y = ref.forward(channelsFirst(x, layout.channelsIn()));
            double[] refLast = toChannelsLast(y);
            Comparison vsRef = Comparison.of(refLast, actual);
            assertTrue(vsRef.within(1, 1e-5), () -> vsRef.describe(name + " against ConvRef", null));
        }
    }

    @Test
    void importWritesAJcareModelThatRestoresTheSame(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("imported");
        ModelDirectory.save(out, CsbdeepImport.read(FIXTURES.resolve("keras2_2d")), false);
        assertTrue(Files.isRegularFile(out.resolve("weights.safetensors")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"jcare\""));
        FloatImage x = input("keras2_2d");
        try (Engine engine = Engine.open((String) null);
             CareModel a = CareModel.load(engine, FIXTURES.resolve("keras2_2d"));
             CareModel b = CareModel.load(engine, out)) {
            PredictOptions o = PredictOptions.defaults();
            assertTrue(Arrays.equals(a.predict(x, o).mean().toArray(), b.predict(x, o).mean().toArray()));
        }
    }

    @Test
    void projectionCareRestoresAsNumpysFloat64EvaluationOfTheSameWeights() throws Exception {
        Path dir = FIXTURES.resolve("projection");
        NpyArray in = NpyFile.read(FIXTURES.resolve("projection.input.npy")); // Z Y X C, normalized
        NpyArray expected = NpyFile.read(FIXTURES.resolve("projection.expected.npy")); // Y X C, float64
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.load(engine, dir)) {
            assertEquals(TaskKind.PROJECTION, model.config().task().kind());
            Restoration r = model.predict(in.toImage("ZYXC"), PredictOptions.defaults().withoutNormalization());
            float[] actual = channelsLast(r, 1);
            assertEquals(expected.numel(), actual.length);
            double[] numpy = new double[actual.length];
            for (int i = 0; i < numpy.length; i++) {
                numpy[i] = expected.getFlat(i);
            }
            Comparison c = Comparison.of(numpy, actual);
            assertTrue(c.within(1, 1e-5), () -> c.describe("ProjectionCARE against numpy float64", null));
        }
    }

    @Test
    void isotropicAndUpsamplingModelsGetTheTaskTheCallerNames() throws Exception {
        var iso = CareConfigJson.parse(CsbdeepImport.read(FIXTURES.resolve("keras2_2d"),
                new TaskSpec(TaskKind.ISOTROPIC, 2.5, null, null)).config().toString(), "imported");
        assertEquals(TaskKind.ISOTROPIC, iso.task().kind());
        assertEquals(2.5, iso.task().factor());
        var up = CareConfigJson.parse(CsbdeepImport.read(FIXTURES.resolve("keras2_3d"),
                new TaskSpec(TaskKind.UPSAMPLING, null, null, null)).config().toString(), "imported");
        assertEquals(TaskKind.UPSAMPLING, up.task().kind());
        assertEquals(null, up.task().factor());
        // without a task: standard (CSBDeep records none), and the projection config its own
        assertEquals(TaskKind.STANDARD, CareConfigJson.parse(CsbdeepImport.read(FIXTURES.resolve("keras2_2d"))
                .config().toString(), "imported").task().kind());
        assertFalse(CsbdeepImport.recordsItsTask(FIXTURES.resolve("keras2_2d")));
        assertTrue(CsbdeepImport.recordsItsTask(FIXTURES.resolve("projection")));
        // tasks that do not fit: isotropic is a 2D network, projection needs proj_* fields and keeps its own task
        FileFormatException e = assertThrows(FileFormatException.class, () -> CsbdeepImport.read(
                FIXTURES.resolve("keras2_3d"), TaskSpec.isotropic(2, null)));
        assertTrue(e.getMessage().contains("isotropic") && e.getMessage().contains("2D"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> CsbdeepImport.read(FIXTURES.resolve("keras2_2d"),
                TaskSpec.projectionDefaults()));
        assertTrue(e.getMessage().contains("proj_"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> CsbdeepImport.read(FIXTURES.resolve("projection"),
                TaskSpec.upsampling(2, null)));
        assertTrue(e.getMessage().contains("ProjectionCARE"), e.getMessage());
    }

    @Test
    void anIsotropicCsbdeepModelRestoresAStackWithItsFactor() throws Exception {
        FloatImage stack = FloatImage.of("ZYX", new long[] {5, 16, 12}, OnnxExportTest.random(5 * 16 * 12, 2));
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.load(engine, FIXTURES.resolve("keras2_2d"), TaskSpec.isotropic(2, null))) {
            FloatImage out = model.predict(stack, PredictOptions.defaults()).mean();
            assertEquals(List.of(10L, 16L, 12L), Arrays.stream(out.shape()).boxed().toList(), "Z x 2");
        }
    }

    @Test
    void trainingContinuesFromAnImportedModel(@TempDir Path tmp) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] a = new float[16 * 16];
            float[] b = new float[16 * 16];
            for (int k = 0; k < a.length; k++) {
                b[k] = (float) r.nextDouble();
                a[k] = b[k] + (float) (0.3 * r.nextGaussian());
            }
            xs.add(a);
            ys.add(b);
        }
        TrainingData data = TrainingData.of("YX", new int[] {16, 16}, 1, 1, xs, ys);
        TrainingData.Split split = data.split(0.25);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.load(engine, FIXTURES.resolve("keras2_2d"))) {
            float[] before = model.network().parameters().readValues();
            TrainingSettings s = model.trainingSettings(1);
            TrainingSettings quick = new TrainingSettings(1, 3, 2, s.learningRate(), s.loss(), s.reduceLrFactor(),
                    s.reduceLrPatience(), s.reduceLrMinDelta(), 1, null, 10);
            List<EpochResult> h = model.train(split.train(), split.validation(), quick, tmp.resolve("tuned"),
                    TrainingListener.NONE, Augmentation.NONE, false);
            assertEquals(1, h.size());
            assertFalse(Arrays.equals(before, model.network().parameters().readValues()), "the weights were trained");
            assertEquals(Weights.read(model.network().parameters()).keySet(),
                    ModelDirectory.load(tmp.resolve("tuned")).weights().keySet());
        }
    }

    /** The restoration as channels-last values [spatial..., mean channels (, scale channels)]. */
    static float[] channelsLast(Restoration r, int c) {
        FloatImage m = r.mean();
        String sp = m.axes().toString().replace("C", "");
        FloatImage mean = m.axes().toString().contains("C") ? m.permute(sp + "C") : m;
        if (!r.isProbabilistic()) {
            return mean.toArray();
        }
        FloatImage s = r.scale().axes().toString().contains("C") ? r.scale().permute(sp + "C") : r.scale();
        float[] a = mean.toArray();
        float[] b = s.toArray();
        float[] out = new float[a.length + b.length];
        int n = a.length / c;
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * c, out, i * 2 * c, c);
            System.arraycopy(b, i * c, out, i * 2 * c + c, c);
        }
        return out;
    }

    static DoubleTensor channelsFirst(FloatImage x, int c) {
        String sp = x.axes().toString().replace("C", "");
        FloatImage cf = x.permute("C" + sp);
        long[] shape = cf.shape();
        long[] dims = new long[shape.length + 1];
        dims[0] = 1;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        return DoubleTensor.of(Shape.of(dims), cf.toArray());
    }

    static double[] toChannelsLast(DoubleTensor y) {
        long[] d = y.shape().dims();
        int c = (int) d[1];
        int n = y.size() / c;
        double[] out = new double[y.size()];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                out[i * c + ch] = y.data()[ch * n + i];
            }
        }
        return out;
    }
}
