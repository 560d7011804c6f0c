package org.jcare.training.config;

import java.util.List;

/**
 * A configuration with one or more invalid values; the message lists every violation, one per line, so a user
 * fixes a file in one go rather than one error at a time.
 */
public final class ConfigException extends IllegalArgumentException {
    private final transient List<Violation> violations;

    /**
     * An exception for {@code violations} (at least one) found in {@code source}.
     *
     * @param source     what was validated, for example a file name or "CareConfig"
     * @param violations every problem found
     */
    public ConfigException(String source, List<Violation> violations) {
        super(message(source, violations));
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in field order. */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(String source, List<Violation> violations) {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(violations.size()).append(" invalid value")
                .append(violations.size() == 1 ? "" : "s");
        for (Violation v : violations) {
            sb.append("\n  ").append(v);
        }
        return sb.toString();
    }
}
