/**
 * The compute engine: an {@link org.jcare.engine.Engine} on one OpenCL device owns the context, the buffer pool, the scope stack of temporaries, the autograd tape and the precision setting. Nothing is global: everything that computes takes an engine.
 */
package org.jcare.engine;
