package org.jcare.training.predict;

/**
 * Where a tile lies in the image being restored, for programs whose results are keyed by position.
 *
 * @param sample the index of the image among those restored one after the other (time points, planes of a 2D
 *               network, ...), 0 for one image
 * @param origin the tile's first voxel in the original image, per spatial axis (outermost first); negative or past
 *               the end where the tile reaches into the reflect padding
 * @param shape  the original image's spatial shape
 */
public record TilePosition(long sample, long[] origin, long[] shape) {
}
