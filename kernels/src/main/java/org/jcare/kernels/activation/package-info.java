/**
 * ReLU and softplus (with CARE's +1e-3 on the scale head), forward and backward. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.activation;
