package org.jcare.fiji;

import ij.IJ;
import java.io.IOException;

/** Runs a command's work with ImageJ's error reporting: one clear message, the progress bar cleared. */
final class Commands {
    private Commands() {
    }

    /** The work of a command. */
    interface Work {
        void run() throws IOException;
    }

    static void run(String title, Work work) {
        try {
            work.run();
        } catch (Feedback.Cancelled e) {
            IJ.showStatus(title + ": cancelled");
        } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            IJ.error(title, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            IJ.handleException(e);
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
