package org.jcare.training.loop;

/**
 * One row of the training history.
 *
 * @param epoch          1-based epoch number
 * @param epochs         total epochs planned
 * @param loss           mean training loss over the epoch's steps
 * @param valLoss        validation loss after the epoch
 * @param learningRate   learning rate used during the epoch
 * @param seconds        wall-clock seconds of the epoch (training + validation)
 * @param improved       true when the validation loss was the best so far (weights_best written)
 */
public record EpochResult(int epoch, int epochs, double loss, double valLoss, double learningRate, double seconds,
                          boolean improved) {
}
