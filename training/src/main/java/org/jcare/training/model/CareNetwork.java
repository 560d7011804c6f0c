package org.jcare.training.model;

import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Tensor;

/**
 * A restoration network on the device: parameters in one flat set, a forward pass recorded on the engine's
 * tape, and the geometry that tiling needs. The U-Net is one; the projection network and ensembles are
 * others.
 */
public interface CareNetwork extends AutoCloseable {
    /** The engine the parameters live on. */
    Engine engine();

    /** The trainable parameters. */
    ParameterSet parameters();

    /** Runs the network on an N C [D] H W batch; records on the tape when gradients are on. */
    Tensor forward(Tensor input);

    /** Spatial sizes must be multiples of these, per spatial axis, outermost first. */
    int[] divisibility();

    /** Pixels on each side, per spatial axis, that influence an output pixel (the tiling halo). */
    int[] halo();

    /** Channels of the input. */
    int inputChannels();

    /** Channels of the output (mean and scale for probabilistic nets). */
    int outputChannels();

    /**
     * Spatial sizes of the output for an input of {@code inputSpatial} (outermost first): the same for image-to-image
     * networks; the projection network drops Z.
     */
    default long[] outputSpatialShape(long[] inputSpatial) {
        return inputSpatial.clone();
    }

    /** Device bytes per input voxel that a forward pass without gradients needs at most (tile planning). */
    long inferenceBytesPerVoxel();

    @Override
    void close();
}
