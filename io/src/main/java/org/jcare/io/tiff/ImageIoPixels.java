package org.jcare.io.tiff;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.jcare.io.image.ImageFileException;

/**
 * Decodes the pixels of what ImageJ cannot read (BigTIFF, tiles, JPEG, the floating-point predictor) with the
 * TwelveMonkeys TIFF plugin, read as rasters so no colour conversion touches the samples. The result has the same
 * layout as {@link ImageJPixels}: page after page, the samples of a pixel as consecutive planes.
 */
final class ImageIoPixels {
    private ImageIoPixels() {
    }

    static float[][] decode(TiffStructure s) throws ImageFileException {
        int pages = s.pages.size();
        int samples = s.pages.get(0).samplesPerPixel();
        float[][] planes = new float[Math.multiplyExact(pages, samples)][];
        ImageReader reader = new TIFFImageReaderSpi().createReaderInstance(null);
        try (ImageInputStream in = new FileImageInputStream(s.file.toFile())) {
            reader.setInput(in, true, true);
            for (int p = 0; p < pages; p++) {
                Raster r = reader.readRaster(p, null);
                TiffStructure.Page page = s.pages.get(p);
                boolean signed16 = page.sampleFormat() == TiffStructure.INT && page.bitsPerSample() == 16;
                boolean unsigned32 = page.sampleFormat() == TiffStructure.UINT && page.bitsPerSample() == 32;
                for (int b = 0; b < samples; b++) {
                    planes[p * samples + b] = band(r, b, signed16, unsigned32);
                }
            }
        } catch (IOException | RuntimeException e) {
            String detail = readableDetail(e);
            ImageFileException x = new ImageFileException(s.file, "cannot decode the TIFF pixels (corrupt, truncated or"
                    + " an unsupported compression)" + (detail == null ? "" : " (" + detail + ")"));
            x.initCause(e);
            throw x;
        } finally {
            reader.dispose();
        }
        return planes;
    }

    /**
     * The decoder's own words when they tell a user something ("Unknown TIFF Compression value: 7"); null for the
     * failures of a decoder that met a header it did not expect (a ClassCastException or an index out of bounds
     * names Java classes and array lengths, which say nothing about the file).
     */
    static String readableDetail(Throwable e) {
        String m = e.getMessage();
        if (!(e instanceof IOException) || m == null || m.isBlank()) {
            return null;
        }
        if (m.contains("class [") || m.contains("java.") || m.contains("out of bounds for length")) {
            return null;
        }
        return m.strip();
    }

    private static float[] band(Raster r, int b, boolean signed16, boolean unsigned32) {
        int w = r.getWidth();
        int h = r.getHeight();
        int type = r.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            return r.getSamples(r.getMinX(), r.getMinY(), w, h, b, new float[w * h]);
        }
        int[] v = r.getSamples(r.getMinX(), r.getMinY(), w, h, b, new int[w * h]);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            if (signed16) {
                f[i] = (short) v[i];
            } else if (unsigned32) {
                f[i] = v[i] & 0xffffffffL;
            } else {
                f[i] = v[i];
            }
        }
        return f;
    }
}
