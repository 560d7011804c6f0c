package org.jcare.cli;

import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;

/**
 * The time points of a time-lapse as images of their own, and back: a time-lapse is restored frame by frame, each
 * normalized by its own percentiles, as CSBDeep's per-image {@code predict} does and as the streamed (OME-Zarr) path
 * does. Frames share the time-lapse's planes (nothing is copied when T is the first axis, as TIFF gives it).
 */
final class TimeFrames {
    private TimeFrames() {
    }

    /** Whether {@code image} has a T axis with more than one time point. */
    static boolean isTimeLapse(FloatImage image) {
        return image.axes().has('T') && image.size('T') > 1;
    }

    /** {@code image} with T moved first (a copy only when it is not first already). */
    static FloatImage timeFirst(FloatImage image) {
        String a = image.axes().letters();
        return a.charAt(0) == 'T' ? image : image.permute("T" + a.replace("T", ""));
    }

    /** The frames of a time-lapse whose first axis is T: its axes without T, the planes shared. */
    static List<FloatImage> split(FloatImage tFirst) {
        String rest = tFirst.axes().letters().substring(1);
        long[] s = tFirst.shape();
        long[] frameShape = java.util.Arrays.copyOfRange(s, 1, s.length);
        int frames = (int) s[0];
        int per = tFirst.planeCount() / frames;
        List<FloatImage> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            float[][] planes = new float[per][];
            for (int p = 0; p < per; p++) {
                planes[p] = tFirst.plane(t * per + p);
            }
            out.add(new FloatImage(Axes.of(rest), frameShape, planes, tFirst.calibration()));
        }
        return out;
    }

    /** The frames (same axes and shape each) as one time-lapse with T first, the planes shared. */
    static FloatImage join(List<FloatImage> frames) {
        FloatImage f0 = frames.get(0);
        long[] s = f0.shape();
        long[] shape = new long[s.length + 1];
        shape[0] = frames.size();
        System.arraycopy(s, 0, shape, 1, s.length);
        int per = f0.planeCount();
        float[][] planes = new float[per * frames.size()][];
        for (int t = 0; t < frames.size(); t++) {
            FloatImage f = frames.get(t);
            if (!f.axes().equals(f0.axes()) || !java.util.Arrays.equals(f.shape(), s)) {
                throw new IllegalStateException("frame " + t + " is " + f + ", frame 0 " + f0);
            }
            for (int p = 0; p < per; p++) {
                planes[t * per + p] = f.plane(p);
            }
        }
        return new FloatImage(Axes.of("T" + f0.axes().letters()), shape, planes, f0.calibration());
    }
}
