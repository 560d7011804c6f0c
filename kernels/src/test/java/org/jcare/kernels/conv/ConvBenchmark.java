package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.engine.cl.KernelProfiler;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * Convolution benchmark (a main class, not a test): forward, backward-data and backward-weights (+ bias) of each
 * shape, device time from OpenCL profiling events summed over every kernel of the pass (padding and weight
 * re-layouts included; grad-prep, the ReLU mask and padding of dY, is shown on its own line and counted once
 * per step), median of N runs after one warm-up, as GFLOP/s with FLOPs = 2 * N*Cout*D*H*W *
 * Cin*kd*kh*kw per pass (the fastest run is printed too: on a shared machine it is the best estimate of the
 * unloaded speed). The CARE rows are every conv layer of the default CARE U-Nets (depth 2, 32 filters;
 * 3D 3x3x3 at batch 4 x 16x32x32, 2D 5x5 at batch 4 x 64x64) with their multiplicity, summed into the
 * convolution time of one training step. {@code torch_conv_bench.py} (test resources) times the same shapes in
 * PyTorch.
 *
 * <pre>
 * java -cp ... org.jcare.kernels.conv.ConvBenchmark [--device SPEC] [--variant AUTO|NAIVE|CPU|GPU|GPU_TF32|GPU_BF16]
 *      [--precision fp32|tf32|bf16] [--runs N] [--only name,name]
 *      [--cpu vw,rwv,rco,local,ns,cb,wrco,wrt,wlocal,stripsPerChunk] [--tf32 tw,th,bn,wm,wn[,maxRegisters]]
 *      [--tf32-weights bm,nci,taps,seg] [--stages N] [--generic-input] [--nv-verbose] [--skip-large] [--kernels] [--json]
 * </pre>
 *
 * {@code --precision tf32} (bf16) with the AUTO variant is what the training loop does ({@link ConvVariant#GPU_TF32}
 * ({@link ConvVariant#GPU_BF16}) on NVIDIA sm_80+, fp32 elsewhere); {@code --variant GPU_TF32} or {@code GPU_BF16}
 * forces the tensor-core kernels (the emulation where there are no tensor cores: slow). {@code --tf32} replaces the
 * tensor-core forward tile, {@code --tf32-weights} the weight-gradient tile, {@code --stages} the kernel generation (0:
 * the single-stage TF32 kernels, 1 to 4: the pipelined ones); {@code --generic-input} builds every kernel with the
 * generic input loader (the concatenation branch kept for plain inputs: the A/B of that specialization);
 * {@code --nv-verbose} prints the ptxas lines (registers, spills, shared memory) of the tensor-core programs of the
 * first shape, built with {@code -cl-nv-verbose}.
 */
public final class ConvBenchmark {
    /** A benchmark shape; {@code count} is how often the layer occurs in the CARE net (0 = not a CARE layer). */
    record Bench(String name, int n, int cin, int cout, int[] spatial, int[] kernel, int count, boolean firstLayer) {
        Shape x() {
            long[] d = new long[2 + spatial.length];
            d[0] = n;
            d[1] = cin;
            for (int i = 0; i < spatial.length; i++) {
                d[2 + i] = spatial[i];
            }
            return Shape.of(d);
        }

        Shape w() {
            long[] d = new long[2 + kernel.length];
            d[0] = cout;
            d[1] = cin;
            for (int i = 0; i < kernel.length; i++) {
                d[2 + i] = kernel[i];
            }
            return Shape.of(d);
        }
    }

    private static Bench b(String name, int n, int cin, int cout, int[] sp, int[] k, int count) {
        return new Bench(name, n, cin, cout, sp, k, count, cin == 1 && count > 0);
    }

    private static final int[] K3 = {3, 3, 3};
    private static final int[] K5 = {5, 5};
    private static final int[] L0_3D = {16, 32, 32};
    private static final int[] L1_3D = {8, 16, 16};
    private static final int[] L2_3D = {4, 8, 8};
    private static final int[] L0_2D = {64, 64};
    private static final int[] L1_2D = {32, 32};
    private static final int[] L2_2D = {16, 16};

    /** Keep in sync with SHAPES in torch_conv_bench.py. */
    static final List<Bench> SHAPES = List.of(
            b("a-3d-32-32-k3-b16-16x64x64", 16, 32, 32, new int[] {16, 64, 64}, K3, 0),
            b("b-2d-32-32-k5-b16-128x128", 16, 32, 32, new int[] {128, 128}, K5, 0),
            b("care3d-1-32-b4-16x32x32", 4, 1, 32, L0_3D, K3, 1),
            b("care3d-32-32-b4-16x32x32", 4, 32, 32, L0_3D, K3, 2),
            b("care3d-64-32-b4-16x32x32", 4, 64, 32, L0_3D, K3, 1),
            b("care3d-32-64-b4-8x16x16", 4, 32, 64, L1_3D, K3, 1),
            b("care3d-64-64-b4-8x16x16", 4, 64, 64, L1_3D, K3, 1),
            b("care3d-128-64-b4-8x16x16", 4, 128, 64, L1_3D, K3, 1),
            b("care3d-64-32-b4-8x16x16", 4, 64, 32, L1_3D, K3, 1),
            b("care3d-64-128-b4-4x8x8", 4, 64, 128, L2_3D, K3, 1),
            b("care3d-128-64-b4-4x8x8", 4, 128, 64, L2_3D, K3, 1),
            b("care3d-32-1-k1-b4-16x32x32", 4, 32, 1, L0_3D, new int[] {1, 1, 1}, 1),
            b("care2d-1-32-b4-64x64", 4, 1, 32, L0_2D, K5, 1),
            b("care2d-32-32-b4-64x64", 4, 32, 32, L0_2D, K5, 2),
            b("care2d-64-32-b4-64x64", 4, 64, 32, L0_2D, K5, 1),
            b("care2d-32-64-b4-32x32", 4, 32, 64, L1_2D, K5, 1),
            b("care2d-64-64-b4-32x32", 4, 64, 64, L1_2D, K5, 1),
            b("care2d-128-64-b4-32x32", 4, 128, 64, L1_2D, K5, 1),
            b("care2d-64-32-b4-32x32", 4, 64, 32, L1_2D, K5, 1),
            b("care2d-64-128-b4-16x16", 4, 64, 128, L2_2D, K5, 1),
            b("care2d-128-64-b4-16x16", 4, 128, 64, L2_2D, K5, 1),
            b("care2d-32-1-k1-b4-64x64", 4, 32, 1, L0_2D, new int[] {1, 1}, 1));

    /** Print the per-kernel times of each pass (last run). */
    private static boolean breakdown;
    /** Print JSON lines instead of the table. */
    private static boolean json;

    private ConvBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        String device = null;
        ConvVariant variant = ConvVariant.AUTO;
        int runs = 5;
        Set<String> only = new HashSet<>();
        String cpu = null;
        boolean skipLarge = false;
        Precision precision = Precision.FP32;
        String tf32 = null;
        String tf32Weights = null;
        int stages = -1;
        boolean genericInput = false;
        boolean nvVerbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> device = args[++i];
                case "--variant" -> variant = ConvVariant.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
                case "--cpu" -> cpu = args[++i];
                case "--precision" -> precision = Precision.parse(args[++i]);
                case "--tf32" -> tf32 = args[++i];
                case "--tf32-weights" -> tf32Weights = args[++i];
                case "--stages" -> stages = Integer.parseInt(args[++i]);
                case "--generic-input" -> genericInput = true;
                case "--nv-verbose" -> nvVerbose = true;
                case "--skip-large" -> skipLarge = true;
                case "--kernels" -> breakdown = true;
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try (Engine engine = Engine.open(device)) {
            engine.precision(precision);
            ConvTunables tunables = ConvTunables.forDevice(engine.device());
            if (cpu != null) {
                int[] v = Arrays.stream(cpu.split(",")).mapToInt(Integer::parseInt).toArray();
                tunables = new ConvTunables("custom", new ConvTunables.Cpu(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                        v[8], v[9]), tunables.gpu(), tunables.tf32());
            }
            if (tf32 != null || tf32Weights != null) {
                ConvTf32Tunables d = tunables.tf32();
                int[] v = tf32 == null ? new int[] {d.tw(), d.th(), d.bn(), d.wm(), d.wn(), d.maxRegisters()}
                        : Arrays.stream(tf32.split(",")).mapToInt(Integer::parseInt).toArray();
                int[] u = tf32Weights == null ? null : Arrays.stream(tf32Weights.split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                ConvTf32Weights weights = u == null ? d.weights() : new ConvTf32Weights(u[0], u[1], u[2], u[3]);
                tunables = new ConvTunables("custom-tf32", tunables.cpu(), tunables.gpu(),
                        new ConvTf32Tunables(v[0], v[1], v[2], v[3], v[4], 0, v.length > 5 ? v[5] : 0, false, weights,
                                d.stages()));
            }
            if (stages >= 0) {
                tunables = new ConvTunables(tunables.name() + "-stages" + stages, tunables.cpu(), tunables.gpu(),
                        tunables.tf32().withStages(stages));
            }
            boolean tensorCores = variant == ConvVariant.GPU_TF32 || variant == ConvVariant.GPU_BF16
                    || (variant == ConvVariant.AUTO && precision.usesTensorCores()
                    && ConvVariant.tensorCores(engine.device()));
            boolean bf16 = variant == ConvVariant.GPU_BF16 || (variant == ConvVariant.AUTO && precision == Precision.BF16);
            if (nvVerbose && tensorCores) {
                printBuildLog(engine, tunables, only, bf16);
            }
            ConvKernels kernels = ConvKernels.on(engine, tunables);
            if (genericInput) {
                kernels = kernels.genericInputs();
            }
            KernelProfiler profiler = new KernelProfiler();
            engine.cl().profiler(profiler);
            System.out.printf(Locale.ROOT, "# device %s (%s), driver %s, precision %s, tunables %s%s %s%s, median and"
                            + " fastest of %d runs%n", engine.device().name(), engine.device().platformName(),
                    engine.device().driverVersion(), precision.name().toLowerCase(Locale.ROOT), tunables.name(),
                    genericInput ? " (generic input loader)" : "",
                    engine.device().isCpu() ? tunables.cpu() : tunables.gpu(),
                    tensorCores ? " " + tunables.tf32() + (tunables.tf32().ptx(engine.device()) ? " (inline PTX)"
                            : " (emulated)") : "", runs);
            double[] care3d = new double[2];
            double[] care2d = new double[2];
            for (Bench bench : SHAPES) {
                if (!only.isEmpty() && !only.contains(bench.name())) {
                    continue;
                }
                if (skipLarge && bench.count() == 0) {
                    continue;
                }
                double[] stepMs = run(engine, kernels, profiler, variant, bench, runs);
                double[] total = bench.spatial().length == 3 ? care3d : care2d;
                total[0] += stepMs[0] * bench.count();
                total[1] += stepMs[1] * bench.count();
            }
            if (only.isEmpty()) {
                System.out.printf(Locale.ROOT, "# CARE step, convolutions only (median): 3D %.1f ms, 2D %.1f ms%n",
                        care3d[0], care2d[0]);
                System.out.printf(Locale.ROOT, "# CARE step, convolutions only (fastest): 3D %.1f ms, 2D %.1f ms%n",
                        care3d[1], care2d[1]);
            }
        }
    }

    /**
     * Times one shape; returns the (median, fastest) milliseconds of the passes a training step needs (no dx for
     * a first layer).
     */
    private static double[] run(Engine engine, ConvKernels kernels, KernelProfiler profiler, ConvVariant variant,
                              Bench bench, int runs) {
        try (Scope scope = engine.scope()) {
            ConvGeometry g = ConvGeometry.of(bench.x(), bench.w());
            ConvPasses p = ConvPasses.on(engine, kernels, variant, g);
            Random r = new Random(1);
            Tensor x = random(engine, bench.x(), r, 1);
            Tensor w = random(engine, bench.w(), r, (float) Math.sqrt(1.0 / (bench.cin() * g.taps())));
            Tensor b = random(engine, Shape.of(bench.cout()), r, 0.1f);
            Tensor y = p.forward(x, w, b, true);
            Tensor dy = random(engine, y.shape(), r, 1);
            double[] fwd = time(profiler, runs, () -> p.forward(x, w, b, true));
            double[] prep = time(profiler, runs, () -> {
                p.gradient(dy, y).close();
                return null;
            });
            double[] bwdData;
            double[] bwdWeights;
            try (ConvPasses.Gradient grad = p.gradient(dy, y)) {
                bwdData = time(profiler, runs, () -> p.backwardData(grad, w, bench.x()));
                bwdWeights = time(profiler, runs, () -> p.backwardWeights(x, grad, bench.w(), true));
            }
            double gf = g.flops() / 1e6;
            String[] names = {"forward", "grad-prep", "backward-data", "backward-weights"};
            double[][] t = {fwd, prep, bwdData, bwdWeights};
            for (int i = 0; i < names.length; i++) {
                if (json) {
                    System.out.printf(Locale.ROOT, "{\"bench\":\"conv\",\"shape\":\"%s\",\"pass\":\"%s\",\"variant\":\"%s\","
                                    + "\"device\":\"%s\",\"driver\":\"%s\",\"tunables\":\"%s\",\"flops\":%.0f,"
                                    + "\"median_ms\":%.4f,\"fastest_ms\":%.4f,\"gflops_median\":%.2f}%n",
                            bench.name(), names[i], p.variant(), engine.device().name(), engine.device().driverVersion(),
                            kernels.tunables().name(), i == 1 ? 0 : g.flops(), t[i][0], t[i][1], i == 1 ? 0 : gf / t[i][0]);
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-32s %-17s median %10.3f ms %8.2f GFLOP/s | fastest %10.3f ms %8.2f GFLOP/s"
                                + " | %s%n", bench.name(), names[i], t[i][0], i == 1 ? 0 : gf / t[i][0], t[i][1],
                        i == 1 ? 0 : gf / t[i][1], p.variant());
            }
            double[] step = new double[2];
            for (int k = 0; k < 2; k++) {
                step[k] = fwd[k] + prep[k] + (bench.firstLayer() ? 0 : bwdData[k]) + bwdWeights[k];
            }
            return step;
        }
    }

    /**
     * Builds the tensor-core programs (forward, weights) of the first selected shape with -cl-nv-verbose, the
     * single-stage ones of conv_tf32.cl or the pipelined ones of conv_mma.cl as the tile says; prints ptxas lines.
     */
    private static void printBuildLog(Engine engine, ConvTunables tunables, Set<String> only, boolean bf16) {
        Bench first = SHAPES.stream().filter(b -> only.isEmpty() || only.contains(b.name())).findFirst().orElseThrow();
        ConvGeometry g = ConvGeometry.of(first.x(), first.w());
        ConvTf32Tunables base = bf16 ? tunables.tf32().forBf16() : tunables.tf32();
        ConvTf32Tunables tile = base.forGeometry(g);
        boolean ptx = tile.ptx(engine.device());
        boolean pipelined = base.pipelined();
        String file = pipelined ? "conv_mma.cl" : "conv_tf32.cl";
        String[] builds = pipelined
                ? new String[] {tile.mmaOptions(tile.mmaStages(g, engine.device().localMemBytes(), ptx, bf16), bf16, true,
                        ptx), base.mmaWeightsOptions(g, base.mmaWeightsStages(engine.device(), g, bf16), bf16, ptx)}
                : new String[] {tile.options(ptx), base.weightsOptions(g, ptx)};
        for (String options : builds) {
            options += " -cl-nv-verbose";
            String log = engine.cl().program(KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl", file),
                    options).buildLog();
            System.out.println("# " + file + " for " + first.name() + " with '" + options + "':");
            log.lines().filter(l -> l.contains("ptxas") || l.contains("registers") || l.contains("spill")
                    || l.contains("error")).forEach(l -> System.out.println("#   " + l.trim()));
        }
    }

    private static Tensor random(Engine engine, Shape s, Random r, float scale) {
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return engine.tensor(s, v);
    }

    /** (Median, fastest) device milliseconds of {@code runs} calls after one warm-up; results are closed at once. */
    private static double[] time(KernelProfiler profiler, int runs, Supplier<Object> pass) {
        closeAll(pass.get());
        profiler.reset();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            Object out = pass.get();
            profiler.collect();
            double sum = 0;
            for (KernelProfiler.Entry e : profiler.entries()) {
                sum += e.milliseconds();
            }
            ms[i] = sum;
            if (breakdown && i == runs - 1) {
                for (KernelProfiler.Entry e : profiler.entries()) {
                    System.out.printf(Locale.ROOT, "    %-36s %4d launches %9.3f ms%n", e.kernel(), e.launches(), e.milliseconds());
                }
            }
            profiler.reset();
            closeAll(out);
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[0]};
    }

    private static void closeAll(Object out) {
        List<Tensor> ts = new ArrayList<>();
        if (out instanceof Tensor t) {
            ts.add(t);
        } else if (out instanceof Tensor[] arr) {
            for (Tensor t : arr) {
                if (t != null) {
                    ts.add(t);
                }
            }
        }
        ts.forEach(Tensor::close);
    }
}
