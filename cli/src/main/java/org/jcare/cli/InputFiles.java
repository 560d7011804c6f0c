package org.jcare.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands input arguments into files: a file stands for itself, a folder for its files matching a name pattern
 * (not recursive), and an argument with glob characters ({@code * ? [ {}) for the files it matches, relative to the
 * folder before its first glob character ({@code raw/*.tif}, {@code 'raw/**}{@code /*.tif'}). The shell usually
 * expands unquoted globs itself; both work. Files come out in name order, each once.
 */
final class InputFiles {
    private InputFiles() {
    }

    /** CSBDeep's default file pattern. */
    static final String DEFAULT_PATTERN = "*.tif*";

    /**
     * The files {@code args} name.
     *
     * @param option  the option name, for messages
     * @param pattern the file-name glob used inside folders
     * @throws BadInputException naming the argument when it does not exist or matches nothing
     */
    static List<Path> expand(List<String> args, String pattern, String option) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String a : args) {
            out.addAll(expand(a, pattern, option));
        }
        return new ArrayList<>(out);
    }

    /** The files one argument names. */
    static List<Path> expand(String arg, String pattern, String option) throws IOException {
        if (isGlob(arg)) {
            return glob(arg, option);
        }
        Path p = Path.of(arg);
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (Files.isDirectory(p)) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            List<Path> files;
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(f -> Files.isRegularFile(f) && m.matches(f.getFileName())).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new BadInputException(option + " " + arg + ": the folder has no file matching '" + pattern
                        + "'; check the folder or set --pattern");
            }
            return files;
        }
        throw new BadInputException(option + " " + arg + ": no such file or folder");
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static List<Path> glob(String arg, String option) throws IOException {
        String norm = arg.replace('\\', '/');
        int firstGlob = firstGlobChar(norm);
        int slash = norm.lastIndexOf('/', firstGlob);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : norm.substring(0, slash));
        String rel = norm.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new BadInputException(option + " " + arg + ": the folder " + base + " does not exist");
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rel);
        int depth = rel.contains("**") ? Integer.MAX_VALUE : (int) rel.chars().filter(c -> c == '/').count() + 1;
        List<Path> files;
        try (Stream<Path> s = Files.walk(base, depth)) {
            files = s.filter(Files::isRegularFile).filter(f -> m.matches(base.relativize(f)))
                    .map(f -> slash < 0 ? base.relativize(f) : f).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new BadInputException(option + " " + arg + ": no file matches; check the pattern (quote it so that"
                    + " the shell does not expand it)");
        }
        return files;
    }

    private static int firstGlobChar(String s) {
        int i = s.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int k = s.indexOf(c);
            if (k >= 0) {
                i = Math.min(i, k);
            }
        }
        return i;
    }
}
