package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.cl.DeviceInfo;

/**
 * The tunables of the fast convolution variants, passed to the kernels as {@code -D} build options (each
 * {@code .cl} file documents its defines and defaults). Defaults per device class; the tuner will later store
 * measured winners per device name.
 *
 * @param name a label for logs and benchmark rows
 * @param cpu  the CPU-shaped variant ({@code conv_cpu.cl})
 * @param gpu  the GPU-shaped variant ({@code conv_gpu.cl})
 * @param tf32 the TF32 tensor-core variant ({@code conv_tf32.cl})
 */
public record ConvTunables(String name, Cpu cpu, Gpu gpu, ConvTf32Tunables tf32) {

    /** The tunables with the default TF32 tile ({@link ConvTf32Tunables#DEFAULT}). */
    public ConvTunables(String name, Cpu cpu, Gpu gpu) {
        this(name, cpu, gpu, ConvTf32Tunables.DEFAULT);
    }

    /**
     * CPU-shaped kernels: per work-item register tiles of explicit vectors, no local memory.
     *
     * @param vw              vector width along the flattened W axis (8 = AVX2 ymm, 16 = AVX-512 zmm)
     * @param rwv             forward: vectors per work-item along W (a strip of vw * rwv output positions)
     * @param rco             forward: output channels per work-item
     * @param localSize       forward: work-items per work-group (along the strips of one slice)
     * @param ns              forward: strips per work-item (their accumulators wait in private memory)
     * @param cb              forward: input channels per block (a block's weights and rows stay in L1)
     * @param wrco            backward weights: output channels per work-item
     * @param wrt             backward weights: taps per work-item
     * @param wlocal          backward weights: work-items per work-group (along input channels x tap blocks)
     * @param stripsPerChunk  backward weights: vectors of vw positions per split-K chunk
     */
    public record Cpu(int vw, int rwv, int rco, int localSize, int ns, int cb, int wrco, int wrt, int wlocal,
                      int stripsPerChunk) {
        /** Checks every value at once. */
        public Cpu {
            List<String> bad = new ArrayList<>();
            if (vw != 4 && vw != 8 && vw != 16) {
                bad.add("vw " + vw + " is not 4, 8 or 16");
            }
            positive(bad, "rwv", rwv);
            positive(bad, "rco", rco);
            positive(bad, "localSize", localSize);
            positive(bad, "ns", ns);
            positive(bad, "cb", cb);
            positive(bad, "wrco", wrco);
            positive(bad, "wrt", wrt);
            positive(bad, "wlocal", wlocal);
            positive(bad, "stripsPerChunk", stripsPerChunk);
            fail("CPU conv tunables", bad);
        }

        /** The build options of {@code conv_cpu.cl}. */
        public String options() {
            return "-DVW=" + vw + " -DRWV=" + rwv + " -DRCO=" + rco + " -DNS=" + ns + " -DCB=" + cb + " -DWRCO=" + wrco
                    + " -DWRT=" + wrt;
        }

        /** Output positions per forward work-item. */
        public int strip() {
            return vw * rwv;
        }
    }

    /**
     * GPU-shaped kernels (OPENCL-KERNELS.md 6a, 6c). NVIDIA limits: 48 KiB local memory per work-group, at most
     * 1024 work-items, no non-uniform work-groups (the NDRange is padded; kernels bounds-check).
     *
     * @param tw           forward: output tile width per work-group
     * @param th           forward: output tile height per work-group
     * @param rw           forward: consecutive W outputs per work-item
     * @param rco          forward: output channels per work-item (one float vector; 2, 4, 8 or 16)
     * @param bco          forward: output channels per work-group
     * @param ck           forward: input channels staged in local memory per step
     * @param wbco         backward weights: output channels per work-group
     * @param wrco         backward weights: output channels per work-item (2, 4, 8 or 16)
     * @param wtw          backward weights: W positions staged per step
     * @param wMaxThreads  backward weights: work-group size bound (input channels per group are chosen to fit)
     * @param targetChunks backward weights: split-K chunks aimed for (rows of the batch are divided into them)
     */
    public record Gpu(int tw, int th, int rw, int rco, int bco, int ck, int wbco, int wrco, int wtw, int wMaxThreads,
                      int targetChunks) {
        /** Accumulators per backward-weights work-item, at most (a float8 x 3 x 3 register tile is 72). */
        public static final int MAX_WEIGHT_ACCUMULATORS = 96;

        /** Checks every value at once. */
        public Gpu {
            List<String> bad = new ArrayList<>();
            for (int v : new int[] {tw, th, rw, bco, ck, wbco, wtw, wMaxThreads, targetChunks}) {
                if (v < 1) {
                    bad.add("sizes must be positive: " + List.of(tw, th, rw, bco, ck, wbco, wtw, wMaxThreads, targetChunks));
                    break;
                }
            }
            if (rco != 2 && rco != 4 && rco != 8 && rco != 16) {
                bad.add("rco " + rco + " is not a vector width (2, 4, 8, 16)");
            }
            if (wrco != 2 && wrco != 4 && wrco != 8 && wrco != 16) {
                bad.add("wrco " + wrco + " is not a vector width (2, 4, 8, 16)");
            }
            if (rw > 0 && tw % rw != 0) {
                bad.add("tw " + tw + " is not a multiple of rw " + rw);
            }
            if (bco % rco != 0) {
                bad.add("bco " + bco + " is not a multiple of rco " + rco);
            }
            if (wbco % wrco != 0) {
                bad.add("wbco " + wbco + " is not a multiple of wrco " + wrco);
            }
            if (rw > 0 && rco > 0 && (long) (tw / rw) * th * (bco / rco) > 1024) {
                bad.add("forward work-group (tw/rw) * th * (bco/rco) = " + (tw / rw) * th * (bco / rco) + " exceeds 1024");
            }
            fail("GPU conv tunables", bad);
        }

        /** The build options of {@code conv_gpu.cl} for kernels of width up to {@code kwMax}. */
        public String options(int kwMax) {
            return "-DTW=" + tw + " -DTH=" + th + " -DRW=" + rw + " -DRCO=" + rco + " -DBCO=" + bco + " -DCK=" + ck
                    + " -DWBCO=" + wbco + " -DWRCO=" + wrco + " -DWTW=" + wtw + " -DKW_MAX=" + kwMax;
        }

        /** Forward work-group size (tw / rw, th, bco / rco). */
        public long[] forwardLocal() {
            return new long[] {tw / rw, th, bco / rco};
        }

        /** Local memory of the forward kernel in bytes: input slice halo plus weights of one step. */
        public long forwardLocalBytes(ConvGeometry g) {
            return 4L * ck * ((long) (th + g.kh() - 1) * (tw + g.kw() - 1) + (long) g.kh() * g.kw() * bco);
        }

        /**
         * Kernel rows (kh) per backward-weights work-item: the largest divisor of kh whose accumulators (rows x kw x
         * wrco) stay within {@link #MAX_WEIGHT_ACCUMULATORS}: all three rows of a 3x3x3 kernel (72 accumulators, each
         * input value loaded once for 3 x 3 x wrco FMAs, OPENCL-KERNELS.md 6c), one row of a 5x5 or 7x7 kernel.
         */
        public int weightRowsPerItem(ConvGeometry g) {
            for (int r = g.kh(); r > 1; r--) {
                if (g.kh() % r == 0 && (long) r * g.kw() * wrco <= MAX_WEIGHT_ACCUMULATORS) {
                    return r;
                }
            }
            return 1;
        }

        /** Work-items along the kernel rows of a backward-weights work-group: kd x kh / {@link #weightRowsPerItem}. */
        public int weightRowItems(ConvGeometry g) {
            return g.kd() * (g.kh() / weightRowsPerItem(g));
        }

        /** Input channels per backward-weights work-group: as many (up to 16) as fit in {@link #wMaxThreads}. */
        public int weightsInputChannels(ConvGeometry g) {
            int rows = weightRowItems(g);
            int fit = Math.max(1, wMaxThreads / ((wbco / wrco) * rows));
            int bci = Integer.highestOneBit(Math.min(fit, 16));
            int needed = Integer.highestOneBit(Math.max(1, g.cin() - 1)) << (g.cin() > 1 ? 1 : 0);
            return Math.max(1, Math.min(bci, needed));
        }

        /** Backward-weights work-group size (wbco / wrco, input channels, {@link #weightRowItems}). */
        public long[] weightsLocal(ConvGeometry g) {
            return new long[] {wbco / wrco, weightsInputChannels(g), weightRowItems(g)};
        }

        /** Local memory of the backward-weights kernel in bytes: input rows of all taps plus one dY brick. */
        public long weightsLocalBytes(ConvGeometry g) {
            return 4L * ((long) weightsInputChannels(g) * g.kd() * g.kh() * (wtw + g.kw() - 1) + (long) wtw * wbco);
        }

        /** Null when the GPU kernels can run {@code g} on {@code device}, else why not. */
        public String unsupportedReason(DeviceInfo device, ConvGeometry g) {
            long[] fl = forwardLocal();
            long fwdThreads = fl[0] * fl[1] * fl[2];
            long[] wl = weightsLocal(g);
            long wThreads = wl[0] * wl[1] * wl[2];
            long maxWg = Math.min(1024, device.maxWorkGroupSize());
            long local = device.localMemBytes();
            // backward data runs the forward kernel on the transposed geometry: same kernel sizes, so same bytes
            if (fwdThreads > maxWg || wThreads > maxWg) {
                return "work-group of " + Math.max(fwdThreads, wThreads) + " work-items exceeds " + maxWg;
            }
            if (forwardLocalBytes(g) > local || weightsLocalBytes(g) > local) {
                return "needs " + Math.max(forwardLocalBytes(g), weightsLocalBytes(g)) + " B of local memory, device has "
                        + local;
            }
            return null;
        }
    }

    /**
     * PoCL on AVX2 CPUs (CI): 16 ymm registers, so 12 forward accumulators (float8 x 2 x 6 channels) and 10 + 2
     * (bias) weight-gradient accumulators (2 channels x 5 taps); larger tiles spill (measured on Zen 5 with
     * POCL_KERNELLIB_NAME=avx2, one thread: forward ~80, backward weights ~55-60 GFLOP/s).
     */
    public static final ConvTunables POCL_AVX2 = new ConvTunables("pocl-avx2",
            new Cpu(8, 2, 6, 4, 2, 16, 2, 5, 8, 256), gpuDefaults());
    /**
     * PoCL on AVX-512 CPUs: 32 zmm registers, float16 (twice the FLOPs per instruction of float8 on Zen 5):
     * 24 forward accumulators (float16 x 2 x 12 channels), 20 + 4 weight-gradient accumulators (4 channels x 5
     * taps: a 5x5 kernel has exactly 5 blocks). Measured one thread: forward ~150, backward weights ~110-130.
     */
    public static final ConvTunables POCL_AVX512 = new ConvTunables("pocl-avx512",
            new Cpu(16, 2, 12, 4, 2, 16, 4, 5, 8, 256), gpuDefaults());
    /** NVIDIA H100 (start points of OPENCL-KERNELS.md 6a/6c; to be tuned on the card). */
    public static final ConvTunables NVIDIA_H100 = new ConvTunables("nvidia-h100",
            POCL_AVX2.cpu(), gpuDefaults());
    /** NVIDIA H200 (start points of OPENCL-KERNELS.md 6a/6c; to be tuned on the card). */
    public static final ConvTunables NVIDIA_H200 = new ConvTunables("nvidia-h200",
            POCL_AVX2.cpu(), gpuDefaults());
    /** Any other GPU. */
    public static final ConvTunables GPU_DEFAULT = new ConvTunables("gpu-default",
            POCL_AVX2.cpu(), gpuDefaults());

    private static void positive(List<String> bad, String name, int v) {
        if (v < 1) {
            bad.add(name + " " + v + " is not positive");
        }
    }

    private static void fail(String what, List<String> bad) {
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + String.join("; ", bad));
        }
    }

    private static Gpu gpuDefaults() {
        return new Gpu(32, 8, 4, 8, 32, 4, 32, 8, 32, 256, 256);
    }

    /** These tunables with other CPU-shaped ones and a new name (the tuner varies one group at a time). */
    public ConvTunables withCpu(String newName, Cpu newCpu) {
        return new ConvTunables(newName, newCpu, gpu);
    }

    /** These tunables with other GPU-shaped ones and a new name. */
    public ConvTunables withGpu(String newName, Gpu newGpu) {
        return new ConvTunables(newName, cpu, newGpu);
    }

    /**
     * The tunables for geometry {@code g} on {@code device}: the tuned entry of {@code table} for the device name and
     * this layer signature (or the nearest tuned bucket), else {@link #forDevice(DeviceInfo)}.
     */
    public static ConvTunables forGeometry(DeviceInfo device, ConvGeometry g, ConvTunedTable table) {
        return table.lookup(device, g);
    }

    /** The defaults for {@code device}: by type, then by name (AVX-512 in PoCL's device name, H100/H200). */
    public static ConvTunables forDevice(DeviceInfo device) {
        String name = device.name().toLowerCase(Locale.ROOT);
        if (device.isCpu()) {
            return name.contains("avx512") ? POCL_AVX512 : POCL_AVX2;
        }
        if (name.contains("h200")) {
            return NVIDIA_H200;
        }
        if (name.contains("h100")) {
            return NVIDIA_H100;
        }
        return GPU_DEFAULT;
    }
}
