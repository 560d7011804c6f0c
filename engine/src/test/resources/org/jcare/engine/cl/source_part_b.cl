__kernel void doubled(__global float* y) { y[0] = twice(y[0]); }
