package org.jcare.training.task;

import org.jcare.engine.Engine;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskKind;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.model.ProjectionNetwork;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.IsotropicPredictor;
import org.jcare.training.predict.ProjectionPredictor;
import org.jcare.training.predict.TiledPredictor;
import org.jcare.training.predict.UpsamplingPredictor;

/**
 * What differs between the tasks at run time, in one place: the network a config describes (the CARE U-Net, or the
 * projection network) and the predictor that restores images with it (tiled, isotropic, upsampling, projection).
 * Everything else (training loop, checkpoints, weights files, tiling) is shared.
 */
public final class TaskNetworks {
    private TaskNetworks() {
    }

    /** The network of {@code config}'s task with zero weights (to load weights into). */
    public static CareNetwork create(Engine engine, CareConfig config) {
        if (config.task().kind() == TaskKind.PROJECTION) {
            return new ProjectionNetwork(engine, ProjectionSpec.fromConfig(config));
        }
        return new UNet(engine, UNetSpec.fromConfig(config));
    }

    /** The network of {@code config}'s task with Glorot-initialized weights from {@code seed}. */
    public static CareNetwork create(Engine engine, CareConfig config, long seed) {
        CareNetwork net = create(engine, config);
        if (net instanceof ProjectionNetwork p) {
            p.initialize(seed);
        } else {
            ((UNet) net).initialize(seed);
        }
        return net;
    }

    /**
     * Spatial divisibility of the network {@code config} describes, per axis of its config (for checks before any
     * device is opened): 2^unet_n_depth per axis, for projection 1 along Z and the least common multiple of both
     * networks' grids along Y and X.
     */
    public static int[] divisibility(CareConfig config) {
        if (config.task().kind() == TaskKind.PROJECTION) {
            return ProjectionSpec.fromConfig(config).divisibility();
        }
        return UNetSpec.fromConfig(config).divisibility();
    }

    /**
     * The predictor of {@code config}'s task for {@code net}.
     *
     * @param factor the Z factor for isotropic and upsampling models, or null for the one the model records
     * @throws IllegalArgumentException when a factor is given for a task without one, or none is known
     */
    public static ImagePredictor predictor(CareNetwork net, CareConfig config, Double factor) {
        TaskKind kind = config.task().kind();
        if (factor != null && !kind.hasFactor()) {
            throw new IllegalArgumentException("a factor applies to isotropic and upsampling models; this model's task"
                    + " is " + kind.jsonName());
        }
        return switch (kind) {
            case STANDARD -> new TiledPredictor(net);
            case ISOTROPIC -> new IsotropicPredictor((UNet) net, factor(config, factor));
            case UPSAMPLING -> new UpsamplingPredictor(net, factor(config, factor), config.task().upsampledAxes());
            case PROJECTION -> new ProjectionPredictor((ProjectionNetwork) net);
        };
    }

    private static double factor(CareConfig config, Double override) {
        Double f = override != null ? override : config.task().factor();
        if (f == null) {
            throw new IllegalArgumentException("this " + config.task().kind().jsonName() + " model records no "
                    + config.task().upsampledAxes() + " factor (jcare.task_factor in config.json): give one with"
                    + " --factor (for Z the ratio of Z to XY pixel size)");
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("factor must be a finite number > 0, got " + f);
        }
        return f;
    }
}
