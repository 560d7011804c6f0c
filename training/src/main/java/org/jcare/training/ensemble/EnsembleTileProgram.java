package org.jcare.training.ensemble;

import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.mixture.MixtureMembers;
import org.jcare.kernels.mixture.SampleKeys;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.TileOutput;
import org.jcare.training.predict.TilePosition;
import org.jcare.training.predict.TileProgram;

/**
 * The per-tile member loop of an ensemble: the tiled predictor reads, normalizes and uploads each tile once; this
 * program runs the M member networks on it one after the other, stacks their outputs on the device (each member's
 * temporaries are freed before the next one runs, so a tile needs one forward pass of memory plus M outputs), and
 * computes the readouts with the {@code mixture} kernels; only the readouts are read back.
 *
 * <p>It knows nothing of the task: it needs networks that map the same tile to outputs of the same shape
 * ({@link CareNetwork#forward}), probabilistic ([mean channels, scale channels]) or plain. Any predictor that runs a
 * {@link TileProgram} per tile restores with an ensemble through it. Holds device memory (scale factors, quantile
 * levels): close it.
 */
public final class EnsembleTileProgram implements TileProgram, AutoCloseable {
    private final List<? extends CareNetwork> members;
    private final boolean probabilistic;
    private final int channels;
    private final Tensor factors;
    private final ReadoutRows rows;
    private final List<TileOutput> outputs;

    /**
     * A program over {@code members} (same geometry and output channels).
     *
     * @param probabilistic whether the members predict [mean, scale] (Laplace) rather than the mean only
     * @param scaleFactors  per member, the factor its scales are multiplied with in the mixture (recalibration)
     * @param readouts      what to compute
     * @throws IllegalArgumentException when the members differ in geometry, or a readout needs scales they lack
     */
    public EnsembleTileProgram(List<? extends CareNetwork> members, boolean probabilistic, float[] scaleFactors,
                               EnsembleReadouts readouts) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (scaleFactors.length != members.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + scaleFactors.length
                    + " scale factors");
        }
        CareNetwork first = members.get(0);
        for (int m = 1; m < members.size(); m++) {
            CareNetwork n = members.get(m);
            if (n.inputChannels() != first.inputChannels() || n.outputChannels() != first.outputChannels()
                    || !java.util.Arrays.equals(n.divisibility(), first.divisibility())
                    || !java.util.Arrays.equals(n.halo(), first.halo()) || n.engine() != first.engine()) {
                throw new IllegalArgumentException("ensemble member " + (m + 1) + " differs from member 1 in its"
                        + " channels, divisibility, halo or device; members must share one configuration");
            }
        }
        this.members = members;
        this.probabilistic = probabilistic;
        this.channels = first.outputChannels() / (probabilistic ? 2 : 1);
        this.outputs = readouts.outputs(channels, members.size(), probabilistic);
        Engine e = first.engine();
        this.rows = new ReadoutRows(e, readouts, members.size(), probabilistic);
        try (Scope own = e.scope()) {
            this.factors = own.keep(e.tensor(Shape.of(scaleFactors.length), scaleFactors));
        }
    }

    @Override
    public CareNetwork network() {
        return members.get(0);
    }

    @Override
    public List<TileOutput> outputs() {
        return outputs;
    }

    @Override
    public Tensor run(Tensor tile, TilePosition where) {
        Engine e = tile.engine();
        int m = members.size();
        Tensor stack = null;
        Shape memberShape = null;
        for (int k = 0; k < m; k++) {
            // a scope per member: its activations go back to the pool before the next member runs (the queue is in
            // order, so the copy below has read the output before anything reuses its buffer)
            Tensor out;
            try (Scope perMember = e.scope()) {
                out = perMember.keep(members.get(k).forward(tile));
            }
            try {
                if (stack == null) {
                    memberShape = out.shape();
                    stack = e.empty(Shape.of(m * memberShape.numel())); // the caller's scope owns it
                } else if (!out.shape().equals(memberShape)) {
                    throw new IllegalStateException("ensemble member " + (k + 1) + " gave " + out.shape()
                            + " for a tile where member 1 gave " + memberShape);
                }
                e.cl().copy(out.buffer(), 0, stack.buffer(), 4 * k * memberShape.numel(), 4 * memberShape.numel());
            } finally {
                out.close();
            }
        }
        long[] spatial = java.util.Arrays.copyOfRange(memberShape.dims(), 2, memberShape.rank());
        long voxels = memberShape.numel() / memberShape.dim(1);
        long pixels = channels * voxels;
        long[] dims = memberShape.dims().clone();
        dims[1] = (long) rows.rows() * channels;
        Tensor result = e.empty(Shape.of(dims));
        rows.fill(result, MixtureMembers.stacked(stack, factors, m, pixels, probabilistic),
                keys(where, tile.shape(), spatial));
        return result;
    }

    /**
     * Sample keys of the output tile: the tile's place in the image, scaled per axis when the output's spatial shape
     * differs from the input tile's (a task that changes the sampling), a dropped Z when it has fewer axes (a
     * projection).
     */
    private SampleKeys keys(TilePosition where, Shape tileShape, long[] outSpatial) {
        long[] in = java.util.Arrays.copyOfRange(tileShape.dims(), 2, tileShape.rank());
        int drop = in.length - outSpatial.length;
        long[] origin = new long[3];
        long[] image = {1, 1, 1};
        long[] tile = {1, 1, 1};
        for (int a = 0; a < outSpatial.length; a++) {
            int ia = a + drop;
            int oa = 3 - outSpatial.length + a;
            origin[oa] = where.origin()[ia] * outSpatial[a] / in[ia];
            image[oa] = Math.max(1, where.shape()[ia] * outSpatial[a] / in[ia]);
            tile[oa] = outSpatial[a];
        }
        return new SampleKeys(channels, Math.toIntExact(tile[0]), Math.toIntExact(tile[1]),
                Math.toIntExact(tile[2]), origin[0], origin[1], origin[2], image[0], image[1], image[2],
                where.sample());
    }

    @Override
    public long extraBytesPerVoxel() {
        return 4L * ((long) members.size() * network().outputChannels() + (long) rows.rows() * channels);
    }

    @Override
    public void close() {
        factors.close();
        rows.close();
    }
}
