/**
 * Concatenation along the channel axis ([a, b], as CSBDeep concatenates [upsampled, skip]) and its split backward. The U-Net decoder's concatenation does not use it: its convolution reads [upsampled, skip] through ({@code Conv.applyUpConcat}). Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.concat;
