package org.jcare.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jcare.io.AtomicFiles;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.loop.CurvesFigure;

/**
 * What {@code jcare train --out DIR} may replace. A training run rewrites its model folder whole after every epoch
 * (a new folder renamed over the old one), so whatever else the folder held would be gone. Therefore:
 * <ul>
 * <li>a folder that equals or contains an input (the {@code --data} file, a {@code --source} or {@code --target}
 * folder) is never the output, {@code --overwrite} or not;
 * <li>{@code --overwrite} replaces only a jcare model folder: {@code config.json}, at least one weights file, and
 * nothing but the files a model folder has (and jcare's own hidden temporaries);
 * <li>an existing file is never replaced by a model folder.
 * </ul>
 */
final class ModelFolderGuard {
    /** The files of a model folder (what a training run writes). */
    static final Set<String> MODEL_FILES = Set.of("config.json", "weights.safetensors", "weights_best.safetensors",
            "weights_last.safetensors", "history.csv", "normalization.json", "training_state.safetensors",
            CurvesFigure.FILE_NAME);
    private static final Set<String> WEIGHTS = Set.of("weights.safetensors", "weights_best.safetensors",
            "weights_last.safetensors");
    private static final int LISTED = 5;

    private ModelFolderGuard() {
    }

    /**
     * Checks that a training run may write its model folder to {@code out}.
     *
     * @param inputs    the files and folders the run reads
     * @param overwrite whether {@code --overwrite} was given
     * @param resume    whether {@code --resume} was given (the folder is continued, so it must be a model)
     * @throws BadInputException saying why not and what to do
     */
    static void check(Path out, Collection<Path> inputs, boolean overwrite, boolean resume) throws IOException {
        Path target = Outputs.canonical(out);
        for (Path in : inputs) {
            Path c = Outputs.canonical(in);
            if (c.startsWith(target)) {
                throw new BadInputException("--out " + out + (c.equals(target) ? " is the input " : " contains the"
                        + " input ") + in + "; a training run replaces its model folder whole, so jcare never writes"
                        + " it where an input is: choose another --out");
            }
        }
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " is a file; name a folder for the model");
        }
        List<String> entries = entries(out);
        if (entries.isEmpty() || !(overwrite || resume)) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        for (String e : entries) {
            if (!MODEL_FILES.contains(e)) {
                foreign.add(e);
            }
        }
        refuseForeign(out, foreign, resume, "model");
        String option = resume ? "--resume" : "--overwrite";
        if (!entries.contains("config.json") || entries.stream().noneMatch(WEIGHTS::contains)) {
            throw new BadInputException("--out " + out + " is not a jcare model (it lacks "
                    + (entries.contains("config.json") ? "a weights file" : "config.json") + "); " + option
                    + " only " + (resume ? "continues" : "replaces") + " a model folder: choose another --out");
        }
    }

    /**
     * Checks that an ensemble training run may write to {@code out}: as {@link #check}, except that with
     * {@code --overwrite} or {@code --resume} the folder may hold an ensemble ({@code ensemble.json} and member folders
     * that each hold nothing but a model's files and the member's {@code member.json}) as well as a single model.
     *
     * @throws BadInputException saying why not and what to do
     */
    static void checkEnsemble(Path out, Collection<Path> inputs, boolean overwrite, boolean resume)
            throws IOException {
        if (!Files.isRegularFile(out.resolve("ensemble.json"))) {
            check(out, inputs, overwrite, resume);
            return;
        }
        check(out, inputs, false, false); // inputs, and a file in the way
        if (!(overwrite || resume)) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        for (String e : entries(out)) {
            if (e.equals("ensemble.json")) {
                continue;
            }
            if (!e.endsWith("/") || !e.startsWith("member_")) {
                foreign.add(e);
                continue;
            }
            for (String m : entries(out.resolve(e.substring(0, e.length() - 1)))) {
                if (!MODEL_FILES.contains(m) && !m.equals(EnsembleTraining.DONE)) {
                    foreign.add(e + m);
                }
            }
        }
        refuseForeign(out, foreign, resume, "ensemble");
    }

    /** Refuses {@code out} when it holds {@code foreign} entries, which a {@code kind} folder never holds. */
    private static void refuseForeign(Path out, List<String> foreign, boolean resume, String kind) {
        if (foreign.isEmpty()) {
            return;
        }
        String article = kind.startsWith("e") ? "an " : "a ";
        throw new BadInputException("--out " + out + " holds " + describe(foreign) + ", which "
                + (foreign.size() == 1 ? "is" : "are") + " not part of a jcare " + kind + "; "
                + (resume ? "--resume" : "--overwrite") + " only " + (resume ? "continues" : "replaces") + " "
                + article + kind + " folder: choose another --out, or move " + (foreign.size() == 1 ? "it" : "them")
                + " away first");
    }

    /** The names in {@code dir}, without jcare's own hidden temporaries and locks. */
    private static List<String> entries(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (!AtomicFiles.isTemporaryName(n) && !OutputLock.isLockName(n)) {
                    names.add(Files.isDirectory(p) ? n + "/" : n);
                }
            });
        }
        names.sort(null);
        return names;
    }

    private static String describe(List<String> names) {
        List<String> shown = names.subList(0, Math.min(LISTED, names.size()));
        String more = names.size() > LISTED ? " and " + (names.size() - LISTED) + " more" : "";
        return String.join(", ", shown) + more;
    }
}
