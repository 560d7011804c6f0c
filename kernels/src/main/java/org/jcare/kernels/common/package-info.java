/**
 * Helpers shared by the op families: the float64 host tensor the references compute on, work-group sizes and spatial factors. Each family: its .cl source, a launcher, autograd ops and a float64 reference.
 */
package org.jcare.kernels.common;
