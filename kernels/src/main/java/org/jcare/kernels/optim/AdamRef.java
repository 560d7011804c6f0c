package org.jcare.kernels.optim;

/**
 * Float64 reference of {@code optim.cl}: Adam as Keras applies it, the specification the kernel is tested
 * against. Holds its parameters and moments.
 */
public final class AdamRef {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] p;
    private final double[] m;
    private final double[] v;
    private long t;

    /** A reference optimizer over a copy of {@code params}, moments zero. */
    public AdamRef(double[] params, double beta1, double beta2, double epsilon) {
        this.p = params.clone();
        this.m = new double[p.length];
        this.v = new double[p.length];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /**
     * t += 1; lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t); m = beta1 m + (1 - beta1) g;
     * v = beta2 v + (1 - beta2) g^2; p -= lr_t m / (sqrt(v) + epsilon).
     */
    public void step(double[] g, double lr) {
        t++;
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (int i = 0; i < p.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + epsilon);
        }
    }

    /** The parameters. */
    public double[] params() {
        return p.clone();
    }

    /** The first moments. */
    public double[] m() {
        return m.clone();
    }

    /** The second moments. */
    public double[] v() {
        return v.clone();
    }

    /** Steps taken. */
    public long steps() {
        return t;
    }
}
