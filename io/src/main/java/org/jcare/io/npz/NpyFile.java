package org.jcare.io.npz;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;

/**
 * A single NumPy {@code .npy} array (as {@code np.save} writes it), read as float32 from any numeric dtype and
 * written as little-endian float32 ({@code <f4}, C order). Model Zoo test tensors and test fixtures use it.
 */
public final class NpyFile {
    private NpyFile() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws FileFormatException naming the file when it is not a numeric C-order array
     */
    public static NpyArray read(Path file) throws FileFormatException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "is not a readable .npy array", e);
        }
    }

    /** Reads a {@code .npy} array held in memory; {@code name} is used in messages. */
    public static NpyArray read(byte[] bytes, Path name) throws FileFormatException {
        try {
            return read(new ByteArrayInputStream(bytes), name);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(name, "is not a readable .npy array", e);
        }
    }

    private static NpyArray read(InputStream in, Path file) throws IOException {
        NpyHeader h = NpyHeader.read(in);
        return NpzFile.readArray(in, h, file, file.getFileName().toString());
    }

    /** The bytes of {@code array} as a float32 {@code .npy} file. */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            NpzFile.writeArray(out, array);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
