/**
 * Nearest-neighbour upsampling with per-axis factors; its backward sums each block. The U-Net decoder's upsampling does not use it: its convolution reads the upsampled tensor through ({@code Conv.applyUpConcat}). Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.upsample;
