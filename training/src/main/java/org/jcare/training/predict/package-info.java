/**
 * Host-side parts of prediction, as CSBDeep does them unless noted: exact numpy percentiles for images of any size
 * ({@link org.jcare.training.predict.Percentiles}), percentile normalization and its undo
 * ({@link org.jcare.training.predict.PercentileNormalizer}), reflect padding to the network's divisor
 * ({@link org.jcare.training.predict.PadAndCrop}), CSBDeep's block-aligned tiling
 * ({@link org.jcare.training.predict.Tiling}, {@link org.jcare.training.predict.TileGrid}) with tile counts planned
 * from a memory budget ({@link org.jcare.training.predict.TilePlanner}) and a halo computed from the network
 * ({@link org.jcare.training.predict.ReceptiveField}), and Laplace readouts of probabilistic predictions
 * ({@link org.jcare.training.predict.LaplaceReadouts}). The device-side predictor lives elsewhere.
 */
package org.jcare.training.predict;
