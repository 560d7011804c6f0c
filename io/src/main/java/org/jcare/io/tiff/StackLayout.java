package org.jcare.io.tiff;

import org.jcare.io.image.Calibration;

/**
 * How the decoded planes of a TIFF file form a T x Z x C stack: the sizes, which decoded plane holds each (t, z, c),
 * and the calibration, as found in the file's metadata (ImageJ description, OME-XML, or none).
 *
 * @param sizeT       frames
 * @param sizeZ       slices
 * @param sizeC       channels
 * @param planeOf     decoded plane index for each (t, z, c) in C order (t slowest, c fastest)
 * @param calibration pixel sizes and frame interval
 * @param source      which metadata decided this: "ImageJ", "OME" or "plain"
 */
record StackLayout(int sizeT, int sizeZ, int sizeC, int[] planeOf, Calibration calibration, String source) {
    /** Identity mapping: decoded planes already in T, Z, C order with C fastest (ImageJ's order). */
    static StackLayout ordered(int t, int z, int c, Calibration calibration, String source) {
        int[] map = new int[t * z * c];
        for (int i = 0; i < map.length; i++) {
            map[i] = i;
        }
        return new StackLayout(t, z, c, map, calibration, source);
    }
}
