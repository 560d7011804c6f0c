package org.jcare.training.predict;

import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.CareNetwork;
import org.jcare.optics.resample.ScipyZoom;

/**
 * Upsampling with a network, as CSBDeep's {@code UpsamplingCARE.predict}: the raw image is zoomed by the factor with
 * scipy's linear zoom <em>before</em> normalization (n' = round(n f) samples per zoomed axis), then restored exactly as
 * a standard model restores it ({@link TiledPredictor}: percentiles of the upsampled image, padding, tiles planned from
 * the device memory). CSBDeep zooms Z with a 3D network; the same holds for lateral upsampling (axes {@code "YX"}:
 * zoomed along Y, then X, with a 2D or 3D network), the task of models trained on {@code jcare synth --upsample F}
 * pairs, whose generator zooms its camera images the same way. CSBDeep zooms in the file's own type (a uint16 stack
 * gives rounded uint16 values); here the image is float32 already, so the zoomed values are not rounded.
 */
public final class UpsamplingPredictor implements ImagePredictor {
    private final TiledPredictor tiled;
    private final double factor;
    private final String axes;

    /** A predictor for the 3D network {@code net} upsampling Z by {@code factor}. */
    public UpsamplingPredictor(CareNetwork net, double factor) {
        this(net, factor, "Z");
    }

    /**
     * A predictor for {@code net} upsampling {@code axes} ({@code "Z"}: a 3D network; {@code "YX"}: any) by
     * {@code factor}.
     */
    public UpsamplingPredictor(CareNetwork net, double factor, String axes) {
        if (!axes.equals("Z") && !axes.equals("YX")) {
            throw new IllegalArgumentException("upsampling zooms Z or YX, not " + axes);
        }
        if (axes.equals("Z") && net.divisibility().length != 3) {
            throw new IllegalArgumentException("axial upsampling needs a 3D network");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("upsampling factor must be a finite number > 0, got " + factor);
        }
        this.tiled = new TiledPredictor(net);
        this.factor = factor;
        this.axes = axes;
    }

    /** The upsampling factor. */
    public double factor() {
        return factor;
    }

    /** The zoomed axes: {@code "Z"} or {@code "YX"}. */
    public String axes() {
        return axes;
    }

    /** The spacing of the zoomed axes divided by the factor. */
    @Override
    public Calibration outputCalibration(Calibration in) {
        if (axes.equals("Z")) {
            return new Calibration(in.x(), in.y(), in.z() / factor, in.unit(), in.t());
        }
        return new Calibration(in.x() / factor, in.y() / factor, in.z(), in.unit(), in.t());
    }

    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        FloatImage zoomed = image;
        for (char a : axes.toCharArray()) {
            if (!image.axes().has(a)) {
                throw new IllegalArgumentException("image " + image + " has no " + a + " axis to upsample; give the"
                        + " axes with --axes, for example " + (a == 'Z' ? "ZYX" : "YX"));
            }
            zoomed = ScipyZoom.zoomAxis(zoomed, a, factor, 1);
        }
        Restoration r = tiled.predict(zoomed, options, listener);
        Calibration c = outputCalibration(image.calibration());
        return new Restoration(r.mean().withCalibration(c), r.scale() == null ? null : r.scale().withCalibration(c),
                r.tilesPerAxis());
    }
}
