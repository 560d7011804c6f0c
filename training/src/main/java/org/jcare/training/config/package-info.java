/**
 * The CARE configuration: {@link org.jcare.training.config.CareConfig} holds every field of CSBDeep's {@code Config}
 * with its default, validated all at once ({@link org.jcare.training.config.ConfigException}), and
 * {@link org.jcare.training.config.CareConfigJson} reads and writes CSBDeep's {@code config.json} with CSBDeep's
 * field names plus a versioned {@code "jcare"} extension object.
 */
package org.jcare.training.config;
