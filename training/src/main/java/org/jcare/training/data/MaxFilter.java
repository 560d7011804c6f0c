package org.jcare.training.data;

import java.util.Arrays;

/**
 * {@code scipy.ndimage.maximum_filter(a, size, mode='constant', cval=0)} on a C-order float array: per axis a
 * window of {@code size} values covering offsets {@code -(size/2) .. size - 1 - size/2} (scipy's centring for even
 * sizes), outside values 0. Separable (a box maximum is the maximum of per-axis maxima) and O(n) per axis with a
 * monotone deque, whatever the window.
 */
final class MaxFilter {
    private MaxFilter() {
    }

    /** The filtered copy of {@code a} of {@code shape} with window {@code size} per axis (1 leaves an axis alone). */
    static float[] apply(float[] a, int[] shape, int[] size) {
        if (shape.length != size.length) {
            throw new IllegalArgumentException("maximum filter: " + size.length + " window sizes for shape "
                    + Arrays.toString(shape));
        }
        float[] cur = a.clone();
        for (int axis = 0; axis < shape.length; axis++) {
            int s = size[axis];
            if (s < 1) {
                throw new IllegalArgumentException("maximum filter window must be >= 1, got " + Arrays.toString(size));
            }
            if (s == 1) {
                continue;
            }
            int len = shape[axis];
            int stride = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                stride *= shape[d];
            }
            int before = s / 2;
            int after = s - 1 - before;
            float[] line = new float[len + before + after];
            int[] deque = new int[line.length];
            int outer = cur.length / (len * stride);
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < stride; in++) {
                    int base = o * len * stride + in;
                    // zero-padded copy of the line: the constant border
                    Arrays.fill(line, 0, before, 0f);
                    for (int j = 0; j < len; j++) {
                        line[before + j] = cur[base + j * stride];
                    }
                    Arrays.fill(line, before + len, line.length, 0f);
                    // output j = max(line[j .. j + s - 1])
                    int head = 0;
                    int tail = 0;
                    for (int k = 0; k < line.length; k++) {
                        while (tail > head && line[deque[tail - 1]] <= line[k]) {
                            tail--;
                        }
                        deque[tail++] = k;
                        if (deque[head] <= k - s) {
                            head++;
                        }
                        int j = k - s + 1;
                        if (j >= 0) {
                            cur[base + j * stride] = line[deque[head]];
                        }
                    }
                }
            }
        }
        return cur;
    }
}
