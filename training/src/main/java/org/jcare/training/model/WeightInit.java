package org.jcare.training.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How a new network's weights are drawn. {@link #GLOROT} is Keras' default and so CSBDeep's (weights
 * {@code U(-l, l)} with {@code l = sqrt(6 / (fan_in + fan_out))}, zero biases); {@link #PYTORCH} is what a PyTorch
 * {@code Conv2d}/{@code Conv3d} starts from ({@code kaiming_uniform_(a = sqrt(5))}, which is weights and biases
 * {@code U(-1 / sqrt(fan_in), 1 / sqrt(fan_in))}). Fans are channels times the kernel volume.
 */
public enum WeightInit {
    /** Glorot uniform weights, zero biases (Keras, CSBDeep). */
    GLOROT,
    /** PyTorch's default for convolutions: weights and biases uniform in +-1/sqrt(fan_in). */
    PYTORCH;

    /** The flat parameter values of {@code layers} for PyTorch's rule (the Glorot path lives in {@link UNet}). */
    float[] draw(List<UNet.Layer> layers, long flatLength, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] flat = new float[Math.toIntExact(flatLength)];
        for (UNet.Layer l : layers) {
            long[] d = l.weight().shape().dims();
            long receptive = 1;
            for (int i = 2; i < d.length; i++) {
                receptive *= d[i];
            }
            double bound = 1 / Math.sqrt((double) d[1] * receptive);
            fill(flat, (int) l.weight().offset(), l.weight().shape().numel(), bound, random);
            fill(flat, (int) l.bias().offset(), l.bias().shape().numel(), bound, random);
        }
        return flat;
    }

    private static void fill(float[] flat, int off, long n, double bound, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            flat[off + i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }
}
