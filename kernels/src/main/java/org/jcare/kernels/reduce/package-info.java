/**
 * Deterministic sum and mean: per-work-group partial sums and a compensated fixed-order final stage. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.reduce;
