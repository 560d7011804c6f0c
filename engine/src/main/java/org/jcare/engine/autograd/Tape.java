package org.jcare.engine.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Tensor;

/**
 * The autograd tape (DESIGN decision 4). Ops record a {@link Node} when gradients are on and an input needs
 * one; {@link #backward(Tensor)} walks the nodes in reverse, calls each node's {@link Function} and
 * accumulates the gradients: into the flat gradient buffer for parameters, into temporaries otherwise.
 * Gradient temporaries are returned to the pool as soon as no later node needs them.
 */
public final class Tape {
    private final Engine engine;
    private final List<Node> nodes = new ArrayList<>();
    private final Set<Tensor> retained = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Tensor, Tensor> retainedGrads = new IdentityHashMap<>();
    private int noGradDepth;

    /** The tape of {@code engine}. */
    public Tape(Engine engine) {
        this.engine = engine;
    }

    /** Restores gradient recording when closed. */
    public final class NoGrad implements AutoCloseable {
        private boolean closed;

        private NoGrad() {
            noGradDepth++;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                noGradDepth--;
            }
        }
    }

    /** Turns recording off until the returned object is closed (inference, validation). */
    public NoGrad noGrad() {
        return new NoGrad();
    }

    /** True when ops are recorded. */
    public boolean isRecording() {
        return noGradDepth == 0;
    }

    /**
     * Records an op when recording is on and some input requires a gradient; then the outputs require one
     * too. Returns whether a node was recorded.
     */
    public boolean record(String name, String detail, Tensor[] inputs, Tensor[] outputs, Function function) {
        if (!isRecording()) {
            return false;
        }
        boolean any = false;
        for (Tensor t : inputs) {
            any |= t != null && t.requiresGrad();
        }
        if (!any) {
            return false;
        }
        for (Tensor t : outputs) {
            t.requiresGrad(true);
        }
        nodes.add(new Node(name, detail, inputs.clone(), outputs.clone(), function));
        return true;
    }

    /** Keeps the gradient of a non-parameter tensor so that {@link #grad(Tensor)} can return it. */
    public void retainGrad(Tensor t) {
        retained.add(t);
    }

    /** The gradient of a retained tensor or of a leaf input after {@link #backward}, or null. */
    public Tensor grad(Tensor t) {
        return retainedGrads.get(t);
    }

    /** Back-propagates from a scalar (one element) {@code root} with seed 1. */
    public void backward(Tensor root) {
        if (root.numel() != 1) {
            throw new IllegalArgumentException("backward from a non-scalar " + root.shape() + " needs a seed gradient");
        }
        Tensor seed = engine.full(root.shape(), 1f);
        backward(root, seed);
    }

    /**
     * Back-propagates {@code seed} (the gradient of {@code root}) through every recorded node, then clears the
     * tape. Parameter gradients are added to the flat gradient buffer (call {@code zeroGrad()} between steps
     * unless accumulating on purpose).
     */
    public void backward(Tensor root, Tensor seed) {
        if (!root.shape().equals(seed.shape())) {
            throw new IllegalArgumentException("seed " + seed.shape() + " does not match root " + root.shape());
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        Map<Tensor, Integer> holders = new IdentityHashMap<>();
        Set<Tensor> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.add(seed);
        store(root, seed, grads, holders, keep);
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Node node = nodes.get(n);
            Tensor[] outs = node.outputs();
            Tensor[] gOut = new Tensor[outs.length];
            boolean any = false;
            for (int k = 0; k < outs.length; k++) {
                gOut[k] = grads.remove(outs[k]);
                if (gOut[k] != null && retained.contains(outs[k])) {
                    retainedGrads.put(outs[k], gOut[k]);
                    keep.add(gOut[k]);
                }
                any |= gOut[k] != null;
            }
            if (!any) {
                continue;
            }
            for (int k = 0; k < outs.length; k++) {
                if (gOut[k] == null) {
                    gOut[k] = engine.zeros(outs[k].shape());
                    holders.merge(gOut[k], 1, Integer::sum);
                }
            }
            Tensor[] gIn = node.function().backward(node, gOut);
            if (gIn.length != node.inputs().length) {
                throw new IllegalStateException(node.name() + " backward returned " + gIn.length
                        + " gradients for " + node.inputs().length + " inputs");
            }
            for (int i = 0; i < gIn.length; i++) {
                if (gIn[i] == null) {
                    continue;
                }
                Tensor x = node.input(i);
                if (!gIn[i].shape().equals(x.shape())) {
                    throw new IllegalStateException(node.name() + " backward: gradient " + gIn[i].shape()
                            + " for input " + i + " of shape " + x.shape());
                }
                if (node.needsGrad(i)) {
                    store(x, gIn[i], grads, holders, keep);
                } else {
                    releaseIfFree(gIn[i], holders, keep);
                }
            }
            for (Tensor g : gOut) {
                holders.merge(g, -1, Integer::sum);
                releaseIfFree(g, holders, keep);
            }
        }
        // What is left are gradients of leaf inputs (not produced by any node): keep them for grad().
        grads.forEach(retainedGrads::put);
        nodes.clear();
    }

    private void store(Tensor x, Tensor g, Map<Tensor, Tensor> grads, Map<Tensor, Integer> holders, Set<Tensor> keep) {
        Parameter p = x.parameter();
        if (p != null) {
            engine.accumulate(p.grad(), g);
            releaseIfFree(g, holders, keep);
            return;
        }
        Tensor existing = grads.get(x);
        if (existing == null) {
            grads.put(x, g);
            holders.merge(g, 1, Integer::sum);
            return;
        }
        if (holders.getOrDefault(existing, 0) == 1 && !keep.contains(existing)) {
            engine.accumulate(existing, g);
            releaseIfFree(g, holders, keep);
            return;
        }
        // The existing gradient is shared with another holder: accumulate into a fresh copy.
        Tensor sum = engine.empty(x.shape());
        engine.cl().copy(existing.buffer(), 0, sum.buffer(), 0, x.shape().bytes());
        engine.accumulate(sum, g);
        holders.merge(existing, -1, Integer::sum);
        releaseIfFree(existing, holders, keep);
        releaseIfFree(g, holders, keep);
        grads.put(x, sum);
        holders.merge(sum, 1, Integer::sum);
    }

    private static void releaseIfFree(Tensor g, Map<Tensor, Integer> holders, Set<Tensor> keep) {
        if (holders.getOrDefault(g, 0) <= 0 && !keep.contains(g)) {
            holders.remove(g);
            g.close();
        }
    }

    /** Number of recorded nodes. */
    public int size() {
        return nodes.size();
    }

    /** Forgets recorded nodes and retained gradients (the tensors themselves belong to their scopes). */
    public void clear() {
        nodes.clear();
        retainedGrads.clear();
        retained.clear();
    }

    /** The recorded graph, one node per line with shapes, in execution order. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(String.format("%3d  %s%n", i, nodes.get(i).describe()));
        }
        return sb.toString();
    }
}
