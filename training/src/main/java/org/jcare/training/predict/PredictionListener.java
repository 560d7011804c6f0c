package org.jcare.training.predict;

/** Progress of a restoration, tile by tile, so that the CLI can draw a bar. */
@FunctionalInterface
public interface PredictionListener {
    /** Called after each tile; {@code done} of {@code total} tiles over all samples (time points, ...) of the image. */
    void onTile(long done, long total);

    /** A listener that ignores progress. */
    PredictionListener NONE = (done, total) -> {
    };
}
