package org.jcare.kernels.conv;

import java.util.Arrays;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;

/**
 * Takes the TF32 path apart on a device, one step per process (a kernel fault on NVIDIA poisons every later call of
 * the process, so the caller runs each mode in its own JVM): the bare inline PTX ({@code cvt.rna}, one
 * {@code mma.sync}), the weight packing, each convolution pass on a tiny and a CARE-like shape, the portable
 * emulation on the same device, the forward kernel with parts cut out, and the ptxas report of the programs. Prints
 * one {@code PROBE} line per mode. On the H200 this found the fault of the first TF32 run (every test
 * CL_OUT_OF_RESOURCES): cvt, mma and the packing passed, the forward failed even emulated, and only cutting the
 * float4 weight staging made it pass; NVIDIA does not align a {@code __local float*} argument to 16 bytes (see
 * conv_tf32.cl, ws4). bench/gpu/tf32probe.sh runs it.
 *
 * <pre>java -cp ... org.jcare.kernels.conv.Tf32Probe MODE   (cvt | mma | pack | forward | forward3d | data | weights
 *      | emulated | verbose | patched:CUT[,CUT...])</pre>
 */
public final class Tf32Probe {
    private static final String ASM = """
            __kernel void probe_cvt(__global float* y, __global const float* x) {
                const int i = get_global_id(0);
                uint r;
                asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x[i]));
                y[i] = as_float(r);
            }
            /* one warp, A = B = 1 (as TF32 bit patterns), C = lane: D = 8 + lane in every element */
            __kernel void probe_mma(__global float* y) {
                const int lane = get_local_id(0);
                const uint one = as_uint(1.0f);
                float c[4] = {lane, lane, lane, lane};
                float d[4];
                asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
                             "{%10,%11,%12,%13};"
                             : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
                             : "r"(one), "r"(one), "r"(one), "r"(one), "r"(one), "r"(one),
                               "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
                for (int e = 0; e < 4; e++) {
                    y[lane * 4 + e] = d[e];
                }
            }
            """;

    /** The CARE-like probe shape: 3 -> 16 channels, 3x3x3, an odd 5x7x9 volume. */
    private static final Shape X3D = Shape.of(1, 3, 5, 7, 9);
    private static final Shape W3D = Shape.of(16, 3, 3, 3, 3);

    private Tf32Probe() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "cvt";
        try (Engine engine = Engine.open((String) null)) {
            String result = run(engine, mode);
            System.out.println("PROBE " + mode + " on " + engine.device().name() + ": OK " + result);
        } catch (Throwable t) {
            System.out.println("PROBE " + mode + ": FAIL " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static String run(Engine engine, String mode) {
        return switch (mode) {
            case "cvt" -> cvt(engine);
            case "mma" -> mma(engine);
            case "pack" -> pack(engine);
            case "forward" -> passes(engine, ConvKernels.on(engine), Shape.of(1, 1, 1, 7), Shape.of(1, 1, 1, 1), 1);
            case "forward3d" -> passes(engine, ConvKernels.on(engine), X3D, W3D, 1);
            case "data" -> passes(engine, ConvKernels.on(engine), X3D, W3D, 2);
            case "weights" -> passes(engine, ConvKernels.on(engine), X3D, W3D, 3);
            case "emulated" -> passes(engine, emulated(engine), X3D, W3D, 3);
            case "verbose" -> verbose(engine);
            default -> mode.startsWith("patched:") ? patched(engine, mode.substring(8)) : unknown(mode);
        };
    }

    private static String unknown(String mode) {
        throw new IllegalArgumentException("unknown mode " + mode);
    }

    /**
     * The forward TF32 kernel with parts of conv_tf32.cl cut out or changed (comma-separated: none, noepilogue, nox,
     * nowstage, nomma, noload; scalar: the weight staging with scalar local stores), launched as
     * {@link ConvKernels#forwardTf32} does on the 3D probe shape: which part faults.
     */
    private static String patched(Engine engine, String cuts) {
        String text = KernelSource.load(ConvKernels.class, "conv_tf32.cl").text();
        for (String cut : cuts.split(",")) {
            String[][] edits = switch (cut) {
                case "none" -> new String[0][];
                case "noepilogue" -> new String[][] {{"y[o] = relu ? fmax(v, 0.0f) : v;", "(void) v;"}};
                case "nox" -> new String[][] {{"conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw)", "1.0f"}};
                case "nowstage" -> new String[][] {{"ws4[i] = ((__global const float4*) (src + (long) tg * nTiles8 * 64))[q];", "(void) tg; (void) q;"}};
                case "scalar" -> new String[][] {{"ws4[i] = ((__global const float4*) (src + (long) tg * nTiles8 * 64))[q];",
                        "const float4 v4 = ((__global const float4*) (src + (long) tg * nTiles8 * 64))[q]; ws[4 * i] = v4.x; "
                                + "ws[4 * i + 1] = v4.y; ws[4 * i + 2] = v4.z; ws[4 * i + 3] = v4.w;"}};
                case "nomma" -> new String[][] {{"WARP_MMA(&acc[0][0][0], &af[0][0], &bf[0][0], MT, NT);", ""}};
                case "noload" -> new String[][] {{"af[i][0] = as_uint(p[0]);", "af[i][0] = 0;"}, {"af[i][1] = as_uint(p[8]);", "af[i][1] = 0;"},
                        {"af[i][2] = as_uint(p[4 * CS]);", "af[i][2] = 0;"}, {"af[i][3] = as_uint(p[4 * CS + 8]);", "af[i][3] = 0;"},
                        {"const float2 bv = *(__local const float2*) (ws + (((kh * KW + kw) * (BN / 8) + wn * NT + j) * 32\n                                    + lane) * 2);", "const float2 bv = (float2) (0.0f, 0.0f);"}};
                default -> throw new IllegalArgumentException("unknown cut " + cut);
            };
            for (String[] e : edits) {
                if (!text.contains(e[0])) {
                    throw new IllegalStateException("cut " + cut + ": text not found: " + e[0]);
                }
                text = text.replace(e[0], e[1]);
            }
        }
        ConvGeometry g = ConvGeometry.of(X3D, W3D);
        ConvKernels kernels = ConvKernels.on(engine);
        ConvTf32Tunables tile = kernels.tf32Tile(g);
        boolean ptx = tile.ptx(engine.device());
        int rows = tile.tapRowsPerStage(g, engine.device().localMemBytes(), ptx);
        try (Scope scope = engine.scope()) {
            Tensor x = DeviceChecks.upload(engine, DoubleTensor.uniform(X3D, 1, -1, 1));
            Tensor w = DeviceChecks.upload(engine, DoubleTensor.uniform(W3D, 2, -1, 1));
            Tensor wf = engine.zeros(Shape.of(tile.packedWeights(g)));
            kernels.weightsPackTf32(wf, w, g, false);
            Tensor y = engine.zeros(Shape.of(1, 16, 5, 7, 9));
            long threads = tile.threads();
            long coBlocks = (g.cout() + tile.bn() - 1) / tile.bn();
            KernelSource src = KernelSource.join(KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl"),
                    KernelSource.of("conv_tf32_patched.cl", text));
            engine.cl().program(src, tile.options(ptx)).kernel("conv3d_forward_tf32").call().arg(y.buffer())
                    .arg(x.buffer()).arg(x.buffer()).arg(wf.buffer()).arg(wf.buffer()).arg(y.buffer())
                    .local(4 * tile.haloFloats(g)).local(4L * rows * tile.weightRowFloats(g))
                    .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(tile.coutPad(g)).arg(g.d()).arg(g.h()).arg(g.w())
                    .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(0).arg(1).arg(1).arg(1).arg(rows).arg(0).arg(0).arg(0)
                    .launch(new long[] {(g.w() + tile.tw() - 1) / tile.tw() * threads, (g.h() + tile.th() - 1) / tile.th(),
                            (long) g.n() * g.d() * coBlocks}, new long[] {threads, 1, 1});
            float[] out = y.toArray();
            return "tile " + tile.options(ptx) + ", rows " + rows + ", local " + (4 * tile.haloFloats(g)) + " + "
                    + (4L * rows * tile.weightRowFloats(g)) + " B, threads " + threads + ", y[0] " + out[0];
        }
    }

    private static String cvt(Engine engine) {
        float u = (float) Math.scalb(1.0, -11);
        float[] in = {1 + u / 2, 1 + u, -(1 + u), 3, 0.1f, 1e-30f, Float.NaN, 7};
        try (Scope scope = engine.scope()) {
            Tensor x = engine.tensor(Shape.of(in.length), in);
            Tensor y = engine.zeros(Shape.of(in.length));
            engine.cl().program(KernelSource.of("probe.cl", ASM), "").kernel("probe_cvt").call().arg(y.buffer())
                    .arg(x.buffer()).launch(new long[] {in.length}, new long[] {in.length});
            return Arrays.toString(y.toArray());
        }
    }

    private static String mma(Engine engine) {
        try (Scope scope = engine.scope()) {
            Tensor y = engine.zeros(Shape.of(128));
            engine.cl().program(KernelSource.of("probe.cl", ASM), "").kernel("probe_mma").call().arg(y.buffer())
                    .launch(new long[] {32}, new long[] {32});
            float[] d = y.toArray();
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 8 + i / 4) {
                    throw new AssertionError("mma element " + i + " = " + d[i] + ", expected " + (8 + i / 4));
                }
            }
            return "D = 8 + lane everywhere";
        }
    }

    private static String pack(Engine engine) {
        ConvGeometry g = ConvGeometry.of(X3D, W3D);
        ConvKernels kernels = ConvKernels.on(engine);
        try (Scope scope = engine.scope()) {
            Tensor w = DeviceChecks.upload(engine, DoubleTensor.uniform(W3D, 1, -1, 1));
            Tensor packed = engine.zeros(Shape.of(kernels.tf32Tile(g).packedWeights(g)));
            kernels.weightsPackTf32(packed, w, g, false);
            float[] p = packed.toArray();
            return p.length + " floats packed, first " + p[0];
        }
    }

    /** passes 1: forward; 2: + backward data; 3: + backward weights; each read back and compared loosely. */
    private static String passes(Engine engine, ConvKernels kernels, Shape xs, Shape ws, int passes) {
        ConvGeometry geo = ConvGeometry.of(xs, ws);
        try (Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(xs, 3, -1, 1).roundedToFloat();
            DoubleTensor w = DoubleTensor.uniform(ws, 4, -0.5, 0.5).roundedToFloat();
            ConvPasses p = ConvPasses.on(engine, kernels, ConvVariant.GPU_TF32, geo);
            Tensor xd = DeviceChecks.upload(engine, x);
            Tensor wd = DeviceChecks.upload(engine, w);
            Tensor y = p.forward(xd, wd, null, false);
            StringBuilder out = new StringBuilder("forward " + maxError(ConvRef.forward(x, w, null, false), y));
            if (passes >= 2) {
                DoubleTensor dy = DoubleTensor.uniform(y.shape(), 5, -1, 1).roundedToFloat();
                try (ConvPasses.Gradient grad = p.gradient(DeviceChecks.upload(engine, dy), null)) {
                    Tensor dx = p.backwardData(grad, wd, xs);
                    out.append(", data ").append(maxError(ConvRef.backwardData(dy, w, xs), dx));
                    if (passes >= 3) {
                        Tensor[] dwb = p.backwardWeights(xd, grad, ws, false);
                        out.append(", weights ").append(maxError(ConvRef.backwardWeights(x, dy, ws), dwb[0]));
                    }
                }
            }
            return out.toString();
        }
    }

    private static String maxError(DoubleTensor expected, Tensor actual) {
        float[] got = actual.toArray();
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected.data()[i]));
        }
        return String.format(Locale.ROOT, "max |error| %.3g", worst);
    }

    private static ConvKernels emulated(Engine engine) {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        return ConvKernels.on(engine, new ConvTunables("emulated", base.cpu(), base.gpu(), base.tf32().emulated()));
    }

    private static String verbose(Engine engine) {
        ConvTf32Tunables base = ConvTunables.forDevice(engine.device()).tf32();
        StringBuilder out = new StringBuilder();
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(Shape.of(1, 1, 1, 7), Shape.of(1, 1, 1, 1)),
                ConvGeometry.of(Shape.of(16, 32, 16, 64, 64), Shape.of(32, 32, 3, 3, 3))}) {
            ConvTf32Tunables tile = base.forGeometry(g);
            for (String options : new String[] {tile.options(tile.ptx(engine.device())),
                    base.weightsOptions(g, base.ptx(engine.device()))}) {
                String log = engine.cl().program(KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl", "conv_tf32.cl"),
                        options + " -cl-nv-verbose").buildLog();
                out.append("\n  [").append(options).append("]\n").append(log.strip());
            }
        }
        return out.toString();
    }
}
