package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class IntListTest {
    @Test
    void commasOrX() {
        assertArrayEquals(new int[] {2, 4, 4}, IntList.parse("2,4,4"));
        assertArrayEquals(new int[] {16, 64}, IntList.parse(" 16 x 64 "));
        assertThrows(TypeConversionException.class, () -> IntList.parse("2,a"));
        assertThrows(TypeConversionException.class, () -> IntList.parse("0,2"));
    }
}
