package org.jcare.training.deconv;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.Conv;
import org.jcare.kernels.deconv.DeconvKernels;
import org.jcare.optics.deconv.RichardsonLucy;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;

/**
 * Richardson-Lucy deconvolution on an OpenCL device: the iteration of {@link RichardsonLucy} (same mirror-extended
 * canvas, same linear convolutions with zero beyond it, same TV term), with the convolutions done by the conv family's
 * kernels (one channel in and out, the PSF as a 'same' zero-padded kernel; the conv kernels cross-correlate, so the
 * PSF's mirror image convolves and the PSF itself correlates) and the pointwise steps by the deconv family's. Only the
 * extended image and four work tensors live on the device.
 */
public final class DeviceRichardsonLucy {
    private DeviceRichardsonLucy() {
    }

    /**
     * Deconvolves an image of {@code nz x ny x nx} (C order; nz = 1 for 2D) on {@code engine}'s device.
     *
     * @throws IllegalArgumentException as {@link RichardsonLucy#deconvolve}
     */
    public static float[] deconvolve(Engine engine, float[] image, int nz, int ny, int nx, Psf psf, int iterations,
            double tvLambda, RichardsonLucy.Listener listener) {
        if (iterations < 1 || !(tvLambda >= 0)) {
            throw new IllegalArgumentException("Richardson-Lucy needs iterations >= 1 and lambda >= 0, got " + iterations
                    + " and " + tvLambda);
        }
        RichardsonLucy.Extended e = RichardsonLucy.Extended.of(image, nz, ny, nx, psf);
        int[] dims = e.dims();
        boolean threeD = nz > 1;
        Shape shape = threeD ? Shape.of(1, 1, dims[0], dims[1], dims[2]) : Shape.of(1, 1, dims[1], dims[2]);
        VoxelGrid g = psf.grid();
        float[] h = psf.voxels();
        float[] flipped = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            flipped[h.length - 1 - i] = h[i];
        }
        Shape kernel = threeD ? Shape.of(1, 1, g.nz(), g.ny(), g.nx()) : Shape.of(1, 1, g.ny(), g.nx());
        DeconvKernels k = DeconvKernels.on(engine);
        float[] result;
        try (var noGrad = engine.tape().noGrad();
             Tensor d = engine.tensor(shape, e.data());
             Tensor convolve = engine.tensor(kernel, flipped);
             Tensor correlate = engine.tensor(kernel, h)) {
            Tensor u = engine.tensor(shape, e.initialEstimate());
            try {
                for (int it = 0; it < iterations; it++) {
                    Tensor next = engine.empty(shape);
                    try (Tensor blurred = Conv.apply(u, convolve, null, false);
                         Tensor ratio = engine.empty(shape)) {
                        k.ratio(ratio, d, blurred, RichardsonLucy.DIVISION_EPSILON);
                        try (Tensor correction = Conv.apply(ratio, correlate, null, false)) {
                            if (tvLambda > 0) {
                                k.updateTv(next, u, correction, dims[0], dims[1], dims[2], (float) tvLambda,
                                        (float) RichardsonLucy.TV_EPSILON, (float) RichardsonLucy.MIN_TV_DENOMINATOR);
                            } else {
                                k.update(next, u, correction);
                            }
                        }
                    } catch (RuntimeException ex) {
                        next.close();
                        throw ex;
                    }
                    u.close();
                    u = next;
                    listener.iteration(it + 1, iterations);
                }
                result = u.toArray();
            } finally {
                u.close();
            }
        }
        return e.crop(result);
    }
}
