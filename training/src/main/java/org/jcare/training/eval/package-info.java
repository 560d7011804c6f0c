/**
 * Image-quality metrics of the CARE paper's protocol: {@link org.jcare.training.eval.Metrics} (ground truth
 * percentile-normalized, prediction fitted by least squares, NRMSE, PSNR, SSIM, summaries over a set) and
 * {@link org.jcare.training.eval.Ssim} (scikit-image's Gaussian-window SSIM for 2D and 3D).
 */
package org.jcare.training.eval;
