/**
 * CSBDeep training data in NumPy {@code .npz} archives: {@link org.jcare.io.npz.NpzFile} reads and writes them,
 * {@link org.jcare.io.npz.NpyArray} holds one array as float32 chunks (one per plane, so arrays above 2^31 elements
 * fit), and {@link org.jcare.io.npz.TrainingData} is the X/Y pair with its axes.
 */
package org.jcare.io.npz;
