/**
 * Images on the host with explicit axes: {@link org.jcare.io.image.Axes} (letters from {@code STCZYX}),
 * {@link org.jcare.io.image.Calibration} (pixel sizes, unit, frame interval) and
 * {@link org.jcare.io.image.FloatImage} (float32 voxels held as planes of the last two axes, so that images of more
 * than 2^31 voxels are representable).
 */
package org.jcare.io.image;
