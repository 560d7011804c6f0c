package org.jcare.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jcare's saved weights mean the same thing in another framework: {@code weights.safetensors} written by
 * {@link CareModel#save} was loaded tensor by tensor (strict names and shapes) into an independent PyTorch CARE
 * U-Net ({@code bench/pytorch/care_unet.py}), whose output for a fixed input is committed as a fixture
 * (see {@code src/test/resources/torch/README.md}). This test rebuilds the same model from the same seed, checks
 * that it writes byte-identical weights, and that its forward pass reproduces PyTorch's output.
 */
class TorchInteropTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "torch");

    /** The fixture models: a 2D probabilistic net and a 3D standard one, both small. */
    static CareConfig config(String name) {
        return name.equals("unet2d_prob")
                ? CareConfig.builder("YX").probabilistic(true).unetNDepth(2).unetNFirst(4).unetKernSize(3).build()
                : CareConfig.builder("ZYX").unetNDepth(2).unetNFirst(4).unetKernSize(3).build();
    }

    static Shape inputShape(String name) {
        return name.equals("unet2d_prob") ? Shape.of(1, 1, 24, 32) : Shape.of(1, 1, 8, 12, 16);
    }

    static float[] input(Shape s) {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet2d_prob", "unet3d"})
    void weightsWrittenByJcareGiveTheSameOutputInPyTorch(String name, @TempDir Path tmp) throws Exception {
        Path fixture = FIXTURES.resolve(name);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config(name), 11);
             Scope scope = engine.scope()) {
            Path saved = tmp.resolve("model");
            model.save(saved, false);
            assertArrayEquals(Files.readAllBytes(fixture.resolve("weights.safetensors")),
                    Files.readAllBytes(saved.resolve("weights.safetensors")),
                    "the fixture's weights are exactly what jcare writes for this seed");
            Shape s = inputShape(name);
            float[] out;
            try (var ng = engine.noGrad()) {
                out = model.network().forward(engine.tensor(s, input(s))).toArray();
            }
            float[] torch = readFloats(fixture.resolve("torch_output.f32"));
            double[] expected = new double[torch.length];
            for (int i = 0; i < torch.length; i++) {
                expected[i] = torch[i];
            }
            Comparison c = Comparison.of(expected, out);
            assertTrue(c.within(1e-10, 1e-5), () -> c.describe(name + " against PyTorch", null));
        }
    }

    static float[] readFloats(Path f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[b.remaining() / 4];
        b.asFloatBuffer().get(a);
        return a;
    }

    /** Writes the Java side of the fixtures (model folder and input); then run the README's Python command. */
    public static void main(String[] args) throws Exception {
        try (Engine engine = Engine.open((String) null)) {
            for (String name : new String[] {"unet2d_prob", "unet3d"}) {
                Path dir = FIXTURES.resolve(name);
                Files.createDirectories(dir);
                try (CareModel model = CareModel.create(engine, config(name), 11)) {
                    Path tmp = Files.createTempDirectory("fixture");
                    model.save(tmp.resolve("model"), false);
                    Files.copy(tmp.resolve("model/weights.safetensors"), dir.resolve("weights.safetensors"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    org.jcare.io.AtomicFiles.deleteRecursively(tmp);
                }
                float[] x = input(inputShape(name));
                ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(x);
                Files.write(dir.resolve("input.f32"), b.array());
            }
        }
    }
}
