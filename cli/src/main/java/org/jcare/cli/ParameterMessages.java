package org.jcare.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * One-line messages for command-line mistakes. picocli's own words are kept where they name the option; where they
 * do not (an option of an argument group given twice reads "expected only one match but got [[--probabilistic ...
 * 2 kB of usage ...]]"), the message says which option was repeated.
 */
final class ParameterMessages {
    private ParameterMessages() {
    }

    /** The message for {@code ex}, raised while parsing {@code argv}. */
    static String of(CommandLine.ParameterException ex, String[] argv) {
        String m = String.valueOf(ex.getMessage());
        if (m.contains("expected only one match")) {
            List<String> repeated = repeatedOptions(argv);
            if (!repeated.isEmpty()) {
                return String.join(", ", repeated) + (repeated.size() == 1 ? " is" : " are")
                        + " given more than once; give each option once";
            }
            return "an option is given more than once; give each option once";
        }
        return ExitCodes.oneLine(m);
    }

    /** The long options that occur more than once in {@code argv} (as {@code --name} or {@code --name=value}). */
    static List<String> repeatedOptions(String[] argv) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (String a : argv) {
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (!seen.add(name)) {
                    repeated.add(name);
                }
            }
        }
        return new ArrayList<>(repeated);
    }
}
