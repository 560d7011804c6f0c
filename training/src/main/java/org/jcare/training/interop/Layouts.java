package org.jcare.training.interop;

import org.jcare.io.model.UNetLayout;
import org.jcare.training.model.UNetSpec;

/** The io module's description of a U-Net ({@link UNetLayout}) for the training module's {@link UNetSpec}. */
public final class Layouts {
    private Layouts() {
    }

    /** The layout of {@code spec}: the same layers, names and shapes. */
    public static UNetLayout of(UNetSpec spec) {
        return new UNetLayout(spec.nDim(), spec.channelsIn(), spec.channelsOut(), spec.depth(), spec.kernelSize(),
                spec.firstFilters(), spec.residual(), spec.probabilistic(), spec.lastActivationRelu(),
                spec.poolFactors());
    }

    /** The spec of {@code layout}. */
    public static UNetSpec spec(UNetLayout layout) {
        return new UNetSpec(layout.nDim(), layout.channelsIn(), layout.channelsOut(), layout.depth(),
                layout.kernelSize(), layout.firstFilters(), layout.residual(), layout.probabilistic(),
                layout.lastActivationRelu(), layout.poolFactors());
    }
}
