package org.jcare.bench.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvVariant;

/**
 * The candidates of one signature: the default first, then fixed seeds (GPU: the second start point of
 * OPENCL-KERNELS.md 6a), then a seeded random sample of a grid of values around the start points of 6a/6c
 * (section 8), filtered statically with a reason for each rejection:
 * <ul>
 *   <li>GPU forward: work-group (tw/rw) * th * (bco/rco) at most the device's maximum and a multiple of 32 (whole
 *       warps), rw * rco <= 128 accumulators, local memory within the device's, tw dividing W and th dividing H of
 *       the signature (a partial tile computes padding), bco no wider than the channels it produces.</li>
 *   <li>GPU weights: work-group (wbco/wrco) * input channels * kd*kh within the device's maximum and at least a
 *       warp (not a multiple of 32: the kd*kh factor is 9, 5 or 25), (kw + 1) * wrco <= 128 accumulators, local
 *       memory, wbco no wider than Cout, wtw no wider than W.</li>
 *   <li>CPU (the vector width follows the ISA and is not varied): forward rco * rwv and weights wrco * (wrt + 1)
 *       vector accumulators within the vector register file (16 registers, 32 with AVX-512), wrt no more than the
 *       taps, rco and wrco no wider than the channels.</li>
 * </ul>
 * Candidates that behave identically on the signature (for example split-K targets above the number of rows)
 * are tried once. The sample order depends only on the seed, the group and the kernel size, so signatures of one
 * kernel size share candidates and their compiled programs.
 */
public final class CandidateSpace {
    /** A candidate dropped before it was built, and why. */
    public record Rejection(String label, String reason) {
    }

    /** The candidates drawn for one signature and group: accepted in order (default first), and the rejected. */
    public record Drawn(List<Candidate> accepted, List<Rejection> rejected) {
    }

    /** Draws per accepted candidate: the sample is this many times the cap, before filtering. */
    private static final int OVERSAMPLE = 6;
    private static final int[][] GPU_FORWARD = {{16, 32, 64}, {1, 2, 4, 8, 16}, {1, 2, 4, 8}, {4, 8, 16},
        {16, 32, 64, 128}, {1, 2, 4, 8}};
    /** Fixed seeds tried before the random sample: the C_out >= 64 start point of OPENCL-KERNELS.md 6a. */
    private static final int[][] GPU_FORWARD_SEEDS = {{32, 4, 4, 16, 64, 2}};
    private static final int[][] GPU_WEIGHTS = {{16, 32, 64, 128}, {4, 8, 16}, {16, 32, 64, 128}, {128, 256, 512, 1024},
        {64, 128, 256, 512, 1024, 2048}};
    private static final int[][] CPU_FORWARD = {{1, 2, 3, 4}, {2, 3, 4, 6, 8, 12, 16}, {1, 2, 4, 8, 16}, {1, 2, 4},
        {4, 8, 16, 32, 64}};
    private static final int[][] CPU_WEIGHTS = {{1, 2, 3, 4, 6, 8}, {1, 2, 3, 4, 5, 6, 9}, {1, 2, 4, 8, 16},
        {16, 32, 64, 128, 256, 512, 1024}};

    private final DeviceInfo device;
    private final ConvTunables base;
    private final ConvVariant variant;
    private final long seed;
    private final Map<String, List<int[]>> pools = new HashMap<>();

    /** The space around {@code base} for {@code variant} (CPU or GPU) on {@code device}. */
    public CandidateSpace(DeviceInfo device, ConvTunables base, ConvVariant variant, long seed) {
        if (variant != ConvVariant.CPU && variant != ConvVariant.GPU) {
            throw new IllegalArgumentException("conv variant " + variant + " has no tunables to search");
        }
        this.device = device;
        this.base = base;
        this.variant = variant;
        this.seed = seed;
    }

    /** The default as a candidate. */
    public Candidate defaults() {
        return new Candidate(Candidate.Group.DEFAULT, "default " + label(Candidate.Group.FORWARD, base) + " | "
                + label(Candidate.Group.WEIGHTS, base), base);
    }

    /** Up to {@code cap} candidates of {@code group} (FORWARD or WEIGHTS) for {@code sig}, the default counted. */
    public Drawn draw(Candidate.Group group, LayerSignature sig, int cap) {
        if (group != Candidate.Group.FORWARD && group != Candidate.Group.WEIGHTS) {
            throw new IllegalArgumentException("draw FORWARD or WEIGHTS candidates, not " + group);
        }
        ConvGeometry g = sig.geometry();
        List<Candidate> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(effectiveKey(group, base, g));
        List<int[]> pool = new ArrayList<>();
        if (variant == ConvVariant.GPU && group == Candidate.Group.FORWARD) {
            pool.addAll(List.of(GPU_FORWARD_SEEDS));
        }
        List<int[]> sample = pool(group, g);
        pool.addAll(sample.subList(0, Math.min(sample.size(), Math.max(0, cap - 1) * OVERSAMPLE)));
        for (int i = 0; i < pool.size() && accepted.size() < cap - 1; i++) {
            int[] v = pool.get(i);
            ConvTunables t;
            try {
                t = build(group, v);
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejection(rawLabel(group, v), e.getMessage()));
                continue;
            }
            String label = label(group, t);
            String why = staticReason(group, t, sig);
            if (why != null) {
                rejected.add(new Rejection(label, why));
            } else if (seen.add(effectiveKey(group, t, g))) {
                accepted.add(new Candidate(group, label, t));
            }
        }
        return new Drawn(accepted, rejected);
    }

    /** The default with the forward tunables of {@code forward} and the weights tunables of {@code weights}. */
    public ConvTunables combine(ConvTunables forward, ConvTunables weights) {
        if (variant == ConvVariant.GPU) {
            ConvTunables.Gpu f = forward.gpu();
            ConvTunables.Gpu w = weights.gpu();
            return base.withGpu("tuned", new ConvTunables.Gpu(f.tw(), f.th(), f.rw(), f.rco(), f.bco(), f.ck(), w.wbco(),
                    w.wrco(), w.wtw(), w.wMaxThreads(), w.targetChunks()));
        }
        ConvTunables.Cpu f = forward.cpu();
        ConvTunables.Cpu w = weights.cpu();
        return base.withCpu("tuned", new ConvTunables.Cpu(f.vw(), f.rwv(), f.rco(), f.localSize(), f.ns(), f.cb(),
                w.wrco(), w.wrt(), w.wlocal(), w.stripsPerChunk()));
    }

    /** The shuffled grid of one group and kernel size (same order for every signature of that kernel size). */
    private List<int[]> pool(Candidate.Group group, ConvGeometry g) {
        String key = variant + " " + group + " " + g.kd() + "x" + g.kh() + "x" + g.kw();
        return pools.computeIfAbsent(key, k -> {
            int[][] axes = variant == ConvVariant.GPU
                    ? (group == Candidate.Group.FORWARD ? GPU_FORWARD : GPU_WEIGHTS)
                    : (group == Candidate.Group.FORWARD ? CPU_FORWARD : CPU_WEIGHTS);
            List<int[]> all = new ArrayList<>();
            product(axes, 0, new int[axes.length], all);
            Collections.shuffle(all, new Random(seed * 1_000_003L + k.hashCode()));
            return all;
        });
    }

    private static void product(int[][] axes, int i, int[] cur, List<int[]> out) {
        if (i == axes.length) {
            out.add(cur.clone());
            return;
        }
        for (int v : axes[i]) {
            cur[i] = v;
            product(axes, i + 1, cur, out);
        }
    }

    private ConvTunables build(Candidate.Group group, int[] v) {
        ConvTunables.Gpu d = base.gpu();
        ConvTunables.Cpu c = base.cpu();
        if (variant == ConvVariant.GPU) {
            ConvTunables.Gpu gpu = group == Candidate.Group.FORWARD
                    ? new ConvTunables.Gpu(v[0], v[1], v[2], v[3], v[4], v[5], d.wbco(), d.wrco(), d.wtw(), d.wMaxThreads(),
                    d.targetChunks())
                    : new ConvTunables.Gpu(d.tw(), d.th(), d.rw(), d.rco(), d.bco(), d.ck(), v[0], v[1], v[2], v[3], v[4]);
            return base.withGpu("candidate", gpu);
        }
        ConvTunables.Cpu cpu = group == Candidate.Group.FORWARD
                ? new ConvTunables.Cpu(c.vw(), v[0], v[1], v[2], v[3], v[4], c.wrco(), c.wrt(), c.wlocal(), c.stripsPerChunk())
                : new ConvTunables.Cpu(c.vw(), c.rwv(), c.rco(), c.localSize(), c.ns(), c.cb(), v[0], v[1], v[2], v[3]);
        return base.withCpu("candidate", cpu);
    }

    /** Null when {@code t} may run {@code sig} well, else why not (see the class comment). */
    String staticReason(Candidate.Group group, ConvTunables t, LayerSignature sig) {
        ConvGeometry g = sig.geometry();
        int channels = Math.max(g.cout(), sig.needsDataGradient() ? g.cin() : 0);
        if (variant == ConvVariant.GPU) {
            ConvTunables.Gpu p = t.gpu();
            long maxWg = Math.min(1024, device.maxWorkGroupSize());
            long local = device.localMemBytes();
            if (group == Candidate.Group.FORWARD) {
                long[] l = p.forwardLocal();
                long wg = l[0] * l[1] * l[2];
                if (wg > maxWg) {
                    return "forward work-group " + wg + " > device maximum " + maxWg;
                }
                if (wg % 32 != 0) {
                    return "forward work-group " + wg + " is not a multiple of 32 (whole warps)";
                }
                if ((long) p.rw() * p.rco() > 128) {
                    return "rw * rco = " + p.rw() * p.rco() + " accumulators > 128";
                }
                if (p.forwardLocalBytes(g) > local) {
                    return "forward local memory " + p.forwardLocalBytes(g) + " B > device " + local + " B";
                }
                if (g.w() % p.tw() != 0 && p.tw() > GPU_FORWARD[0][0]) {
                    return "tw " + p.tw() + " does not divide W = " + g.w();
                }
                if (g.h() % p.th() != 0) {
                    return "th " + p.th() + " does not divide H = " + g.h();
                }
                if (p.bco() > Math.max(GPU_FORWARD[4][0], channels)) {
                    return "bco " + p.bco() + " > " + channels + " channels";
                }
            } else {
                long[] l = p.weightsLocal(g);
                long wg = l[0] * l[1] * l[2];
                if (wg > maxWg) {
                    return "weights work-group " + wg + " > device maximum " + maxWg;
                }
                if (wg < 32) {
                    return "weights work-group " + wg + " < 32 (less than a warp)";
                }
                if ((long) (g.kw() + 1) * p.wrco() > 128) {
                    return "(kw + 1) * wrco = " + (g.kw() + 1) * p.wrco() + " accumulators > 128";
                }
                if (p.weightsLocalBytes(g) > local) {
                    return "weights local memory " + p.weightsLocalBytes(g) + " B > device " + local + " B";
                }
                if (p.wbco() > Math.max(GPU_WEIGHTS[0][0], g.cout())) {
                    return "wbco " + p.wbco() + " > Cout = " + g.cout();
                }
                if (p.wtw() > Math.max(GPU_WEIGHTS[2][0], g.w())) {
                    return "wtw " + p.wtw() + " > W = " + g.w();
                }
            }
            return p.unsupportedReason(device, g);
        }
        ConvTunables.Cpu p = t.cpu();
        int registers = p.vw() >= 16 ? 32 : 16;
        if (group == Candidate.Group.FORWARD) {
            if (p.rco() * p.rwv() > registers) {
                return "rco * rwv = " + p.rco() * p.rwv() + " vector accumulators > " + registers + " vector registers";
            }
            if (p.rco() > Math.max(2, channels)) {
                return "rco " + p.rco() + " > " + channels + " channels";
            }
        } else {
            if (p.wrco() * (p.wrt() + 1) > registers) {
                return "wrco * (wrt + 1) = " + p.wrco() * (p.wrt() + 1) + " vector accumulators > " + registers
                        + " vector registers";
            }
            if (p.wrt() > g.taps()) {
                return "wrt " + p.wrt() + " > " + g.taps() + " taps";
            }
            if (p.wrco() > Math.max(1, g.cout())) {
                return "wrco " + p.wrco() + " > Cout = " + g.cout();
            }
        }
        return null;
    }

    /** What decides the behaviour of {@code t}'s group on {@code g}: equal keys run identically. */
    private String effectiveKey(Candidate.Group group, ConvTunables t, ConvGeometry g) {
        if (variant == ConvVariant.GPU) {
            ConvTunables.Gpu p = t.gpu();
            if (group == Candidate.Group.FORWARD) {
                return label(group, t);
            }
            // the launcher's split (ConvKernels.gpuRowsPerChunk) and input channels per group decide, not the bounds
            long rows = (long) g.n() * g.d() * g.h();
            long rowsPerChunk = Math.max(1, (rows + p.targetChunks() - 1) / p.targetChunks());
            return p.wbco() + " " + p.wrco() + " " + p.wtw() + " " + p.weightsInputChannels(g) + " " + rowsPerChunk;
        }
        ConvTunables.Cpu p = t.cpu();
        if (group == Candidate.Group.FORWARD) {
            return p.rwv() + " " + p.rco() + " " + p.localSize() + " " + p.ns() + " " + Math.min(p.cb(),
                    Math.max(g.cin(), g.cout()));
        }
        // ConvKernels.cpuStripsPerChunk: the tunable, grown so that there are at most CPU_MAX_CHUNKS chunks
        boolean rowMode = g.w() % p.vw() == 0;
        long segments = rowMode ? (long) g.h() * (g.w() / p.vw()) : ((long) g.h() * g.wp() + p.vw() - 1) / p.vw();
        long strips = (long) g.n() * g.d() * segments;
        long spc = Math.max(p.stripsPerChunk(), (strips + ConvKernels.CPU_MAX_CHUNKS - 1) / ConvKernels.CPU_MAX_CHUNKS);
        return p.wrco() + " " + p.wrt() + " " + p.wlocal() + " " + Math.min(spc, strips);
    }

    /** The varied values of {@code group} in {@code t}, for logs. */
    public String label(Candidate.Group group, ConvTunables t) {
        if (variant == ConvVariant.GPU) {
            ConvTunables.Gpu p = t.gpu();
            return group == Candidate.Group.FORWARD
                    ? String.format(Locale.ROOT, "tw%d th%d rw%d rco%d bco%d ck%d", p.tw(), p.th(), p.rw(), p.rco(), p.bco(),
                    p.ck())
                    : String.format(Locale.ROOT, "wbco%d wrco%d wtw%d wmax%d chunks%d", p.wbco(), p.wrco(), p.wtw(),
                    p.wMaxThreads(), p.targetChunks());
        }
        ConvTunables.Cpu p = t.cpu();
        return group == Candidate.Group.FORWARD
                ? String.format(Locale.ROOT, "vw%d rwv%d rco%d local%d ns%d cb%d", p.vw(), p.rwv(), p.rco(), p.localSize(),
                p.ns(), p.cb())
                : String.format(Locale.ROOT, "wrco%d wrt%d wlocal%d spc%d", p.wrco(), p.wrt(), p.wlocal(), p.stripsPerChunk());
    }

    private String rawLabel(Candidate.Group group, int[] v) {
        StringBuilder sb = new StringBuilder(group == Candidate.Group.FORWARD ? "forward" : "weights");
        for (int x : v) {
            sb.append(' ').append(x);
        }
        return sb.toString();
    }
}
