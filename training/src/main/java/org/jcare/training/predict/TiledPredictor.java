package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.CareNetwork;

/**
 * Restores images of any size with a network on the device (reference b.7 and c): percentile normalization per
 * channel, reflect padding to the network's divisibility, CSBDeep's block-aligned tiling with the network's
 * receptive field as overlap, tiles planned from a device-memory budget (no out-of-memory retry loop), and the
 * normalization undone when input and output channels match. Tiles are cut from the image and written back
 * through index maps, so host memory holds the input, the output and two tiles: no padded or normalized copy. The
 * host cuts the next tile and writes the previous one back while the device computes the current one.
 * On GPUs the tiles also move through pinned memory on a second queue while the device computes ({@link TileTransfers}).
 * Axes beyond the network's (time, samples, or Z for a 2D network) are restored one after the other.
 */
public final class TiledPredictor implements ImagePredictor {
    /** Tiles from this many voxels are cut out and written back on every core. */
    private static final long PARALLEL_VOXELS = 1 << 16;
    /**
     * With overlapped transfers: the host work and transfers of a voxel that no other tile's computation hides, per
     * voxel the device computes (the first tile's and the last tile's; {@link TilePlanner#planForThroughput}). An
     * estimate from the H200 profiles (about 0.1 s of host work and transfers per 100M voxels after the parallel host
     * work, against 1.2 s of TF32 computation): it only decides whether a split pays for its halo. To be measured.
     */
    static final double EXPOSED_RATIO = 0.1;
    /** Tiles a throughput plan may add up to (each costs a launch sequence and halo). */
    private static final int MAX_TILES = 64;
    private final CareNetwork net;
    private final int nDim;
    private final boolean overlapTransfers;

    /**
     * A predictor for {@code net} ({@code net.divisibility().length} spatial axes: 2 for YX, 3 for ZYX); on a GPU its
     * tiles' transfers overlap the computation ({@link TileTransfers}), on a CPU, whose "transfers" are copies within
     * the same memory by the same cores, they do not.
     */
    public TiledPredictor(CareNetwork net) {
        this(net, net.engine().device().isGpu());
    }

    /** A predictor for {@code net} with the tiles' transfers overlapped with the computation or not (tests). */
    public TiledPredictor(CareNetwork net, boolean overlapTransfers) {
        this.net = net;
        this.nDim = net.divisibility().length;
        this.overlapTransfers = overlapTransfers;
    }

    /** Restores {@code image} (its axes must contain Y and X, and Z for a 3D network). */
    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        FloatImage img = yxLast(image);
        Layout in = new Layout(img, nDim);
        if (in.channels != net.inputChannels()) {
            throw new IllegalArgumentException("the image (axes " + image.axes() + ", shape "
                    + Arrays.toString(image.shape()) + ") has " + in.channels + " channel(s); the model takes "
                    + net.inputChannels() + (image.axes().has('C') ? ": give an image with that many channels"
                    : ": give the channel axis as C"));
        }
        PercentileNormalizer norm = options.normalize()
                ? PercentileNormalizer.fit(img, options.pmin(), options.pmax())
                : null;
        int meanChannels = net.outputChannels() / (isProbabilistic() ? 2 : 1);
        boolean undo = norm != null && PercentileNormalizer.undoApplies(net.inputChannels(), meanChannels);
        FloatImage mean = in.outputImage(meanChannels);
        FloatImage scale = isProbabilistic() ? in.outputImage(meanChannels) : null;
        Layout outLayout = new Layout(mean, nDim);

        long[] spatial = in.spatialShape();
        String spatialAxes = nDim == 3 ? "ZYX" : "YX";
        PadAndCrop pad = PadAndCrop.plan(Axes.of(spatialAxes), spatial, net.divisibility());
        TileGrid grid = options.tiles() != null
                ? TileGrid.of(pad.paddedShape(), net.divisibility(), requireRank(options.tiles()), net.halo())
                : TilePlanner.planForThroughput(pad.paddedShape(), net.divisibility(), net.halo(), costModel(),
                        budget(options.memoryBudgetBytes()), overlapTransfers ? EXPOSED_RATIO : 0, MAX_TILES).grid();
        List<TileJob> jobs = new ArrayList<>();
        for (long s = 0; s < in.sampleCount(); s++) {
            long[] loop = in.sampleIndex(s);
            for (TileGrid.NdTile tile : grid) {
                jobs.add(new TileJob(loop, tile));
            }
        }
        if (overlapTransfers) {
            runOverlapped(jobs, img, in, pad, spatial, norm, outLayout, mean, scale, meanChannels, undo ? norm : null,
                    listener);
            return new Restoration(mean, scale, grid.tilesPerAxis());
        }
        Engine engine = net.engine();
        // Double buffering: while the device runs tile k, the host cuts (and normalizes) tile k + 1 out of the image
        // and writes tile k - 1 back into the result; only one tile's tensors are on the device at any time.
        // One host array for the tile going in and one for the tile coming out, reused while the tile size stays the
        // same: the upload is blocking, and a result is written back before the next one is read.
        HostBuffers host = new HostBuffers();
        InFlight running = null;
        try (var noGrad = engine.noGrad()) {
            for (int k = 0; k < jobs.size(); k++) {
                TileJob job = jobs.get(k);
                float[] tileIn = gatherTile(img, in, job.loop(), sourceMaps(job.tile(), pad, spatial), norm, host);
                InFlight done = running;
                running = null;
                float[] doneOut = done == null ? null : done.finish(host);
                running = InFlight.start(engine, net, job, tileShape(in.channels, job.tile().readSize()), tileIn);
                if (done != null) {
                    scatterTile(doneOut, done.job().tile(), pad, spatial, outLayout, done.job().loop(), mean, scale,
                            meanChannels, undo ? norm : null);
                    listener.onTile(k, jobs.size());
                }
            }
            if (running != null) {
                InFlight last = running;
                float[] lastOut = last.finish(host);
                running = null;
                scatterTile(lastOut, last.job().tile(), pad, spatial, outLayout, last.job().loop(), mean, scale,
                        meanChannels, undo ? norm : null);
                listener.onTile(jobs.size(), jobs.size());
            }
        } finally {
            if (running != null) {
                running.abandon();
            }
        }
        return new Restoration(mean, scale, grid.tilesPerAxis());
    }

    /**
     * The tiles with their transfers overlapped ({@link TileTransfers}): tile k is cut out and started (upload, network,
     * download enqueued) before the host takes tile k - 1's output and writes it back.
     */
    private void runOverlapped(List<TileJob> jobs, FloatImage img, Layout in, PadAndCrop pad, long[] spatial,
                               PercentileNormalizer norm, Layout outLayout, FloatImage mean, FloatImage scale,
                               int meanChannels, PercentileNormalizer undo, PredictionListener listener) {
        Engine engine = net.engine();
        HostBuffers host = new HostBuffers();
        try (var noGrad = engine.noGrad(); TileTransfers transfers = new TileTransfers(engine)) {
            for (int k = 0; k <= jobs.size(); k++) {
                if (k < jobs.size()) {
                    TileJob job = jobs.get(k);
                    float[] tileIn = gatherTile(img, in, job.loop(), sourceMaps(job.tile(), pad, spatial), norm, host);
                    transfers.start(tileShape(in.channels, job.tile().readSize()), tileIn, net::forward);
                }
                if (k > 0) {
                    TileJob done = jobs.get(k - 1);
                    float[] out = transfers.finish(k - 1, host.output(transfers.outputLength(k - 1)));
                    scatterTile(out, done.tile(), pad, spatial, outLayout, done.loop(), mean, scale, meanChannels, undo);
                    listener.onTile(k, jobs.size());
                }
            }
        }
    }

    /** One tile of one sample (time point, Z plane of a 2D network, ...): the unit of work on the device. */
    private record TileJob(long[] loop, TileGrid.NdTile tile) {
    }

    /**
     * A tile whose forward pass has been enqueued: its scope owns the device tensors until {@link #finish} reads the
     * output back (the one blocking call per tile) and frees them.
     */
    private record InFlight(TileJob job, Scope scope, Tensor output) {
        static InFlight start(Engine engine, CareNetwork net, TileJob job, Shape shape, float[] input) {
            Scope scope = engine.scope();
            try {
                Tensor x = engine.tensor(shape, input);
                return new InFlight(job, scope, net.forward(x));
            } catch (RuntimeException e) {
                scope.close();
                throw e;
            }
        }

        float[] finish(HostBuffers host) {
            try (Scope s = scope) {
                return output.copyTo(host.output(Math.toIntExact(output.numel())));
            }
        }

        void abandon() {
            scope.close();
        }
    }

    /** The reusable host arrays of one prediction (tiles of one grid mostly share a size). */
    private static final class HostBuffers {
        private float[] input = new float[0];
        private float[] output = new float[0];

        float[] input(int length) {
            if (input.length != length) {
                input = new float[length];
            }
            return input;
        }

        float[] output(int length) {
            if (output.length != length) {
                output = new float[length];
            }
            return output;
        }
    }

    private boolean isProbabilistic() {
        return net instanceof org.jcare.training.model.UNet u && u.spec().probabilistic();
    }

    private int[] requireRank(int[] tiles) {
        if (tiles.length != nDim) {
            throw new IllegalArgumentException("tiles " + Arrays.toString(tiles) + " need one count per spatial axis ("
                    + (nDim == 3 ? "Z, Y, X" : "Y, X") + ")");
        }
        return tiles;
    }

    /**
     * Device memory of one tile: the network's activations per voxel, the parameters; and no single tensor over
     * the device's largest allocation (the widest activation has twice the first level's filters).
     */
    TileCostModel costModel() {
        DeviceInfo d = net.engine().device();
        long fixed = net.parameters().flatLength() * 4L * 2;
        TileCostModel perVoxel = TileCostModel.perVoxel(net.inferenceBytesPerVoxel(), fixed);
        long widest = 4L * Math.max(2L * net.inputChannels(), net.inferenceBytesPerVoxel() / 8);
        return tileShape -> {
            long voxels = 1;
            for (long t : tileShape) {
                voxels *= t;
            }
            return voxels * widest > d.maxAllocBytes() ? Long.MAX_VALUE : perVoxel.bytes(tileShape);
        };
    }

    /** The budget per tile: the explicit one, else half the device's global memory (a quarter on CPUs). */
    long budget(long explicit) {
        if (explicit > 0) {
            return explicit;
        }
        DeviceInfo d = net.engine().device();
        return d.isCpu() ? d.globalMemBytes() / 4 : d.globalMemBytes() / 2;
    }

    private static Shape tileShape(int channels, long[] spatial) {
        long[] dims = new long[2 + spatial.length];
        dims[0] = 1;
        dims[1] = channels;
        System.arraycopy(spatial, 0, dims, 2, spatial.length);
        return Shape.of(dims);
    }

    /** Per spatial axis, the original coordinate each tile position reads (reflect padding as numpy). */
    private static int[][] sourceMaps(TileGrid.NdTile tile, PadAndCrop pad, long[] spatial) {
        int[][] maps = new int[spatial.length][];
        for (int a = 0; a < spatial.length; a++) {
            int n = (int) tile.readSize()[a];
            maps[a] = new int[n];
            for (int k = 0; k < n; k++) {
                maps[a][k] = PadAndCrop.reflect(tile.readStart()[a] + k - pad.padBefore(a), spatial[a]);
            }
        }
        return maps;
    }

    private float[] gatherTile(FloatImage img, Layout in, long[] loop, int[][] maps, PercentileNormalizer norm,
                               HostBuffers host) {
        int nz = maps.length == 3 ? maps[0].length : 1;
        int[] ys = maps[maps.length - 2];
        int[] xs = maps[maps.length - 1];
        int w = (int) img.shape()[img.shape().length - 1];
        float[] tile = host.input(in.channels * nz * ys.length * xs.length);
        // row by row on every core: each row of the tile is written by one task
        rows(in.channels * nz * ys.length, tile.length).forEach(row -> {
            int yi = row % ys.length;
            int z = row / ys.length % nz;
            int c = row / ys.length / nz;
            float[] plane = img.plane(in.plane(loop, c, maps.length == 3 ? maps[0][z] : 0));
            int src = ys[yi] * w;
            int i = row * xs.length;
            if (norm == null) {
                for (int x : xs) {
                    tile[i++] = plane[src + x];
                }
            } else {
                for (int x : xs) {
                    tile[i++] = norm.normalize(c, plane[src + x]);
                }
            }
        });
        return tile;
    }

    /** Row indices 0..n-1, in parallel when the tile is large enough ({@value #PARALLEL_VOXELS} voxels) to pay. */
    private static IntStream rows(int n, long voxels) {
        IntStream s = IntStream.range(0, n);
        return voxels >= PARALLEL_VOXELS ? s.parallel() : s;
    }

    private void scatterTile(float[] out, TileGrid.NdTile tile, PadAndCrop pad, long[] spatial, Layout layout,
                             long[] loop, FloatImage mean, FloatImage scale, int meanChannels,
                             PercentileNormalizer undo) {
        int r = spatial.length;
        long[] rs = tile.readSize();
        int tz = r == 3 ? (int) rs[0] : 1;
        int ty = (int) rs[r - 2];
        int tx = (int) rs[r - 1];
        // output positions of the write window that fall inside the original (unpadded) image
        int[][] keep = new int[r][];
        int[][] dest = new int[r][];
        for (int a = 0; a < r; a++) {
            List<int[]> kept = new ArrayList<>();
            for (int k = 0; k < tile.writeSize()[a]; k++) {
                long original = tile.writeStart()[a] + k - pad.padBefore(a);
                if (original >= 0 && original < spatial[a]) {
                    kept.add(new int[] {(int) (tile.cropStart()[a] + k), (int) original});
                }
            }
            keep[a] = kept.stream().mapToInt(p -> p[0]).toArray();
            dest[a] = kept.stream().mapToInt(p -> p[1]).toArray();
        }
        int w = (int) spatial[r - 1];
        int voxels = tz * ty * tx;
        int[] zk = r == 3 ? keep[0] : new int[] {0};
        int[] zd = r == 3 ? dest[0] : new int[] {0};
        int[] yk = keep[r - 2];
        int[] yd = dest[r - 2];
        int[] xk = keep[r - 1];
        int[] xd = dest[r - 1];
        int outChannels = scale == null ? meanChannels : 2 * meanChannels;
        // row by row on every core: each kept row lands in its own row of one output plane
        rows(outChannels * zk.length * yk.length, out.length).forEach(row -> {
            int yi = row % yk.length;
            int zi = row / yk.length % zk.length;
            int oc = row / yk.length / zk.length;
            boolean isScale = oc >= meanChannels;
            int c = isScale ? oc - meanChannels : oc;
            float[] plane = (isScale ? scale : mean).plane(layout.plane(loop, c, zd[zi]));
            int src = oc * voxels + zk[zi] * ty * tx + yk[yi] * tx;
            int dst = yd[yi] * w;
            for (int xi = 0; xi < xk.length; xi++) {
                float v = out[src + xk[xi]];
                if (undo != null) {
                    v = isScale ? undo.undoScale(c, v) : undo.undoMean(c, v);
                }
                plane[dst + xd[xi]] = v;
            }
        });
    }

    /** The image with Y and X as its last two axes (a copy only when they are not). */
    private static FloatImage yxLast(FloatImage image) {
        String a = image.axes().letters();
        if (!a.contains("Y") || !a.contains("X")) {
            throw new IllegalArgumentException("image " + image + " needs Y and X axes");
        }
        if (a.endsWith("YX")) {
            return image;
        }
        return image.permute(a.replace("Y", "").replace("X", "") + "YX");
    }

    /** Where channels, spatial axes and the axes restored one after the other sit in an image (YX last). */
    private static final class Layout {
        final String axes;
        final long[] shape;
        final int channelAxis;
        final int zAxis;
        final int channels;
        final int[] loopAxes;

        Layout(FloatImage img, int nDim) {
            this.axes = img.axes().letters();
            this.shape = img.shape();
            this.channelAxis = axes.indexOf('C');
            this.zAxis = nDim == 3 ? axes.indexOf('Z') : -1;
            if (nDim == 3 && zAxis < 0) {
                throw new IllegalArgumentException("a 3D model needs a Z axis, image axes are " + axes
                        + "; give --axes with Z");
            }
            this.channels = channelAxis < 0 ? 1 : (int) shape[channelAxis];
            List<Integer> loop = new ArrayList<>();
            for (int i = 0; i < axes.length() - 2; i++) {
                if (i != channelAxis && i != zAxis) {
                    loop.add(i);
                }
            }
            this.loopAxes = loop.stream().mapToInt(Integer::intValue).toArray();
        }

        long[] spatialShape() {
            int n = axes.length();
            return zAxis >= 0 ? new long[] {shape[zAxis], shape[n - 2], shape[n - 1]}
                    : new long[] {shape[n - 2], shape[n - 1]};
        }

        long sampleCount() {
            long s = 1;
            for (int a : loopAxes) {
                s *= shape[a];
            }
            return s;
        }

        /** Index along each loop axis of sample {@code s} (first loop axis slowest). */
        long[] sampleIndex(long s) {
            long[] idx = new long[loopAxes.length];
            for (int i = loopAxes.length - 1; i >= 0; i--) {
                idx[i] = s % shape[loopAxes[i]];
                s /= shape[loopAxes[i]];
            }
            return idx;
        }

        /** The plane holding (loop, c, z): planes enumerate the leading axes in C order. */
        int plane(long[] loop, int c, int z) {
            long p = 0;
            int li = 0;
            for (int i = 0; i < axes.length() - 2; i++) {
                long v;
                if (i == channelAxis) {
                    v = c;
                } else if (i == zAxis) {
                    v = z;
                } else {
                    v = loop[li++];
                }
                p = p * shape[i] + v;
            }
            return (int) p;
        }

        /** An empty output image with {@code channels} channels (a C axis is added before Z/Y when needed). */
        FloatImage outputImage(int outChannels) {
            if (channelAxis >= 0) {
                long[] s = shape.clone();
                s[channelAxis] = outChannels;
                return FloatImage.zeros(axes, s);
            }
            if (outChannels == 1) {
                return FloatImage.zeros(axes, shape.clone());
            }
            int at = zAxis >= 0 ? zAxis : axes.length() - 2;
            String newAxes = axes.substring(0, at) + "C" + axes.substring(at);
            long[] s = new long[shape.length + 1];
            System.arraycopy(shape, 0, s, 0, at);
            s[at] = outChannels;
            System.arraycopy(shape, at, s, at + 1, shape.length - at);
            return FloatImage.zeros(newAxes, s);
        }
    }
}
