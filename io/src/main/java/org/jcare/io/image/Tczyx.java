package org.jcare.io.image;

import java.io.IOException;
import java.util.Arrays;

/**
 * A {@link VolumeReader} seen with the five axes T, C, Z, Y, X in that order (OME-NGFF's order): axes the volume
 * lacks have size 1, and boxes come back in TCZYX order whatever the volume's own order (TIFF's TZCYX, for example).
 */
public final class Tczyx {
    /** The axes, in order. */
    public static final String AXES = "TCZYX";
    private final VolumeReader volume;
    private final int[] position;
    private final long[] shape;
    private final boolean ordered;

    /** The view of {@code volume}. */
    public Tczyx(VolumeReader volume) {
        this.volume = volume;
        String letters = volume.axes().letters();
        if (letters.indexOf('S') >= 0) {
            throw new IllegalArgumentException(volume.describe() + ": axes " + letters + " contain S; use TCZYX");
        }
        position = new int[5];
        shape = new long[5];
        long[] s = volume.shape();
        int last = -1;
        boolean inOrder = true;
        for (int i = 0; i < 5; i++) {
            position[i] = letters.indexOf(AXES.charAt(i));
            shape[i] = position[i] < 0 ? 1 : s[position[i]];
            if (position[i] >= 0) {
                inOrder &= position[i] > last;
                last = position[i];
            }
        }
        ordered = inOrder;
    }

    /** The underlying volume. */
    public VolumeReader volume() {
        return volume;
    }

    /** Sizes of T, C, Z, Y, X. */
    public long[] shape() {
        return shape.clone();
    }

    /** Calibration of the volume. */
    public Calibration calibration() {
        return volume.calibration();
    }

    /** The volume's block shape as TCZYX. */
    public int[] blockShape() {
        int[] b = volume.blockShape();
        int[] out = new int[5];
        for (int i = 0; i < 5; i++) {
            out[i] = position[i] < 0 ? 1 : b[position[i]];
        }
        return out;
    }

    /** The box {@code [start, start + size)} (TCZYX) in TCZYX C order. */
    public float[] read(long[] start, int[] size) throws IOException {
        String letters = volume.axes().letters();
        int rank = letters.length();
        long[] s = new long[rank];
        int[] z = new int[rank];
        for (int i = 0; i < 5; i++) {
            if (position[i] < 0) {
                if (start[i] != 0 || size[i] != 1) {
                    throw new IndexOutOfBoundsException("box " + Arrays.toString(start) + " + " + Arrays.toString(size)
                            + " reaches past axis " + AXES.charAt(i) + " of size 1");
                }
            } else {
                s[position[i]] = start[i];
                z[position[i]] = size[i];
            }
        }
        float[] data = volume.read(s, z);
        if (ordered) {
            return data;
        }
        // permute from the volume's order to TCZYX
        int[] srcStride = new int[rank];
        int st = 1;
        for (int i = rank - 1; i >= 0; i--) {
            srcStride[i] = st;
            st *= z[i];
        }
        int[] stride5 = new int[5];
        for (int i = 0; i < 5; i++) {
            stride5[i] = position[i] < 0 ? 0 : srcStride[position[i]];
        }
        float[] out = new float[data.length];
        int k = 0;
        for (int t = 0; t < size[0]; t++) {
            for (int c = 0; c < size[1]; c++) {
                for (int zz = 0; zz < size[2]; zz++) {
                    for (int y = 0; y < size[3]; y++) {
                        int base = t * stride5[0] + c * stride5[1] + zz * stride5[2] + y * stride5[3];
                        for (int x = 0; x < size[4]; x++) {
                            out[k++] = data[base + x * stride5[4]];
                        }
                    }
                }
            }
        }
        return out;
    }
}
