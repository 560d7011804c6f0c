package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import org.junit.jupiter.api.Test;

class BigTiffEncoderTest {
    @Test
    void resolutionRationalsGiveThePixelSizeBackExactly() {
        for (double size : new double[] {0.1234, 0.5118778700352326, 6.5, 0.02249, 1e-3, 123.456, 1.0 / 3}) {
            Rational r = BigTiffEncoder.reciprocal(size);
            assertEquals(size, (double) r.denominator() / r.numerator(), size * 1e-15, "size " + size);
        }
        Rational tenth = BigTiffEncoder.reciprocal(0.1);
        assertEquals(10, tenth.numerator());
        assertEquals(1, tenth.denominator());
    }
}
