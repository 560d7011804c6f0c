/**
 * Device tensors in the one layout N C [D] H W (W fastest, float32): shapes with 64-bit sizes, pooled device memory, scopes that own temporaries, and comparisons against float64 references (NMSE, worst element with its index).
 */
package org.jcare.engine.tensor;
