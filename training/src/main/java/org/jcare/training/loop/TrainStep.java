package org.jcare.training.loop;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.optim.Adam;
import org.jcare.training.model.CareNetwork;

/**
 * One optimization step on a device-resident batch: forward, loss, backward, Adam, gradient zeroing. Nothing
 * is read back to the host; the loss is added to a device accumulator. Shared by the trainer and the
 * benchmarks so that both measure the same thing.
 */
public final class TrainStep implements AutoCloseable {
    private final CareNetwork net;
    private final LossKind loss;
    private final Adam adam;

    /** A step for {@code net} with a fresh optimizer. */
    public TrainStep(CareNetwork net, LossKind loss) {
        this(net, loss, Adam.DEFAULT_EPSILON);
    }

    /** A step for {@code net} with a fresh optimizer whose epsilon is {@code adamEpsilon}. */
    public TrainStep(CareNetwork net, LossKind loss, double adamEpsilon) {
        this.net = net;
        this.loss = loss;
        this.adam = new Adam(net.engine(), net.parameters(), Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, adamEpsilon);
    }

    /** The optimizer (for checkpoints). */
    public Adam adam() {
        return adam;
    }

    /** Runs one step at learning rate {@code lr}, adding the batch loss to {@code lossSum} (a 1-element tensor). */
    public void run(Tensor x, Tensor y, float lr, Tensor lossSum) {
        Engine engine = net.engine();
        try (Scope scope = engine.scope()) {
            Tensor pred = net.forward(x);
            Tensor l = loss.apply(pred, y);
            if (lossSum != null) {
                engine.accumulate(lossSum, l);
            }
            engine.tape().backward(l);
        }
        adam.step(lr);
        net.parameters().zeroGrad();
    }

    @Override
    public void close() {
        adam.close();
    }
}
