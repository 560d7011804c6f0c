package org.jcare.kernels.optim;

import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.cl.ClBuffer;

/**
 * The Adam optimizer as Keras applies it (the optimizer of CSBDeep), one kernel launch per step over the flat
 * parameter and gradient buffers of a {@link ParameterSet}, with flat moment buffers owned here. At step t
 * (counting from 1), for every parameter p with gradient g:
 * <pre>
 *   lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)      (on the host, in double)
 *   m    = beta1 * m + (1 - beta1) * g
 *   v    = beta2 * v + (1 - beta2) * g^2
 *   p    = p - lr_t * m / (sqrt(v) + epsilon)
 * </pre>
 * Defaults are Keras': beta1 0.9, beta2 0.999, epsilon 1e-7. The learning rate is an argument of every step
 * (ReduceLROnPlateau changes it). Gradients are not zeroed here: call {@code ParameterSet.zeroGrad()}.
 */
public final class Adam implements AutoCloseable {
    /** Keras' default beta1. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Keras' default beta2. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Keras' default epsilon. */
    public static final double DEFAULT_EPSILON = 1e-7;

    private final Engine engine;
    private final ParameterSet params;
    private final AdamKernels kernels;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final long n;
    private ClBuffer m;
    private ClBuffer v;
    private long steps;

    /** Adam with Keras' defaults over the (allocated) parameters. */
    public Adam(Engine engine, ParameterSet params) {
        this(engine, params, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** Adam with explicit hyper-parameters: 0 <= beta1, beta2 < 1 and epsilon > 0. */
    public Adam(Engine engine, ParameterSet params, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: need 0 <= beta1, beta2 < 1 and epsilon > 0, got beta1 " + beta1
                    + ", beta2 " + beta2 + ", epsilon " + epsilon);
        }
        this.engine = engine;
        this.params = params;
        this.kernels = AdamKernels.on(engine);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        params.values(); // fails early when the set is not allocated
        this.n = params.flatLength();
        this.m = engine.cl().allocate(n * 4);
        try {
            this.v = engine.cl().allocate(n * 4);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        engine.tensorKernels().fill(m, 0f, n);
        engine.tensorKernels().fill(v, 0f, n);
    }

    /** One update of every parameter from its gradient with {@code learningRate} (one launch). */
    public void step(float learningRate) {
        if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Adam.step: learning rate " + learningRate + " is not a finite number >= 0");
        }
        requireOpen();
        steps++;
        kernels.step(params.values(), m, v, params.grads(), n, (float) correctedRate(learningRate, steps),
                (float) beta1, (float) beta2, (float) (1 - beta1), (float) (1 - beta2), (float) epsilon);
    }

    /** The bias-corrected step size of step {@code t}: lr * sqrt(1 - beta2^t) / (1 - beta1^t). */
    public double correctedRate(double learningRate, long t) {
        return learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }

    /** Steps taken so far (restored by {@link #writeState}). */
    public long steps() {
        return steps;
    }

    /** beta1. */
    public double beta1() {
        return beta1;
    }

    /** beta2. */
    public double beta2() {
        return beta2;
    }

    /** epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** Copies the step count and both moments to the host (blocking), for a checkpoint. */
    public AdamState readState() {
        requireOpen();
        float[] mh = new float[Math.toIntExact(n)];
        float[] vh = new float[Math.toIntExact(n)];
        engine.cl().read(m, 0, mh);
        engine.cl().read(v, 0, vh);
        return new AdamState(steps, mh, vh);
    }

    /** Restores a state from {@link #readState()} (of a parameter set with the same layout) to resume training. */
    public void writeState(AdamState state) {
        requireOpen();
        if (state.m().length != n) {
            throw new IllegalArgumentException("Adam state of " + state.m().length + " floats for a parameter set of " + n
                    + " (flat length): not the same model layout");
        }
        engine.cl().write(m, 0, state.m());
        engine.cl().write(v, 0, state.v());
        steps = state.steps();
    }

    private void requireOpen() {
        if (m == null) {
            throw new IllegalStateException("Adam used after close");
        }
    }

    @Override
    public void close() {
        if (m != null) {
            m.close();
            v.close();
            m = null;
            v = null;
        }
    }
}
