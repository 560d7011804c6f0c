package org.jcare.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jcare.io.AtomicFiles;

/**
 * The files one command run writes, so that a failed run leaves none of them behind: every output is claimed
 * before any work starts (refused when it is an input, claimed twice, or exists without {@code --overwrite}), and
 * unless the run {@linkplain #commit() commits}, {@link #close()} deletes what was written and the folders that were
 * created for it. Each file itself is written atomically by io (temporary name, then rename).
 */
final class Outputs implements AutoCloseable {
    private final boolean overwrite;
    private final Set<Path> inputs = new HashSet<>();
    private final Set<Path> claimed = new HashSet<>();
    private final List<Path> created = new ArrayList<>();
    private boolean committed;

    /** Outputs that may replace existing files when {@code overwrite} is set, never one of {@code inputs}. */
    Outputs(boolean overwrite, Collection<Path> inputs) {
        this.overwrite = overwrite;
        for (Path p : inputs) {
            this.inputs.add(canonical(p));
        }
    }

    /** Whether existing outputs may be replaced. */
    boolean overwrite() {
        return overwrite;
    }

    /**
     * Claims {@code target} as an output of this run.
     *
     * @throws BadInputException naming the path when it is an input, already claimed, exists without overwrite, or
     *                           is an existing folder where a file is expected
     */
    Path claim(Path target) {
        Path c = canonical(target);
        if (inputs.contains(c)) {
            throw new BadInputException("output " + target + " is also an input; jcare never writes over an input:"
                    + " choose another output folder or name");
        }
        if (!claimed.add(c)) {
            throw new BadInputException("two outputs of this run would both be written to " + target
                    + "; give the inputs distinct names or use another --output-name template");
        }
        if (Files.exists(target) && !overwrite) {
            throw new BadInputException(target + " already exists; add --overwrite to replace it, or choose another"
                    + " output");
        }
        return target;
    }

    /** Claims a file output: also refused when an existing folder has its name. */
    Path claimFile(Path target) {
        if (Files.isDirectory(target)) {
            throw new BadInputException(target + " is a folder; jcare would write a file of that name there");
        }
        return claim(target);
    }

    /**
     * Creates {@code dir} and its missing parents, remembering which were created so that a failed run removes them.
     *
     * @throws BadInputException when {@code dir} exists and is not a folder
     */
    Path folder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(dir + " exists and is not a folder; choose another output folder");
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            created.add(p);
        }
        return dir;
    }

    /** Records that {@code file} (or folder) was written by this run. */
    void written(Path file) {
        created.add(file.toAbsolutePath().normalize());
    }

    /** Keeps everything written: the run succeeded. */
    void commit() {
        committed = true;
    }

    /** Unless committed, deletes what this run wrote and the folders it created (newest first). */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            Path p = created.get(i);
            try {
                if (Files.isDirectory(p)) {
                    // a folder we created holds only what we wrote: remove it whole
                    AtomicFiles.deleteRecursively(p);
                } else {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // best effort: the failure being reported matters more than a leftover
            }
        }
        created.clear();
    }

    /** The absolute, normalized path with symbolic links resolved as far as the path exists. */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            rest = rest == null ? existing.getFileName() : existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException e) {
            return abs;
        }
    }
}
