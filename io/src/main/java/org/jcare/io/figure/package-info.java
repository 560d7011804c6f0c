/**
 * Figures as PNG, drawn headless: {@link org.jcare.io.figure.PanelPng} puts 2D images side by side, each shown over
 * its own 0.5-99.8 percentile {@link org.jcare.io.figure.DisplayRange}; {@link org.jcare.io.figure.CurvePng} draws
 * {@link org.jcare.io.figure.TrainingCurves} with JFreeChart.
 */
package org.jcare.io.figure;
