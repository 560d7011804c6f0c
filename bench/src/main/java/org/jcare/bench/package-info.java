/**
 * The benchmark harness: standard workloads (training steps and restorations of the CSBDeep default U-Nets), wall-clock timing, per-kernel-family profiles from OpenCL events, and results as JSON lines with device, driver, precision, commit and date.
 */
package org.jcare.bench;
