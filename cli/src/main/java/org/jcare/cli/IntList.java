package org.jcare.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts "64,64" or "16x64x64" to an int array of positive values. */
final class IntList implements ITypeConverter<int[]> {
    @Override
    public int[] convert(String value) {
        return parse(value);
    }

    /** Parses a comma- or x-separated list of positive integers. */
    static int[] parse(String value) {
        String[] parts = value.trim().split("\\s*[,xX]\\s*");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a list of integers such as 64,64");
            }
            if (out[i] < 1) {
                throw new TypeConversionException("'" + value + "': every entry must be at least 1");
            }
        }
        return out;
    }
}
