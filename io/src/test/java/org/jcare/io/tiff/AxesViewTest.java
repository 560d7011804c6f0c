package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;

class AxesViewTest {
    private static final Path F = Path.of("s.tif");

    @Test
    void singletonStackAxesAreDroppedByDefault() throws Exception {
        AxesView v = AxesView.of(F, new long[] {1, 4, 1, 6, 5}, null, true);
        assertEquals("ZYX", v.axes);
        assertArrayEquals(new long[] {4, 6, 5}, v.shape);
        AxesView plane = AxesView.of(F, new long[] {1, 1, 1, 6, 5}, " ", false);
        assertEquals("YX", plane.axes);
    }

    @Test
    void anOverrideMovesPlainPagesAndPermutesAsTheHeaderSays() throws Exception {
        // 3 pages of a plain TIFF named as channels, asked for channels last
        AxesView v = AxesView.of(F, new long[] {1, 3, 1, 2, 2}, "YXC", true);
        assertEquals("YXC", v.axes);
        assertArrayEquals(new long[] {2, 2, 3}, v.shape);
        float[] planes = new float[12];
        for (int i = 0; i < 12; i++) {
            planes[i] = i; // page p, pixel k: 4p + k
        }
        FloatImage natural = FloatImage.of("TZCYX", new long[] {1, 3, 1, 2, 2}, planes);
        FloatImage out = v.apply(natural);
        assertArrayEquals(v.shape, out.shape(), "the header's shape is the pixels' shape");
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, out.toArray());
        // the pages of an ImageJ hyperstack mean Z: they cannot be renamed
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> AxesView.of(F, new long[] {1, 3, 1, 2, 2}, "CYX", false));
        assertTrue(e.getMessage().contains("they leave out Z=3"), e.getMessage());
    }

    @Test
    void invalidOrSampleAxesNameTheImage() {
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> AxesView.of(F, new long[] {1, 1, 1, 2, 2}, "YXY", false));
        assertTrue(e.getMessage().contains("axes 'YXY' are not valid for the image of axes YX and shape [2, 2]"),
                e.getMessage());
        e = assertThrows(ImageFileException.class, () -> AxesView.of(F, new long[] {1, 1, 1, 2, 2}, "SYX", false));
        assertTrue(e.getMessage().contains("contain S (samples)"), e.getMessage());
    }
}
