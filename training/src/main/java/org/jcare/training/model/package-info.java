/**
 * Networks on the device: the CARE U-Net ({@link org.jcare.training.model.UNet}, CSBDeep's layers and names),
 * its architecture ({@link org.jcare.training.model.UNetSpec}), the weights' mapping to named tensors
 * ({@link org.jcare.training.model.Weights}) and the FLOP count used by the benchmarks. New networks (projection,
 * isotropic, ensembles) implement {@link org.jcare.training.model.CareNetwork}, which the trainer and the tiled
 * predictor use.
 */
package org.jcare.training.model;
