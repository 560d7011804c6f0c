/**
 * Concatenation along the channel axis ([a, b], as CSBDeep concatenates [upsampled, skip]) and its split backward. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.concat;
