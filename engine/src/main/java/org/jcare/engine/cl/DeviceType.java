package org.jcare.engine.cl;

/** The kind of an OpenCL device; kernel variants are chosen by it (GPU-shaped versus CPU-shaped). */
public enum DeviceType {
    GPU, CPU, ACCELERATOR, OTHER;

    static DeviceType fromClBits(long bits) {
        if ((bits & 4L) != 0) {
            return GPU;
        }
        if ((bits & 2L) != 0) {
            return CPU;
        }
        if ((bits & 8L) != 0) {
            return ACCELERATOR;
        }
        return OTHER;
    }
}
