/**
 * Nearest-neighbour upsampling with per-axis factors; its backward sums each block. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.upsample;
