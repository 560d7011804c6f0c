/**
 * Convolution, 2D and 3D, odd kernel sizes, 'same' zero padding, bias, residual and ReLU fused in the epilogue, and the decoder's upsampling + concatenation read through by the loaders ({@link org.jcare.kernels.conv.Conv#applyUpConcat}): the naive kernels that document the math, CPU-shaped register-tile kernels for PoCL, GPU-shaped local-memory kernels, split-K weight gradients with a deterministic reduce, and the float64 reference. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.conv;
