package org.jcare.engine.autograd;

import org.jcare.engine.tensor.Tensor;

/**
 * The backward half of an op: given the gradients of the node's outputs, returns the gradients of its
 * inputs (null where {@link Node#needsGrad(int)} is false). A returned tensor may be one of the given output
 * gradients (pass-through); the tape keeps track of sharing.
 */
@FunctionalInterface
public interface Function {
    /** Gradients of {@code node.inputs()}, one entry per input. */
    Tensor[] backward(Node node, Tensor[] gradOutputs);
}
