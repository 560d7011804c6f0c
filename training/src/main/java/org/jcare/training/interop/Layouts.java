package org.jcare.training.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.UNetLayout;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskKind;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNetSpec;

/**
 * The io module's descriptions of the networks ({@link UNetLayout}, {@link ProjectionLayout}) for the training
 * module's specs ({@link UNetSpec}, {@link ProjectionSpec}): the same layers, names and shapes.
 */
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

    /**
     * The layout of the projection sub-network of {@code spec} (its 2D denoiser is {@code of(spec.denoiser())}): the
     * parameters of {@code ProjectionNetwork} before the U-Net's, in the same order and with the same names.
     */
    public static ProjectionLayout projection(ProjectionSpec spec) {
        ProjectionParams p = spec.projection();
        return new ProjectionLayout(spec.channelsIn(), p.nDepth(), p.nFilt(), p.nConvPerDepth(), p.kern(), p.pool());
    }

    /** The U-Net of {@code config}: the model's network, or the 2D denoiser of a projection model. */
    public static UNetLayout unet(CareConfig config) {
        return of(config.task().kind() == TaskKind.PROJECTION ? ProjectionSpec.fromConfig(config).denoiser()
                : UNetSpec.fromConfig(config));
    }

    /** The projection sub-network of a projection model's {@code config}; empty for the other tasks. */
    public static Optional<ProjectionLayout> projection(CareConfig config) {
        return config.task().kind() == TaskKind.PROJECTION
                ? Optional.of(projection(ProjectionSpec.fromConfig(config))) : Optional.empty();
    }

    /** Every convolution of {@code config}'s network in parameter order: the projection's, then the U-Net's. */
    public static List<UNetLayout.Conv> convs(CareConfig config) {
        List<UNetLayout.Conv> all = new ArrayList<>(projection(config).map(ProjectionLayout::convs).orElse(List.of()));
        all.addAll(unet(config).convs());
        return all;
    }
}
