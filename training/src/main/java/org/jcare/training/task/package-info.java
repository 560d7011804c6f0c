/**
 * The CARE paper's restorations as tasks of one model type: standard (denoising and other image-to-image
 * restorations), isotropic, axial upsampling and joint projection + denoising. A task is data in the model's config
 * ({@link org.jcare.training.config.TaskSpec}) plus the few classes that differ: its training degradation
 * ({@link org.jcare.training.data.AnisotropicDistortion}, {@link org.jcare.training.data.ReducedTargetPatches}), its
 * network ({@link org.jcare.training.model.ProjectionNetwork}) and its predictor
 * ({@link org.jcare.training.predict.IsotropicPredictor}, {@link org.jcare.training.predict.UpsamplingPredictor},
 * {@link org.jcare.training.predict.ProjectionPredictor}); {@link org.jcare.training.task.TaskNetworks} picks them.
 */
package org.jcare.training.task;
