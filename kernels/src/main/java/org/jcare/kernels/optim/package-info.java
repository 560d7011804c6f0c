/**
 * Adam over the flat parameter buffer in one launch (Keras's formula and defaults), with its state for checkpoints. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.optim;
