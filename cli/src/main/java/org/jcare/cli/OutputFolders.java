package org.jcare.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any expensive work, that an output folder can be made and written: every existing part of its path
 * is a folder, and the deepest existing one accepts a new file (tried for real, because permission bits do not tell
 * the whole story: read-only mounts, network shares, root). The error says why, so that an hour of training does
 * not end in "cannot write".
 */
final class OutputFolders {
    private OutputFolders() {
    }

    /**
     * Fails unless {@code dir} exists as a writable folder or can be created.
     *
     * @param option names the option in the message, for example "--output"
     * @param given  the path as the user gave it (for the message); {@code dir} may be derived from it
     * @throws BadInputException saying why the folder cannot be written
     */
    static void requireWritable(Path dir, String option, Path given) {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new BadInputException(option + " " + given + ": no part of the path exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new BadInputException(option + " " + given + ": " + existing + " is a file, not a folder; choose"
                    + " another output folder");
        }
        try {
            Path probe = Files.createTempFile(existing, ".jcare-write-check-", "");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new BadInputException(option + " " + given + ": permission denied: " + existing
                    + " is not writable for you; choose a folder you can write to");
        } catch (FileSystemException e) {
            throw new BadInputException(option + " " + given + ": cannot write into " + existing + ": "
                    + (e.getReason() == null ? ExitCodes.fileSystem(e) : e.getReason()));
        } catch (IOException e) {
            throw new BadInputException(option + " " + given + ": cannot write into " + existing + ": "
                    + e.getMessage());
        }
    }
}
