package org.jcare.fiji;

/** Where a long command reports progress and learns that the user cancelled. */
public interface Feedback {
    /** A one-line status. */
    void status(String message);

    /** Progress, {@code done} of {@code total}. */
    void progress(long done, long total);

    /** True once the user asked to stop. */
    boolean cancelled();

    /** Feedback that reports nothing and never cancels. */
    Feedback NONE = new Feedback() {
        @Override
        public void status(String message) {
        }

        @Override
        public void progress(long done, long total) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** Thrown through the computation when the user cancelled. */
    final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The exception, with a message for the status bar. */
        public Cancelled() {
            super("cancelled");
        }
    }

    /** Throws {@link Cancelled} when the user cancelled. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new Cancelled();
        }
    }
}
