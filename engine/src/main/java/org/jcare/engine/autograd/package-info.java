/**
 * The autograd tape (ops record nodes, backward walks them in reverse and accumulates gradients) and the flat parameters: all weights in one device buffer and all gradients in another, so zeroing and the optimizer update are one launch each.
 */
package org.jcare.engine.autograd;
