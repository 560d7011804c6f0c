/**
 * Numerically stable softmax along one axis (the projection network's weights over Z). Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.softmax;
