package org.jcare.training.config;

/**
 * One invalid configuration value: the field (CSBDeep's JSON name), the value found and what is allowed.
 *
 * @param field   field name as written in {@code config.json}, for example {@code unet_kern_size}
 * @param value   the offending value as text ({@code null} shown as the word null)
 * @param allowed what the field accepts
 */
public record Violation(String field, String value, String allowed) {
    @Override
    public String toString() {
        return field + " = " + value + ": " + allowed;
    }
}
