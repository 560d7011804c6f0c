package org.jcare.cli;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Output file names from a template, as CSBDeep's {@code care_predict} ({@code {model_name}/{file_path}/...}):
 * {@code {file_name}} is the input's name without its TIFF extension, {@code {file_ext}} that extension
 * ({@code .ome.tif} becomes {@code .tif}: jcare writes ImageJ TIFF, not OME), {@code {model_name}} the model folder's
 * name. The default {@code {file_name}{file_ext}} keeps the input's name in the output folder. A template may name
 * subfolders of the output folder.
 */
final class OutputNames {
    /** The default template: the input's own file name. */
    static final String DEFAULT = "{file_name}{file_ext}";

    private OutputNames() {
    }

    /** The input's name and extension: "cells.ome.tif" to {"cells", ".tif"}, "a.tiff" to {"a", ".tiff"}. */
    static String[] split(Path input) {
        String name = input.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".ome.tiff", ".ome.tif", ".tiff", ".tif"}) {
            if (lower.endsWith(ext)) {
                String kept = ext.startsWith(".ome") ? ".tif" : name.substring(name.length() - ext.length());
                return new String[] {name.substring(0, name.length() - ext.length()), kept};
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? new String[] {name.substring(0, dot), ".tif"} : new String[] {name, ".tif"};
    }

    /**
     * The output path of {@code input} in {@code outputDir}, with {@code suffix} (for example "_scale") appended to
     * the name before the extension.
     *
     * @throws BadInputException when the template has an unknown placeholder or leaves the output folder
     */
    static Path resolve(String template, Path outputDir, Path input, String modelName, String suffix) {
        String[] ne = split(input);
        String name = template.replace("{file_name}", ne[0]).replace("{model_name}", modelName)
                .replace("{file_ext}", ne[1]);
        if (!suffix.isEmpty()) {
            // the suffix goes before a TIFF extension, else at the end
            String lower = name.toLowerCase(Locale.ROOT);
            int dot = lower.endsWith(".tiff") ? name.length() - 5 : lower.endsWith(".tif") ? name.length() - 4 : -1;
            name = dot >= 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        }
        if (name.contains("{") || name.contains("}")) {
            throw new BadInputException("--output-name " + template + ": unknown placeholder; use {file_name},"
                    + " {file_ext} and {model_name}");
        }
        Path out = outputDir.resolve(name).normalize();
        if (name.isBlank() || Path.of(name).isAbsolute() || !out.startsWith(outputDir.normalize())) {
            throw new BadInputException("--output-name " + template + " must name a file inside the output folder");
        }
        return out;
    }

    /**
     * Fails unless the names {@code template} makes end in a TIFF extension: jcare writes TIFF, and a file named
     * {@code x.png} holding a TIFF would mislead every program that opens it.
     *
     * @throws BadInputException naming the template and what to use
     */
    static void requireTiff(String template) {
        String name = template.replace("{file_ext}", ".tif");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".tif") && !lower.endsWith(".tiff")) {
            throw new BadInputException("--output-name " + template + ": jcare writes TIFF images; end the name in"
                    + " {file_ext}, .tif or .tiff");
        }
    }
}
