/**
 * File input and output for jcare, with no engine dependency: images with explicit axes ({@link org.jcare.io.image}),
 * TIFF and OME-TIFF ({@link org.jcare.io.tiff}), CSBDeep training data ({@link org.jcare.io.npz}), model folders and
 * safetensors ({@link org.jcare.io.model}) and figures ({@link org.jcare.io.figure}).
 *
 * <p>Every writer goes through {@link org.jcare.io.AtomicFiles}: content is written under a temporary name in the
 * target's folder and renamed when complete, and an existing target is replaced only when asked. Every reader reports
 * a problem as a {@link org.jcare.io.FileFormatException} that names the file; none returns null.
 */
package org.jcare.io;
