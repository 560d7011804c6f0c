package org.jcare.io.zarr;

/**
 * Blosc's two shuffle filters on one block, as c-blosc 1.x applies them before compression (and undoes them after):
 * the byte shuffle groups byte {@code j} of every element together; the bit shuffle (the bitshuffle library's
 * {@code bshuf_trans_bit_elem}) groups bit {@code k} of byte {@code j} of every element together, as rows of
 * {@code n / 8} bytes, element {@code i} at bit {@code i % 8} of byte {@code i / 8} of its row. Byte shuffle leaves the
 * last {@code blocksize % typesize} bytes as they are; bit shuffle works on a multiple of 8 elements and leaves the
 * rest of the block as it is, and a block of fewer than a multiple of 8 elements entirely (c-blosc's
 * {@code bitshuffle}/{@code bitunshuffle} wrappers).
 */
final class Shuffle {
    private Shuffle() {
    }

    /** Byte shuffle of {@code len} bytes of {@code src} from {@code off} into {@code dst} from 0. */
    static void shuffle(int typesize, byte[] src, int off, int len, byte[] dst) {
        int n = len / typesize;
        for (int j = 0; j < typesize; j++) {
            int d = j * n;
            for (int i = 0, s = off + j; i < n; i++, s += typesize) {
                dst[d + i] = src[s];
            }
        }
        int rem = len - n * typesize;
        System.arraycopy(src, off + n * typesize, dst, n * typesize, rem);
    }

    /** Inverse of {@link #shuffle}: {@code len} bytes of {@code src} from 0 into {@code dst} from {@code off}. */
    static void unshuffle(int typesize, byte[] src, int len, byte[] dst, int off) {
        int n = len / typesize;
        for (int j = 0; j < typesize; j++) {
            int s = j * n;
            for (int i = 0, d = off + j; i < n; i++, d += typesize) {
                dst[d] = src[s + i];
            }
        }
        int rem = len - n * typesize;
        System.arraycopy(src, n * typesize, dst, off + n * typesize, rem);
    }

    /** Bit shuffle of {@code len} bytes of {@code src} from {@code off} into {@code dst} from 0. */
    static void bitshuffle(int typesize, byte[] src, int off, int len, byte[] dst) {
        int n = len / typesize;
        if (n % 8 != 0) {
            System.arraycopy(src, off, dst, 0, len);
            return;
        }
        int rowBytes = n / 8;
        java.util.Arrays.fill(dst, 0, n * typesize, (byte) 0);
        for (int i = 0; i < n; i++) {
            int base = off + i * typesize;
            int byteInRow = i >>> 3;
            int bitInByte = i & 7;
            for (int j = 0; j < typesize; j++) {
                int v = src[base + j] & 0xff;
                if (v == 0) {
                    continue;
                }
                for (int k = 0; k < 8; k++) {
                    if ((v >>> k & 1) != 0) {
                        dst[(j * 8 + k) * rowBytes + byteInRow] |= (byte) (1 << bitInByte);
                    }
                }
            }
        }
        System.arraycopy(src, off + n * typesize, dst, n * typesize, len - n * typesize);
    }

    /** Inverse of {@link #bitshuffle}: {@code len} bytes of {@code src} from 0 into {@code dst} from {@code off}. */
    static void bitunshuffle(int typesize, byte[] src, int len, byte[] dst, int off) {
        int n = len / typesize;
        if (n % 8 != 0) {
            System.arraycopy(src, 0, dst, off, len);
            return;
        }
        int rowBytes = n / 8;
        java.util.Arrays.fill(dst, off, off + n * typesize, (byte) 0);
        for (int j = 0; j < typesize; j++) {
            for (int k = 0; k < 8; k++) {
                int row = (j * 8 + k) * rowBytes;
                byte bit = (byte) (1 << k);
                for (int b = 0; b < rowBytes; b++) {
                    int v = src[row + b] & 0xff;
                    if (v == 0) {
                        continue;
                    }
                    for (int e = 0; e < 8; e++) {
                        if ((v >>> e & 1) != 0) {
                            dst[off + (b * 8 + e) * typesize + j] |= bit;
                        }
                    }
                }
            }
        }
        System.arraycopy(src, n * typesize, dst, off + n * typesize, len - n * typesize);
    }
}
