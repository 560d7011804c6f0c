package org.jcare.kernels.conv;

import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * Takes the pipelined tensor-core kernels ({@code conv_mma.cl}) apart on a device, one step per process (a kernel
 * fault on NVIDIA poisons every later call of the process, so the caller runs each mode in its own JVM), as
 * {@link Tf32Probe} did for the first TF32 kernels: each new inline-PTX instruction alone against values computed here
 * ({@code cvt.rn.bf16x2}, {@code mma.sync} m16n8k16 BF16, {@code ldmatrix.x4}, {@code cp.async} with zero fill), then
 * the passes of the pipelined kernels on a small 3D shape in TF32 and BF16, and the ptxas report of their programs.
 * Prints one {@code PROBE} line per mode. bench/gpu/run3.sh runs the instruction probes before the device tests.
 *
 * <pre>java -cp ... org.jcare.kernels.conv.MmaProbe MODE   (bf16cvt | bf16mma | ldmatrix | cpasync | tf32 | bf16
 *      | verbose)</pre>
 */
public final class MmaProbe {
    private static final String ASM = """
            /* cvt.rn.bf16x2.f32 d, a, b: a in the upper half */
            __kernel void probe_bf16cvt(__global uint* y, __global const float* x) {
                const int i = get_global_id(0);
                uint r;
                asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x[2 * i + 1]), "f"(x[2 * i]));
                y[i] = r;
            }
            /* one warp, A = B = 1 (bf16 pairs), C = lane: D = 16 + lane in every element */
            __kernel void probe_bf16mma(__global float* y) {
                const int lane = get_local_id(0);
                const uint one = 0x3f803f80u;
                float c[4] = {lane, lane, lane, lane};
                float d[4];
                asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
                             "{%8,%9}, {%10,%11,%12,%13};"
                             : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
                             : "r"(one), "r"(one), "r"(one), "r"(one), "r"(one), "r"(one),
                               "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
                for (int e = 0; e < 4; e++) {
                    y[lane * 4 + e] = d[e];
                }
            }
            /* one warp: s[k] = k (128 floats = 32 rows of 16 bytes); lane l gives the row 8q + r of matrix q as
             * rows (31 - (8q + r)): lane l must get word l & 3 of row 31 - (8q + (l >> 2)) of each matrix q */
            __kernel void probe_ldmatrix(__global uint* y, __local float4* s4) {
                __local float* s = (__local float*) s4;
                const int lane = get_local_id(0);
                for (int k = lane; k < 128; k += 32) {
                    s[k] = (float) k;
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                const uint a = (uint) (ulong) (s + (31 - lane) * 4);
                uint r0, r1, r2, r3;
                asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                             : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(a));
                y[lane * 4 + 0] = r0;
                y[lane * 4 + 1] = r1;
                y[lane * 4 + 2] = r2;
                y[lane * 4 + 3] = r3;
            }
            /* 64 work-items copy x[i] (odd i: zero fill) into local memory with cp.async, wait, write it out reversed */
            __kernel void probe_cpasync(__global float* y, __global const float* x, __local float4* s4) {
                __local float* s = (__local float*) s4;
                const int i = get_local_id(0);
                s[i] = -1.0f;
                barrier(CLK_LOCAL_MEM_FENCE);
                const uint dst = (uint) (ulong) (s + i);
                asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;"
                             : : "r"(dst), "l"((ulong) (x + i)), "r"((i & 1) ? 0 : 4));
                asm volatile("cp.async.commit_group;");
                asm volatile("cp.async.wait_group 0;");
                barrier(CLK_LOCAL_MEM_FENCE);
                y[i] = s[63 - i];
            }
            """;

    /** The probe shape of the passes: 16 -> 24 channels (two k-slices, three n-tiles), 3x3x3, an odd 5x7x9 volume. */
    private static final Shape X = Shape.of(1, 16, 5, 7, 9);
    private static final Shape W = Shape.of(24, 16, 3, 3, 3);

    private MmaProbe() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "bf16cvt";
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
            case "bf16cvt" -> bf16cvt(engine);
            case "bf16mma" -> bf16mma(engine);
            case "ldmatrix" -> ldmatrix(engine);
            case "cpasync" -> cpasync(engine);
            case "tf32" -> passes(engine, ConvVariant.GPU_TF32);
            case "bf16" -> passes(engine, ConvVariant.GPU_BF16);
            case "verbose" -> verbose(engine);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private static float[] launch(Engine engine, String kernel, int outFloats, float[] in, long localBytes, int items) {
        try (Scope scope = engine.scope()) {
            Tensor y = engine.zeros(Shape.of(outFloats));
            var call = engine.cl().program(KernelSource.of("mma_probe.cl", ASM), "").kernel(kernel).call().arg(y.buffer());
            if (in != null) {
                call = call.arg(engine.tensor(Shape.of(in.length), in).buffer());
            }
            if (localBytes > 0) {
                call = call.local(localBytes);
            }
            call.launch(new long[] {items}, new long[] {items});
            return y.toArray();
        }
    }

    /** Round to nearest even: 1 + 2^-8 -> 1, 1 + 3 2^-8 -> 1 + 2^-6, signs, NaN stays NaN; lo in the low half. */
    private static String bf16cvt(Engine engine) {
        float u = (float) Math.scalb(1.0, -8);
        float[] in = {1 + u, 1 + 3 * u, -(1 + 3 * u), 3, 1e-30f, Float.NaN, 0.1f, -0.0f};
        float[] out = launch(engine, "probe_bf16cvt", in.length / 2, in, 0, in.length / 2);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < in.length / 2; i++) {
            int r = Float.floatToRawIntBits(out[i]);
            float lo = Float.intBitsToFloat(r << 16);
            float hi = Float.intBitsToFloat(r & 0xffff0000);
            check("pair " + i + " low", bf16(in[2 * i]), lo);
            check("pair " + i + " high", bf16(in[2 * i + 1]), hi);
            s.append(String.format(Locale.ROOT, "%08x ", r));
        }
        return "packed " + s.toString().trim();
    }

    /** The reference: round to nearest even to 8 significant bits (NaN as NaN). */
    private static float bf16(float f) {
        if (Float.isNaN(f)) {
            return f;
        }
        int u = Float.floatToRawIntBits(f);
        return Float.intBitsToFloat(((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) << 16);
    }

    private static void check(String what, float expected, float got) {
        boolean same = Float.isNaN(expected) ? Float.isNaN(got) : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(got);
        if (!same) {
            throw new AssertionError(what + ": " + got + ", expected " + expected);
        }
    }

    private static String bf16mma(Engine engine) {
        float[] d = launch(engine, "probe_bf16mma", 128, null, 0, 32);
        for (int i = 0; i < d.length; i++) {
            check("mma element " + i, 16 + i / 4, d[i]);
        }
        return "D = 16 + lane everywhere";
    }

    private static String ldmatrix(Engine engine) {
        float[] y = launch(engine, "probe_ldmatrix", 128, null, 512, 32);
        for (int lane = 0; lane < 32; lane++) {
            for (int q = 0; q < 4; q++) {
                int row = 31 - (8 * q + (lane >> 2));
                float expected = row * 4 + (lane & 3);
                check("lane " + lane + " matrix " + q, expected, y[lane * 4 + q]);
            }
        }
        return "every lane got word l & 3 of row l >> 2 of its four matrices";
    }

    private static String cpasync(Engine engine) {
        float[] in = new float[64];
        for (int i = 0; i < 64; i++) {
            in[i] = 100 + i;
        }
        float[] y = launch(engine, "probe_cpasync", 64, in, 256, 64);
        for (int i = 0; i < 64; i++) {
            int src = 63 - i;
            check("element " + i, (src & 1) == 0 ? 100 + src : 0, y[i]);
        }
        return "copied, zero-filled where src-size was 0";
    }

    /** Forward, backward data and weights of the pipelined kernels (2 stages) at TF32 or BF16 tolerance. */
    private static String passes(Engine engine, ConvVariant variant) {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        ConvKernels kernels = ConvKernels.on(engine, new ConvTunables("pipelined", base.cpu(), base.gpu(),
                base.tf32().withStages(2)));
        MmaChecks.checkCase(engine, kernels, variant, new ConvCase("probe 3d 16->24 k3 5x7x9", X, W, true));
        return MmaChecks.precisionOf(variant) + " forward, dx, dw, db within tolerance ("
                + (kernels.tunables().tf32().ptx(engine.device()) ? "inline PTX" : "emulation") + ")";
    }

    /** The ptxas lines of the pipelined programs of the CARE 3D level-0 layer, built with -cl-nv-verbose. */
    private static String verbose(Engine engine) {
        ConvTf32Tunables t = ConvTunables.forDevice(engine.device()).tf32().withStages(3);
        ConvGeometry g = ConvGeometry.of(Shape.of(16, 32, 16, 64, 64), Shape.of(32, 32, 3, 3, 3));
        boolean ptx = t.ptx(engine.device());
        StringBuilder out = new StringBuilder();
        for (boolean bf16 : new boolean[] {false, true}) {
            ConvTf32Tunables tile = t.forGeometry(g);
            int fit = tile.mmaStages(g, engine.device().localMemBytes(), ptx, bf16);
            for (String options : new String[] {tile.mmaOptions(fit, bf16, true, ptx),
                    t.mmaWeightsOptions(g, t.mmaWeightsStages(engine.device(), g, bf16), bf16, ptx)}) {
                String log = engine.cl().program(KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl",
                        "conv_mma.cl"), options + " -cl-nv-verbose").buildLog();
                out.append("\n  [").append(options).append("]\n").append(log.strip());
            }
        }
        return out.toString();
    }
}
