/**
 * Training losses as CSBDeep defines them (mean absolute error, mean squared error, Laplace negative log-likelihood), with deterministic reductions and gradients that read the seed on the device. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.loss;
