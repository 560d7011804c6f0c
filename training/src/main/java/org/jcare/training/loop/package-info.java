/**
 * The training loop: one optimization step ({@link org.jcare.training.loop.TrainStep}), epochs with validation,
 * ReduceLROnPlateau and checkpoints ({@link org.jcare.training.loop.Trainer}), the model folder written after every
 * epoch with the state to resume from ({@link org.jcare.training.loop.ModelCheckpoints}), and progress callbacks.
 */
package org.jcare.training.loop;
