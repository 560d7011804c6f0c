package org.jcare.training.predict;

import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.resample.ScipyZoom;

/**
 * Axial upsampling with a 3D network, as CSBDeep's {@code UpsamplingCARE.predict}: the raw image is zoomed along Z by
 * the factor with scipy's linear zoom <em>before</em> normalization (Z' = round(Z f)), then restored exactly as a
 * standard model restores it ({@link TiledPredictor}: percentiles of the upsampled stack, padding, tiles planned from
 * the device memory). CSBDeep zooms in the file's own type (a uint16 stack gives rounded uint16 values); here the
 * image is float32 already, so the zoomed values are not rounded.
 */
public final class UpsamplingPredictor implements ImagePredictor {
    private final TiledPredictor tiled;
    private final double factor;

    /** A predictor for the 3D network {@code net} upsampling Z by {@code factor}. */
    public UpsamplingPredictor(CareNetwork net, double factor) {
        if (net.divisibility().length != 3) {
            throw new IllegalArgumentException("axial upsampling needs a 3D network");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("upsampling factor must be a finite number > 0, got " + factor);
        }
        this.tiled = new TiledPredictor(net);
        this.factor = factor;
    }

    /** The Z upsampling factor. */
    public double factor() {
        return factor;
    }

    /** Z spacing divided by the factor. */
    @Override
    public Calibration outputCalibration(Calibration in) {
        return new Calibration(in.x(), in.y(), in.z() / factor, in.unit(), in.t());
    }

    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        if (!image.axes().has('Z')) {
            throw new IllegalArgumentException("image " + image + " has no Z axis to upsample; give the axes with"
                    + " --axes, for example ZYX");
        }
        FloatImage zoomed = ScipyZoom.zoomAxis(image, 'Z', factor, 1);
        Restoration r = tiled.predict(zoomed, options, listener);
        Calibration c = outputCalibration(image.calibration());
        return new Restoration(r.mean().withCalibration(c), r.scale() == null ? null : r.scale().withCalibration(c),
                r.tilesPerAxis());
    }
}
