package org.jcare.kernels.conv;

import org.jcare.engine.tensor.Shape;

/** One point of a convolution test grid: input and weight shapes, with or without bias; shown by its name. */
record ConvCase(String name, Shape x, Shape w, boolean bias) {
    @Override
    public String toString() {
        return name;
    }
}
