package org.jcare.training.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskKind;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.model.ProjectionNetwork;
import org.jcare.training.model.UNet;
import org.jcare.training.predict.IsotropicPredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.ProjectionPredictor;
import org.jcare.training.predict.Restoration;
import org.jcare.training.predict.TileOutput;
import org.jcare.training.predict.TiledOutputs;
import org.jcare.training.predict.TiledPredictor;
import org.jcare.training.predict.UpsamplingPredictor;
import org.jcare.optics.resample.ScipyZoom;

/**
 * Restores images with an ensemble as its members' task does, every tile read, normalized and uploaded once for all
 * members:
 * <ul>
 * <li><b>standard</b>: the tiled predictor runs {@link EnsembleTileProgram} per tile (members, then the readouts on the
 * device; only the readouts come back);
 * <li><b>upsampling</b>: Z zoomed by the factor as {@link UpsamplingPredictor} does, then the same per-tile program;
 * <li><b>isotropic</b> and <b>projection</b>: every member must finish its own restoration before the mixture is
 * taken (isotropic combines two passes per member by a geometric mean; projection restores from whole-Z tiles), so
 * their predictors restore all members in one pass over the tiles ({@link IsotropicPredictor#predictAll},
 * {@link ProjectionPredictor#predictAll}), and {@link MixtureImages} computes the readouts from the member images on
 * the device.
 * </ul>
 * The readouts are the same in every case (mixture mean, variance, intervals, samples, disagreement D, member images),
 * and so are the units: those of the restoration.
 */
public final class EnsemblePredictor {
    private final List<? extends CareNetwork> members;
    private final CareConfig config;
    private final double zFactor;
    private final float[] scaleFactors;
    private final EnsembleReadouts readouts;

    /**
     * A predictor for {@code members} (networks of {@code config}, on one device).
     *
     * @param zFactor      the Z factor of an isotropic or upsampling ensemble, or null for the recorded one
     * @param scaleFactors per member, the factor its Laplace scales are multiplied with in the mixture
     * @param readouts     what to compute besides the mean
     * @throws IllegalArgumentException when a factor is given to another task or none is known, or the readouts need
     *                                  scales the members lack
     */
    public EnsemblePredictor(List<? extends CareNetwork> members, CareConfig config, Double zFactor,
                             float[] scaleFactors, EnsembleReadouts readouts) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (scaleFactors.length != members.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + scaleFactors.length
                    + " scale factors");
        }
        TaskKind kind = config.task().kind();
        if (zFactor != null && !kind.hasFactor()) {
            throw new IllegalArgumentException("a factor applies to isotropic and upsampling models; this ensemble's"
                    + " task is " + kind.jsonName());
        }
        this.members = List.copyOf(members);
        this.config = config;
        this.zFactor = kind.hasFactor() ? factor(config, zFactor) : 1;
        this.scaleFactors = scaleFactors.clone();
        this.readouts = readouts;
        // refuse readouts the members cannot give before any restoration
        readouts.outputs(config.nChannelOut(), members.size(), config.probabilistic());
    }

    /** The pixel sizes of a restoration of an image with {@code input}'s: Z spacing / factor when Z is upsampled. */
    public Calibration outputCalibration(Calibration input) {
        if (!config.task().kind().hasFactor()) {
            return input;
        }
        return new Calibration(input.x(), input.y(), input.z() / zFactor, input.unit(), input.t());
    }

    /** Restores {@code image}: the mixture mean and the readouts, by name. */
    public EnsembleRestoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        return switch (config.task().kind()) {
            case STANDARD -> tiled(image, options, listener);
            case UPSAMPLING -> upsampled(image, options, listener);
            case ISOTROPIC -> mixed(new IsotropicPredictor(unets(), zFactor).predictAll(image, options, listener),
                    3);
            case PROJECTION -> mixed(new ProjectionPredictor(projections()).predictAll(image, options, listener),
                    2);
        };
    }

    private EnsembleRestoration tiled(FloatImage image, PredictOptions options, PredictionListener listener) {
        try (EnsembleTileProgram program = new EnsembleTileProgram(members, config.probabilistic(), scaleFactors,
                readouts)) {
            TiledOutputs out = new TiledPredictor(program).predictOutputs(image, options, listener);
            Map<String, FloatImage> named = new LinkedHashMap<>();
            List<TileOutput> outputs = program.outputs();
            for (int k = 0; k < outputs.size(); k++) {
                named.put(outputs.get(k).name(), out.images().get(k));
            }
            return new EnsembleRestoration(named, out.tilesPerAxis(), members.size());
        }
    }

    /** As {@link UpsamplingPredictor}: Z zoomed (linear, scipy) before normalization, then tiled. */
    private EnsembleRestoration upsampled(FloatImage image, PredictOptions options, PredictionListener listener) {
        if (!image.axes().has('Z')) {
            throw new IllegalArgumentException("image " + image + " has no Z axis to upsample; give the axes with"
                    + " --axes, for example ZYX");
        }
        EnsembleRestoration r = tiled(ScipyZoom.zoomAxis(image, 'Z', zFactor, 1), options, listener);
        Calibration c = outputCalibration(image.calibration());
        Map<String, FloatImage> named = new LinkedHashMap<>();
        r.images().forEach((name, img) -> named.put(name, img.withCalibration(c)));
        return new EnsembleRestoration(named, r.tilesPerAxis(), r.members());
    }

    /** The readouts of members restored each to its own image (same shape, the restoration's units). */
    private EnsembleRestoration mixed(List<Restoration> restored, int nDim) {
        List<FloatImage> means = new ArrayList<>();
        List<FloatImage> scales = config.probabilistic() ? new ArrayList<>() : null;
        for (Restoration r : restored) {
            means.add(r.mean());
            if (scales != null) {
                scales.add(r.scale());
            }
        }
        Map<String, FloatImage> named = MixtureImages.readouts(members.get(0).engine(), means, scales, scaleFactors,
                readouts, nDim);
        return new EnsembleRestoration(named, restored.get(0).tilesPerAxis(), members.size());
    }

    private List<UNet> unets() {
        List<UNet> out = new ArrayList<>();
        for (CareNetwork n : members) {
            out.add((UNet) n);
        }
        return out;
    }

    private List<ProjectionNetwork> projections() {
        List<ProjectionNetwork> out = new ArrayList<>();
        for (CareNetwork n : members) {
            out.add((ProjectionNetwork) n);
        }
        return out;
    }

    private static double factor(CareConfig config, Double override) {
        Double f = override != null ? override : config.task().factor();
        if (f == null) {
            throw new IllegalArgumentException("this " + config.task().kind().jsonName() + " ensemble records no Z"
                    + " factor (jcare.task_factor in its config.json): give one with --factor (the ratio of Z to XY"
                    + " pixel size)");
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("factor must be a finite number > 0, got " + f);
        }
        return f;
    }

    @Override
    public String toString() {
        return "EnsemblePredictor{" + members.size() + " members, task " + config.task().kind().jsonName()
                + ", factors " + Arrays.toString(scaleFactors) + "}";
    }
}
