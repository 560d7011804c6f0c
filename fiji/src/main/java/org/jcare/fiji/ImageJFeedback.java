package org.jcare.fiji;

import ij.IJ;

/**
 * Feedback in ImageJ's status line and progress bar; Esc (ImageJ's own cancel key, also in Fiji) cancels. The flag is
 * cleared at the start so that an earlier Esc does not stop this command.
 */
final class ImageJFeedback implements Feedback {
    private final String command;

    ImageJFeedback(String command) {
        this.command = command;
        IJ.resetEscape();
    }

    @Override
    public void status(String message) {
        IJ.showStatus(command + ": " + message);
    }

    @Override
    public void progress(long done, long total) {
        IJ.showProgress(total <= 0 ? 1 : (double) done / total);
    }

    @Override
    public boolean cancelled() {
        return IJ.escapePressed();
    }
}
