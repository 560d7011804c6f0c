package org.jcare.io.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axes string such as {@code "ZYX"}, {@code "TZCYX"} or {@code "SCYX"}: one letter per dimension, outermost
 * first, from {@code S} (sample), {@code T} (time), {@code C} (channel), {@code Z}, {@code Y}, {@code X}. Each
 * letter at most once; {@code Y} and {@code X} are required. Validation names every problem at once.
 */
public final class Axes {
    /** Letters that may appear. */
    public static final String ALLOWED = "STCZYX";

    private final String letters;

    private Axes(String letters) {
        this.letters = letters;
    }

    /** Parses and validates {@code axes} (case-insensitive). */
    public static Axes of(String axes) {
        if (axes == null || axes.isBlank()) {
            throw new IllegalArgumentException("axes string is empty: give one letter per dimension from " + ALLOWED
                    + ", for example ZYX or TCYX");
        }
        String s = axes.trim().toUpperCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (ALLOWED.indexOf(c) < 0) {
                problems.add("letter '" + c + "' is not one of " + ALLOWED);
            } else if (s.indexOf(c) != i) {
                problems.add("letter '" + c + "' appears twice");
            }
        }
        if (s.indexOf('X') < 0 || s.indexOf('Y') < 0) {
            problems.add("X and Y are required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("axes '" + axes + "': " + String.join("; ", problems));
        }
        return new Axes(s);
    }

    /** The letters, upper case. */
    public String letters() {
        return letters;
    }

    /** Number of axes. */
    public int size() {
        return letters.length();
    }

    /** Position of {@code axis}, or -1. */
    public int indexOf(char axis) {
        return letters.indexOf(Character.toUpperCase(axis));
    }

    /** True when {@code axis} is present. */
    public boolean has(char axis) {
        return indexOf(axis) >= 0;
    }

    /** Checks that {@code shape} has one size per axis, naming both otherwise. */
    public void requireFits(long[] shape, String what) {
        if (shape.length != letters.length()) {
            throw new IllegalArgumentException(what + ": axes '" + letters + "' has " + letters.length()
                    + " letters but the image has " + shape.length + " dimensions " + java.util.Arrays.toString(shape)
                    + "; give one letter per dimension");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Axes a && a.letters.equals(letters);
    }

    @Override
    public int hashCode() {
        return letters.hashCode();
    }

    @Override
    public String toString() {
        return letters;
    }
}
