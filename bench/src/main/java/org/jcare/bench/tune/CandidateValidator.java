package org.jcare.bench.tune;

import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.BufferPool;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvPasses;
import org.jcare.kernels.conv.ConvRef;
import org.jcare.kernels.conv.ConvVariant;

/**
 * Checks a candidate against the float64 reference ({@link ConvRef}) before it is timed: forward (with bias),
 * backward data and backward weights (+ bias) on small shapes with the signature's channels and kernel, sizes that
 * are no multiple of any tile (partial GPU tiles; on CPUs one width in the flattened and one in the row mode).
 * Every free buffer of the pool up to the sizes the candidate uses is filled with NaN first, so a kernel that
 * leaves an output element unwritten, or reads memory nobody wrote, produces NaN and is rejected. The reference
 * is computed once per signature; tolerance as in the kernel tests (NMSE 1e-10, max |error| 1e-4 (1 + max |ref|)).
 */
final class CandidateValidator implements AutoCloseable {
    /** NMSE bound for float32 kernels against the float64 reference. */
    static final double NMSE = 1e-10;
    private static final int POISON_COPIES = 6;

    /** One validation shape: its inputs on the device and its reference outputs. */
    private record Case(ConvGeometry g, Shape xShape, Shape wShape, Tensor x, Tensor w, Tensor b, Tensor dy,
                        DoubleTensor y, DoubleTensor dx, DoubleTensor dw, DoubleTensor db) {
        String describe() {
            return "n" + g.n() + " " + g.describe() + " at " + (g.d() > 1 ? g.d() + "x" : "") + g.h() + "x" + g.w();
        }
    }

    private final Engine engine;
    private final TunerPasses.Factory factory;
    private final ConvVariant variant;
    private final List<Case> cases = new ArrayList<>();
    private final double referenceSeconds;

    private CandidateValidator(Engine engine, TunerPasses.Factory factory, ConvVariant variant, LayerSignature sig,
                               int vectorWidth) {
        this.engine = engine;
        this.factory = factory;
        this.variant = variant;
        long t0 = System.nanoTime();
        ConvGeometry s = sig.geometry();
        boolean threeD = s.kd() > 1 || s.d() > 1;
        List<int[]> sizes = new ArrayList<>(); // {n, d, h, w}
        if (variant == ConvVariant.CPU) {
            sizes.add(new int[] {2, threeD ? 2 : 1, threeD ? 5 : 7, 13});
            sizes.add(new int[] {1, threeD ? 2 : 1, threeD ? 3 : 4, 3 * vectorWidth});
        } else {
            sizes.add(new int[] {2, threeD ? 2 : 1, threeD ? 5 : 7, 40});
        }
        long seed = sig.name().hashCode();
        try {
            for (int[] z : sizes) {
                Shape xs = threeD ? Shape.of(z[0], s.cin(), z[1], z[2], z[3]) : Shape.of(z[0], s.cin(), z[2], z[3]);
                Shape ws = threeD ? Shape.of(s.cout(), s.cin(), s.kd(), s.kh(), s.kw()) : Shape.of(s.cout(), s.cin(), s.kh(), s.kw());
                DoubleTensor x = DoubleTensor.uniform(xs, seed++, -1, 1).roundedToFloat();
                DoubleTensor w = DoubleTensor.uniform(ws, seed++, -0.5, 0.5).roundedToFloat();
                DoubleTensor b = DoubleTensor.uniform(Shape.of(s.cout()), seed++, -0.3, 0.3).roundedToFloat();
                DoubleTensor y = ConvRef.forward(x, w, b, false);
                DoubleTensor dy = DoubleTensor.uniform(y.shape(), seed++, -1, 1).roundedToFloat();
                cases.add(new Case(ConvGeometry.of(xs, ws), xs, ws, upload(x), upload(w), upload(b), upload(dy), y,
                        ConvRef.backwardData(dy, w, xs), ConvRef.backwardWeights(x, dy, ws), ConvRef.backwardBias(dy)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        referenceSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** The validator of {@code sig}: reference outputs computed now, inputs uploaded. */
    static CandidateValidator prepare(Engine engine, TunerPasses.Factory factory, ConvVariant variant, LayerSignature sig,
                                      int vectorWidth) {
        return new CandidateValidator(engine, factory, variant, sig, vectorWidth);
    }

    /** Seconds the float64 reference took. */
    double referenceSeconds() {
        return referenceSeconds;
    }

    private Tensor upload(DoubleTensor t) {
        return engine.tensor(t.shape(), t.toFloats());
    }

    /** Null when {@code kernels}' tunables give the reference's results on every shape, else why not. */
    String check(ConvKernels kernels) {
        for (Case c : cases) {
            try {
                poison(boundBytes(kernels, c.g()));
                String why = run(kernels, c);
                if (why != null) {
                    return why + " (validation shape " + c.describe() + ")";
                }
            } catch (RuntimeException e) {
                String msg = String.valueOf(e.getMessage());
                int nl = msg.indexOf('\n');
                return "failed on validation shape " + c.describe() + ": " + e.getClass().getSimpleName() + ": "
                        + (nl >= 0 ? msg.substring(0, nl) : msg);
            }
        }
        return null;
    }

    private String run(ConvKernels kernels, Case c) {
        TunerPasses p = factory.open(engine, kernels, variant, c.g());
        try (Tensor y = p.forward(c.x(), c.w(), c.b(), false)) {
            String why = compare("forward", c.y(), y);
            if (why != null) {
                return why;
            }
        }
        try (ConvPasses.Gradient grad = p.gradient(c.dy(), null)) {
            try (Tensor dx = p.backwardData(grad, c.w(), c.xShape())) {
                String why = compare("backward-data", c.dx(), dx);
                if (why != null) {
                    return why;
                }
            }
            Tensor[] r = p.backwardWeights(c.x(), grad, c.wShape(), true);
            try {
                String why = compare("backward-weights dw", c.dw(), r[0]);
                return why != null ? why : compare("backward-weights db", c.db(), r[1]);
            } finally {
                for (Tensor t : r) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }
    }

    private static String compare(String what, DoubleTensor expected, Tensor actual) {
        if (actual == null || !expected.shape().equals(actual.shape())) {
            return what + ": shape " + (actual == null ? "none" : actual.shape()) + ", expected " + expected.shape();
        }
        double max = 0;
        for (double v : expected.data()) {
            max = Math.max(max, Math.abs(v));
        }
        Comparison cmp = Comparison.of(expected.data(), actual.toArray());
        return cmp.within(NMSE, 1e-4 * (1 + max)) ? null : "mismatch: " + cmp.describe(what, expected.shape());
    }

    /** An upper bound on the bytes of any buffer the passes of {@code kernels} allocate for {@code g}. */
    private long boundBytes(ConvKernels kernels, ConvGeometry g) {
        long channels = Math.max(g.cin(), g.cout());
        long padded = (long) g.n() * channels * g.dp() * g.hp() * g.wp() + 4096;
        long chunks = variant == ConvVariant.CPU ? kernels.cpuWeightChunks(g) : kernels.gpuWeightChunks(g);
        long partials = chunks * ((long) g.weightCount() + g.cout());
        // packed weights (forward and the flipped ones of backward data), Cout padded by less than 16
        long packed = Math.max((long) g.cin() * (g.cout() + 16), (long) g.cout() * (g.cin() + 16)) * g.taps();
        return 4 * Math.max(padded, Math.max(partials, packed));
    }

    /**
     * Fills {@value #POISON_COPIES} buffers of every pool size class up to {@code maxBytes} with NaN and returns
     * them: the pool hands out the most recently returned buffer first, so the candidate's outputs and
     * temporaries start as NaN.
     */
    private void poison(long maxBytes) {
        List<Tensor> held = new ArrayList<>();
        try {
            for (long bytes = 256; bytes <= BufferPool.sizeClass(maxBytes); bytes = BufferPool.sizeClass(bytes + 1)) {
                for (int i = 0; i < POISON_COPIES; i++) {
                    held.add(engine.full(Shape.of(bytes / 4), Float.NaN));
                }
            }
        } finally {
            held.forEach(Tensor::close);
        }
    }

    @Override
    public void close() {
        for (Case c : cases) {
            for (Tensor t : new Tensor[] {c.x(), c.w(), c.b(), c.dy()}) {
                t.close();
            }
        }
        cases.clear();
    }
}
