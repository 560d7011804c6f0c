/**
 * Model files: {@link org.jcare.io.model.ModelDirectory} reads and writes a model folder (or its zip) described by
 * {@link org.jcare.io.model.ModelFiles}, whose weights are {@link org.jcare.io.model.Safetensors} files of
 * {@link org.jcare.io.model.TensorData}. The configuration is passed through as a Jackson {@code ObjectNode}; its
 * meaning belongs to the training module.
 */
package org.jcare.io.model;
