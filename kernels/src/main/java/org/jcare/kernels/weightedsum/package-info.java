/**
 * Weighted sum over one axis with channel-broadcast weights (the projection network's Z projection). Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.weightedsum;
