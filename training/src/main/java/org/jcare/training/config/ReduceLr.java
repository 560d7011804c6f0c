package org.jcare.training.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the reduce-on-plateau learning-rate schedule ({@code train_reduce_lr} in CSBDeep's config, the keyword
 * arguments of Keras' {@code ReduceLROnPlateau}, which monitors the validation loss): when the loss has not improved
 * by more than {@code minDelta} for {@code patience} epochs, the learning rate is multiplied by {@code factor}.
 *
 * @param factor    multiplier applied to the learning rate, in (0, 1); CSBDeep default 0.5
 * @param patience  epochs without improvement before reducing, at least 0; default 10
 * @param minDelta  smallest change that counts as an improvement, at least 0; default 0 (JSON key {@code min_delta},
 *                  also read from the Keras &lt;= 2.1.5 key {@code epsilon})
 * @param otherKeys further Keras keyword arguments found in a file (for example {@code monitor}, {@code cooldown}),
 *                  as raw JSON text, kept so that a file round-trips
 */
public record ReduceLr(double factor, int patience, double minDelta, Map<String, String> otherKeys) {
    /** CSBDeep's default: factor 0.5, patience 10, min_delta 0. */
    public static final ReduceLr DEFAULT = new ReduceLr(0.5, 10, 0.0);

    /** Copies {@code otherKeys} (keeping its order) so that the record is immutable. */
    public ReduceLr {
        otherKeys = otherKeys == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherKeys));
    }

    /** Settings without further keys. */
    public ReduceLr(double factor, int patience, double minDelta) {
        this(factor, patience, minDelta, Map.of());
    }
}
