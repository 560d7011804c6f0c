package org.jcare.training.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageVolume;
import org.jcare.io.image.Tczyx;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.StreamPlan;
import org.jcare.training.predict.StreamingPercentiles;
import org.jcare.training.predict.StreamingPredictor;
import org.jcare.training.predict.UpsamplingPredictor;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.Test;

class AxialZoomVolumeTest {
    private static FloatImage random(String axes, long seed, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05 + p));
            }
        }
        return img.withCalibration(new Calibration(0.2, 0.2, 1.0, "µm", 3));
    }

    @Test
    void boxesEqualScipysZoomOfTheWholeImageBitForBit() throws IOException {
        // factors that hit the last plane exactly, round Z' half to even, shrink, and leave a zero last plane (scipy's
        // coordinate one ulp past the end: 510 planes zoomed by 1 / 10.2)
        Object[][] cases = {{"TCZYX", new long[] {2, 2, 7, 5, 6}, 2.5}, {"ZYX", new long[] {9, 4, 3}, 3.0},
            {"CZYX", new long[] {1, 10, 3, 4}, 0.45}, {"ZYX", new long[] {510, 2, 2}, 1 / 10.2},
            {"ZYX", new long[] {1, 3, 3}, 4.0}};
        for (Object[] c : cases) {
            String axes = (String) c[0];
            long[] shape = (long[]) c[1];
            double f = (double) c[2];
            FloatImage img = random(axes, shape.length, shape);
            FloatImage whole = ScipyZoom.zoomAxis(img, 'Z', f, 1);
            AxialZoomVolume v = new AxialZoomVolume(new ImageVolume(img, "img"), f);
            assertArrayEquals(whole.shape(), v.shape(), axes + " x " + f);
            ImageVolume expected = new ImageVolume(whole, "whole");
            long[] s = v.shape();
            int z = axes.indexOf('Z');
            // every single Z plane, and boxes of several planes at several offsets, cropped in Y and X
            for (int z0 = 0; z0 < s[z]; z0++) {
                for (int nz : new int[] {1, 3}) {
                    if (z0 + nz > s[z]) {
                        continue;
                    }
                    long[] start = new long[s.length];
                    int[] size = new int[s.length];
                    for (int a = 0; a < s.length; a++) {
                        size[a] = (int) s[a];
                    }
                    start[z] = z0;
                    size[z] = nz;
                    start[s.length - 1] = 1;
                    size[s.length - 1] -= 1;
                    float[] want = expected.read(start, size);
                    float[] got = v.read(start, size);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                                axes + " x " + f + " Z " + z0 + "+" + nz + " value " + i);
                    }
                }
            }
            assertEquals(img.calibration().z() / f, v.calibration().z(), 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> new AxialZoomVolume(new ImageVolume(
                FloatImage.zeros("YX", 4, 4), "flat"), 2));
    }

    @Test
    void streamedUpsamplingEqualsTheInMemoryPredictorBitForBit() throws IOException {
        UNetSpec spec = new UNetSpec(3, 1, 1, 1, new int[] {3, 3, 3}, 2, true, false, false, new int[] {2, 2, 2});
        try (Engine engine = Engine.open((String) null);
             UNet net = new UNet(engine, spec).initialize(4)) {
            FloatImage img = random("ZYX", 8, 7, 30, 26);
            double f = 2.5;
            PredictOptions o = PredictOptions.defaults().withTiles(2, 2, 1);
            FloatImage expected = new UpsamplingPredictor(net, f).predict(img, o, PredictionListener.NONE).mean();
            Tczyx v = new Tczyx(new AxialZoomVolume(new ImageVolume(img, "img"), f));
            StreamingPredictor sp = new StreamingPredictor(net);
            StreamPlan plan = sp.plan(v.shape(), o, 1, 0);
            assertTrue(plan.unitCount() > 1);
            double[][] p = StreamingPercentiles.ofFrame(v, 0, 2, o.pmin(), o.pmax());
            PercentileNormalizer n = PercentileNormalizer.of(new float[] {(float) p[0][0]},
                    new float[] {(float) p[0][1]});
            long[] out = plan.outputShape();
            float[] got = new float[(int) (out[2] * out[3] * out[4])];
            sp.run(v, plan, new PercentileNormalizer[] {n}, k -> true, new StreamingPredictor.CellSink() {
                @Override
                public void write(long[] start, int[] size, float[] data) {
                    int i = 0;
                    for (int z = 0; z < size[2]; z++) {
                        for (int y = 0; y < size[3]; y++) {
                            for (int x = 0; x < size[4]; x++) {
                                got[(int) (((start[2] + z) * out[3] + start[3] + y) * out[4] + start[4] + x)] =
                                        data[i++];
                            }
                        }
                    }
                }

                @Override
                public boolean isWritten(long[] start, int[] size) {
                    return false;
                }
            }, null, false, PredictionListener.NONE);
            float[] want = expected.toArray();
            assertEquals(want.length, got.length);
            assertEquals(18, out[2], "round(7 x 2.5) planes");
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "voxel " + i);
            }
        }
    }
}
