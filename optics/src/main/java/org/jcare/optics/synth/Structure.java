package org.jcare.optics.synth;

import java.util.Locale;

/** What a synthetic field shows. */
public enum Structure {
    /** Filament networks (microtubules): worm-like chains. */
    TUBULES,
    /** Granules (vesicles, secretory granules): filled balls. */
    GRANULES,
    /** Both in the same field. */
    BOTH;

    /**
     * Parses "tubules", "granules" or "both".
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static Structure parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "tubules", "tubule", "microtubules" -> TUBULES;
            case "granules", "granule" -> GRANULES;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("structure '" + s + "': use tubules, granules or both");
        };
    }

    /** Whether tubules are drawn. */
    public boolean tubules() {
        return this != GRANULES;
    }

    /** Whether granules are drawn. */
    public boolean granules() {
        return this != TUBULES;
    }

    /** The lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
