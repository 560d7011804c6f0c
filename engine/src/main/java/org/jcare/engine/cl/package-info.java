/**
 * The OpenCL runtime: device discovery and choice, contexts with one in-order profiling queue, buffers, programs cached per context and as binaries on disk per device and driver, kernels with a typed argument builder, and errors that carry the CL error name, the call and the kernel with its sizes.
 */
package org.jcare.engine.cl;
