/**
 * The jcare command (picocli): devices, datagen, train, predict, evaluate, bench and demo. Exit codes 0 success, 1 runtime failure, 2 bad usage or bad input.
 */
package org.jcare.cli;
