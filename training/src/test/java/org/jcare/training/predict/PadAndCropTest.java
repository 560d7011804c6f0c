package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class PadAndCropTest {
    @Test
    void reflectIndexMatchesNumpyPadReflect() {
        for (JsonNode c : Fixtures.json("pad_reflect.json").get("cases")) {
            long[] shape = Fixtures.longs(c.get("shape"));
            double[] data = Fixtures.doubles(c.get("data"));
            double[] expected = Fixtures.doubles(c.get("expected"));
            long[] out = Fixtures.longs(c.get("expected_shape"));
            int rank = shape.length;
            int[][] pads = new int[rank][];
            for (int i = 0; i < rank; i++) {
                pads[i] = Fixtures.ints(c.get("pads").get(i));
            }
            long[] idx = new long[rank];
            for (int f = 0; f < expected.length; f++) {
                long src = 0;
                for (int i = 0; i < rank; i++) {
                    src = src * shape[i] + PadAndCrop.reflect(idx[i] - pads[i][0], shape[i]);
                }
                assertEquals(expected[f], data[(int) src], 0.0, c.toString());
                for (int i = rank - 1; i >= 0; i--) {
                    if (++idx[i] < out[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
        }
    }

    @Test
    void padsSpatialAxesToTheDivisorFloorBeforeCeilAfter() {
        float[] d = new float[2 * 5 * 7];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        FloatImage img = FloatImage.of("CYX", new long[] {2, 5, 7}, d);
        PadAndCrop p = PadAndCrop.plan(img, 4);
        assertArrayEquals(new long[] {2, 8, 8}, p.paddedShape());
        assertEquals(0, p.padBefore(0));
        assertEquals(1, p.padBefore(1));
        assertEquals(2, p.padAfter(1));
        assertEquals(0, p.padBefore(2));
        assertEquals(1, p.padAfter(2));
        FloatImage padded = p.pad(img);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(img.get(c, PadAndCrop.reflect(y - 1, 5), PadAndCrop.reflect(x, 7)),
                            padded.get(c, y, x));
                }
            }
        }
        assertArrayEquals(img.toArray(), p.crop(padded).toArray());
    }

    @Test
    void cropKeepsAnyChannelCountOfTheOutput() {
        PadAndCrop p = PadAndCrop.plan("ZYXC", new long[] {3, 6, 10, 1}, 4);
        assertArrayEquals(new long[] {4, 8, 12, 1}, p.paddedShape());
        FloatImage out = FloatImage.zeros("ZYXC", 4, 8, 12, 2);
        out.set(7f, 1, 2, 1, 1);
        FloatImage cropped = p.crop(out);
        assertArrayEquals(new long[] {3, 6, 10, 2}, cropped.shape());
        assertEquals(7f, cropped.get(1, 1, 0, 1), "pads were Z (0, 1), Y (1, 1), X (1, 1)");
    }

    @Test
    void singletonAxisIsRepeated() {
        FloatImage img = FloatImage.of("ZYX", new long[] {1, 4, 4}, new float[16]);
        img.set(3f, 0, 1, 2);
        FloatImage padded = PadAndCrop.plan(img, 4).pad(img);
        assertArrayEquals(new long[] {4, 4, 4}, padded.shape());
        for (int z = 0; z < 4; z++) {
            assertEquals(3f, padded.get(z, 1, 2));
        }
    }

    @Test
    void nothingToDoReturnsTheSameImage() {
        FloatImage img = FloatImage.zeros("YX", 8, 12);
        PadAndCrop p = PadAndCrop.plan(img, 4);
        assertTrue(p.isIdentity());
        assertSame(img, p.pad(img));
        assertSame(img, p.crop(img));
    }

    @Test
    void mismatchesAreNamed() {
        PadAndCrop p = PadAndCrop.plan("YX", new long[] {5, 5}, 4);
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> p.pad(FloatImage.zeros("YX", 6, 5)));
        assertTrue(a.getMessage().contains("planned for YX [5, 5]"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> p.crop(FloatImage.zeros("YX", 8, 9)));
        assertTrue(b.getMessage().contains("axis X"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PadAndCrop.plan(Axes.of("YX"), new long[] {4, 4},
                new int[] {0, 1}));
    }
}
