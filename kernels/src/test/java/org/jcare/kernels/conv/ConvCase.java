package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jcare.engine.tensor.Shape;
import org.junit.jupiter.params.provider.Arguments;

/** One point of a convolution test grid: input and weight shapes, with or without bias; shown by its name. */
record ConvCase(String name, Shape x, Shape w, boolean bias) {
    @Override
    public String toString() {
        return name;
    }

    /** Every variant with every case, as (variant, case) arguments of a parameterized test. */
    static Stream<Arguments> everyVariantWithEveryCase(ConvVariant[] variants, List<?> cases) {
        List<Arguments> out = new ArrayList<>();
        for (ConvVariant v : variants) {
            for (Object c : cases) {
                out.add(Arguments.of(v, c));
            }
        }
        return out.stream();
    }
}
