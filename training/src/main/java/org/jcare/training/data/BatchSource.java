package org.jcare.training.data;

/**
 * Where training batches come from: batch {@code i} (a global counter, {@code epoch * steps_per_epoch + step}) is a
 * pure function of {@code i} and the source's seed, so a resumed run draws exactly the batches an uninterrupted run
 * would. {@link BatchSequence} cycles over a fixed set of patches (CSBDeep's {@code RollingSequence});
 * {@link FreshPatches} cuts new patches from the images for every batch.
 */
public interface BatchSource {
    /** Samples per batch. */
    int batchSize();

    /** Source channels of one sample. */
    int channelsIn();

    /** Target channels of one sample. */
    int channelsOut();

    /** Patch size per spatial axis (T/Z, Y, X order). */
    int[] spatialShape();

    /**
     * Target patch size per spatial axis: the source's, except for data whose targets lack an axis (projection:
     * 1 along Z).
     */
    default int[] targetSpatialShape() {
        return spatialShape();
    }

    /**
     * Writes batch {@code i} in the engine layout {@code [B, C, (Z,) Y, X]} into {@code x}
     * ({@code batchSize * channelsIn * voxels} floats) and {@code y}.
     */
    void fillBatch(long i, float[] x, float[] y);
}
