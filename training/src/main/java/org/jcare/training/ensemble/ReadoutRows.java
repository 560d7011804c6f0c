package org.jcare.training.ensemble;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.mixture.Mixture;
import org.jcare.kernels.mixture.MixtureMembers;
import org.jcare.kernels.mixture.SampleKeys;

/**
 * Fills the readouts of {@link EnsembleReadouts} as rows of N values of one device tensor, in the order of
 * {@link EnsembleReadouts#outputs}: everything is computed by the {@code mixture} kernels from the members already on
 * the device, so a tile's readouts are read back at once. Holds the quantile levels on the device: close it.
 */
final class ReadoutRows implements AutoCloseable {
    private final EnsembleReadouts spec;
    private final int memberCount;
    private final boolean probabilistic;
    private final Tensor levels;
    private final int rows;

    ReadoutRows(Engine engine, EnsembleReadouts spec, int memberCount, boolean probabilistic) {
        this.spec = spec;
        this.memberCount = memberCount;
        this.probabilistic = probabilistic;
        this.rows = spec.outputs(1, memberCount, probabilistic).size();
        float[] l = spec.quantileLevels();
        // in a scope of its own: an outer scope open at the caller must not close what this object owns
        try (Scope own = engine.scope()) {
            this.levels = l.length == 0 ? null : own.keep(Mixture.levels(engine, l));
        }
    }

    /** The number of rows (images of one channel). */
    int rows() {
        return rows;
    }

    /**
     * Writes every readout of the members {@code x} into {@code out}, row after row ({@code rows() * x.pixels()}
     * values).
     *
     * @param keys where the pixels are in the image (for the samples)
     */
    void fill(Tensor out, MixtureMembers x, SampleKeys keys) {
        int r = 0;
        int rowMean = r++;
        int rowVar = spec.variance() ? r++ : -1;
        int rowStd = spec.std() ? r++ : -1;
        Mixture.moments(out, x, rowMean, rowVar, rowStd);
        if (levels != null) {
            Mixture.quantiles(out, x, levels, r);
            r += (int) levels.numel();
        }
        if (spec.samples() > 0) {
            Mixture.samples(out, x, spec.sampleSeed(), spec.samples(), r, keys);
            r += spec.samples();
        }
        if (spec.disagreement()) {
            Mixture.disagreement(out, x, r, r + 1);
            r += 2;
        }
        if (spec.members()) {
            long n = x.pixels();
            Engine e = out.engine();
            for (int m = 0; m < memberCount; m++) {
                e.cl().copy(x.data().buffer(), 4 * m * x.stride(), out.buffer(), 4 * n * r++, 4 * n);
            }
            if (probabilistic) {
                for (int m = 0; m < memberCount; m++) {
                    e.cl().copy(x.data().buffer(), 4 * (m * x.stride() + x.scaleOffset()), out.buffer(), 4 * n * r++,
                            4 * n);
                }
            }
        }
    }

    @Override
    public void close() {
        if (levels != null) {
            levels.close();
        }
    }
}
