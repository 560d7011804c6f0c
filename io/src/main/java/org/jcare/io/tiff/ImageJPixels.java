package org.jcare.io.tiff;

import ij.io.FileInfo;
import ij.io.ImageReader;
import ij.io.RandomAccessStream;
import ij.io.TiffDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.jcare.io.image.ImageFileException;

/**
 * Decodes the pixels of a classic TIFF with ImageJ's codec ({@code TiffDecoder} for the IFDs, {@code ImageReader} for
 * the samples, which handles byte order, LZW, Deflate and PackBits) and converts them to float32 planes: page after
 * page, the samples of a pixel (RGB) as consecutive planes. ImageJ stacks whose description announces more images than
 * IFDs ({@code images=N}, the layout ImageJ uses above 4 GiB) are read as N contiguous images.
 */
final class ImageJPixels {
    private ImageJPixels() {
    }

    static float[][] decode(TiffStructure s) throws ImageFileException {
        Path file = s.file;
        FileInfo[] infos;
        try {
            Path abs = file.toAbsolutePath();
            infos = new TiffDecoder(abs.getParent().toString(), abs.getFileName().toString()).getTiffInfo();
        } catch (IOException | RuntimeException e) {
            throw new ImageFileException(file, "ImageJ cannot decode this TIFF", e);
        }
        if (infos == null || infos.length == 0) {
            throw new ImageFileException(file, "ImageJ finds no image in this TIFF; the file is corrupt");
        }
        FileInfo first = infos[0];
        int samples = samples(file, first);
        boolean contiguous = infos.length == 1 && first.nImages > 1;
        int images = contiguous ? first.nImages : infos.length;
        float[][] planes = new float[Math.multiplyExact(images, samples)][];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            RandomAccessStream in = new RandomAccessStream(raf);
            long imageBytes = (long) first.width * first.height * first.getBytesPerPixel();
            for (int i = 0; i < images; i++) {
                FileInfo fi = contiguous ? first : infos[i];
                if (fi.width != first.width || fi.height != first.height || fi.fileType != first.fileType) {
                    throw new ImageFileException(file, "IFD " + i + " differs in size or type from IFD 0");
                }
                long offset = contiguous ? first.getOffset() + i * (imageBytes + first.getGap()) : fi.getOffset();
                if (!contiguous || i == 0) {
                    requireSameAsParsed(s, i, fi);
                } else if (s.pages.size() > 1 && (i >= s.pages.size() || s.pages.get(i).offsets()[0] != offset)) {
                    throw new ImageFileException(file, "is corrupt: its ImageJ description says " + images
                            + " contiguous images, image " + i + " at byte " + offset + ", but " + (i < s.pages.size()
                            ? "IFD " + i + " puts it at byte " + s.pages.get(i).offsets()[0]
                            : "there are " + s.pages.size() + " IFDs"));
                }
                in.seek(offset);
                Object pixels;
                try {
                    pixels = new ImageReader(fi).readPixels(in, 0L);
                } catch (RuntimeException e) {
                    throw new ImageFileException(file, "image " + i + " cannot be decoded (corrupt header or data)", e);
                }
                if (pixels == null) {
                    throw new ImageFileException(file, "image " + i + " cannot be decoded (truncated or corrupt data)");
                }
                toFloat(file, fi, pixels, planes, i * samples);
            }
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot be read", e);
        }
        return planes;
    }

    /**
     * ImageJ parses the IFDs itself: its reading of IFD {@code i} must be the metadata parser's, on which every check
     * ran (size, data offset, bits), or the header is ambiguous (a corrupt entry count, duplicate tags).
     */
    private static void requireSameAsParsed(TiffStructure s, int i, FileInfo fi) throws ImageFileException {
        if (i >= s.pages.size()) {
            throw new ImageFileException(s.file, "is corrupt: ImageJ finds more IFDs (" + (i + 1) + ") than the TIFF"
                    + " parser (" + s.pages.size() + ")");
        }
        TiffStructure.Page p = s.pages.get(i);
        boolean offset = fi.stripOffsets == null || fi.stripOffsets.length == 0
                || Integer.toUnsignedLong(fi.stripOffsets[0]) == p.offsets()[0]
                && fi.stripOffsets.length == p.offsets().length
                && (fi.stripLengths == null || fi.stripLengths.length == fi.stripOffsets.length);
        if (fi.width != p.width() || fi.height != p.height() || !offset
                || fi.getBytesPerPixel() != p.samplesPerPixel() * ((p.bitsPerSample() + 7) / 8)) {
            throw new ImageFileException(s.file, "is corrupt: IFD " + i + " reads as " + fi.width + "x" + fi.height
                    + " at byte " + fi.getOffset() + " in ImageJ's parser but as " + p.width() + "x" + p.height()
                    + " at byte " + p.offsets()[0] + " in another; the header is ambiguous");
        }
    }

    private static int samples(Path file, FileInfo fi) throws ImageFileException {
        switch (fi.fileType) {
            case FileInfo.GRAY8: case FileInfo.COLOR8: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY16_SIGNED:
            case FileInfo.GRAY32_INT: case FileInfo.GRAY32_UNSIGNED: case FileInfo.GRAY32_FLOAT:
            case FileInfo.GRAY64_FLOAT:
                return 1;
            case FileInfo.RGB: case FileInfo.RGB_PLANAR:
                return 3;
            default:
                throw new ImageFileException(file, "unsupported sample format (ImageJ file type " + fi.fileType
                        + "); supported are 8/16/32-bit integer and 32/64-bit float, grey or 8-bit RGB");
        }
    }

    private static void toFloat(Path file, FileInfo fi, Object pixels, float[][] planes, int at)
            throws ImageFileException {
        int n = fi.width * fi.height;
        if (pixels instanceof byte[]) {
            byte[] b = (byte[]) pixels;
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = b[i] & 0xff;
            }
            planes[at] = f;
        } else if (pixels instanceof short[]) {
            short[] sh = (short[]) pixels;
            float[] f = new float[n];
            // ImageJ shifts signed 16-bit data by +32768 to hold it unsigned; undo that to return stored values.
            int shift = fi.fileType == FileInfo.GRAY16_SIGNED ? -32768 : 0;
            for (int i = 0; i < n; i++) {
                f[i] = (sh[i] & 0xffff) + shift;
            }
            planes[at] = f;
        } else if (pixels instanceof float[]) {
            planes[at] = (float[]) pixels;
        } else if (pixels instanceof int[]) {
            int[] rgb = (int[]) pixels;
            float[] r = new float[n];
            float[] g = new float[n];
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                r[i] = (rgb[i] >> 16) & 0xff;
                g[i] = (rgb[i] >> 8) & 0xff;
                b[i] = rgb[i] & 0xff;
            }
            planes[at] = r;
            planes[at + 1] = g;
            planes[at + 2] = b;
        } else {
            throw new ImageFileException(file, "ImageJ returned pixels of an unexpected type "
                    + pixels.getClass().getSimpleName());
        }
    }
}
