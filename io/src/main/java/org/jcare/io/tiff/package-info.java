/**
 * TIFF in and out: {@link org.jcare.io.tiff.TiffReader} (ImageJ hyperstacks, OME-TIFF, plain TIFF, BigTIFF) and
 * {@link org.jcare.io.tiff.TiffWriter} (ImageJ-compatible float32 hyperstacks, BigTIFF above 4 GiB).
 *
 * <p>No TIFF codec is written here. Classic TIFF is decoded and encoded by ImageJ 1.x ({@code net.imagej:ij}), the
 * reference for ImageJ hyperstacks. ImageJ 1.x knows neither BigTIFF nor tiles, so the TwelveMonkeys TIFF plugin
 * ({@code com.twelvemonkeys.imageio:imageio-tiff}) parses every file's structure (classic and BigTIFF IFDs, used to
 * validate before decoding), decodes what ImageJ cannot, and writes the BigTIFF IFDs; the samples of a BigTIFF are
 * written uncompressed as float32 strips, one IFD per plane.
 */
package org.jcare.io.tiff;
