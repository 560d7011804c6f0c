/**
 * Per-pixel readouts of an ensemble of Laplace (or plain) predictions mixed with equal weights: moments, cdf,
 * quantiles by monotone inversion, the disagreement D (average KL divergence to the mixture) and samples. Each
 * family: its .cl source, a launcher and a float64 reference; this one has no autograd (nothing trains through it).
 */
package org.jcare.kernels.mixture;
