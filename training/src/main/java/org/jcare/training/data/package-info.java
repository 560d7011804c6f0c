/**
 * Training data: raw image pairs from folders ({@link org.jcare.training.data.RawData}, files read through an
 * {@link org.jcare.training.data.ImageReader}), CSBDeep's patch sampling with background filter and random
 * percentile normalization ({@link org.jcare.training.data.Patches}, {@link org.jcare.training.data.PatchOptions}),
 * patches in the engine layout with the validation split ({@link org.jcare.training.data.TrainingData}), batching as
 * CSBDeep's RollingSequence with optional flips and rotations ({@link org.jcare.training.data.BatchSequence},
 * {@link org.jcare.training.data.Augmentation}), and the training-data file format
 * ({@link org.jcare.training.data.TrainingDataFile}; the {@code .npz} one, {@link
 * org.jcare.training.data.NpzTrainingDataFile}, is still to be connected to io). Everything is seeded.
 */
package org.jcare.training.data;
