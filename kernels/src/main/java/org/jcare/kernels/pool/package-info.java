/**
 * Max pooling with per-axis factors and a saved argmax for the backward. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.pool;
