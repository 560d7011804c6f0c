package org.jcare.training.task;

import java.io.IOException;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.data.Psf;
import org.jcare.optics.fft.LinearConvolution;
import org.jcare.optics.resample.ScipyZoom;

/**
 * The real stack of the isotropic and upsampling tests and the paper's protocol to make it anisotropic: the
 * near-isotropic chromosome stack (data/neubias, 40 x 152 x 126) is the ground truth; blurring it along Z with a
 * Gaussian and keeping every {@code factor}-th slice (scipy's order-0 zoom by 1/factor, the subsampling CSBDeep's
 * training data uses, so both grids line up) gives the anisotropic acquisition to restore.
 */
final class AxialRealData {
    static final Path STACK = Path.of("..", "data", "neubias", "chromosomes3d.tif");

    private AxialRealData() {
    }

    /** The ground truth, ZYX float. */
    static FloatImage truth() throws IOException {
        return new TiffReader().read(STACK, "ZYX");
    }

    /** A sub-volume [z0, z1) x [y0, y1) x [x0, x1) of a ZYX image. */
    static FloatImage crop(FloatImage img, int z0, int z1, int y0, int y1, int x0, int x1) {
        int w = (int) img.size('X');
        FloatImage out = FloatImage.zeros("ZYX", z1 - z0, y1 - y0, x1 - x0);
        for (int z = z0; z < z1; z++) {
            float[] src = img.plane(z);
            float[] dst = out.plane(z - z0);
            for (int y = y0; y < y1; y++) {
                System.arraycopy(src, y * w + x0, dst, (y - y0) * (x1 - x0), x1 - x0);
            }
        }
        return out;
    }

    /** A 1D Gaussian of standard deviation {@code sigma} (4 sigma each side) as a PSF along X (axes YX, one row). */
    static Psf gaussianAlongX(double sigma) {
        int r = (int) Math.ceil(4 * sigma);
        float[] k = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        return Psf.of(FloatImage.of("YX", new long[] {1, k.length}, k), "gaussian sigma " + sigma + " px");
    }

    /** The stack blurred along Z with {@code psf} (its row used along Z) and subsampled by {@code factor}. */
    static FloatImage anisotropic(FloatImage truth, Psf psf, double factor) {
        long[] s = truth.shape();
        int nz = (int) s[0];
        int ny = (int) s[1];
        int nx = (int) s[2];
        Psf.Aligned k = psf.alignedTo("ZYX");
        int kz = k.shape()[2];
        float[] vol = truth.toArray();
        float[] blurred = LinearConvolution.same(vol, new int[] {nz, ny, nx}, k.values(), new int[] {kz, 1, 1});
        FloatImage b = FloatImage.of("ZYX", s, blurred);
        return ScipyZoom.zoomAxis(b, 'Z', 1 / factor, 0);
    }
}
