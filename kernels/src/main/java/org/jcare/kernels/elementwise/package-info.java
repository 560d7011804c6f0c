/**
 * Elementwise addition (the residual connection) and scaling. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.elementwise;
