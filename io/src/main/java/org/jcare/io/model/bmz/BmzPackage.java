package org.jcare.io.model.bmz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;

/**
 * A BioImage Model Zoo package: a zip whose root holds the resource description {@code rdf.yaml} (or
 * {@code bioimageio.yaml}) and every file it names. Writing goes to a temporary name and is renamed when complete;
 * reading takes the files at the zip's root (or in its single top folder), or a folder holding them.
 */
public final class BmzPackage {
    /** The description's file name jcare writes. */
    public static final String RDF = "rdf.yaml";
    private static final String RDF_ALT = "bioimageio.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private BmzPackage() {
    }

    /**
     * A package's content.
     *
     * @param rdf   the parsed description
     * @param files every file by its name in the package (the description included)
     */
    public record Content(ObjectNode rdf, Map<String, byte[]> files) {
    }

    /** The hex SHA-256 of {@code bytes}, as the Model Zoo writes it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The description as YAML text. */
    public static String toYaml(JsonNode rdf) {
        try {
            return YAML.writeValueAsString(rdf);
        } catch (IOException e) {
            throw new IllegalStateException("YAML serialization of a JSON tree failed", e);
        }
    }

    /**
     * Writes a package: {@code rdf.yaml} first, then the files in their order.
     *
     * @throws FileFormatException naming the target when it exists (without overwrite) or cannot be written
     */
    public static void write(Path target, JsonNode rdf, Map<String, byte[]> files, boolean overwrite)
            throws FileFormatException {
        byte[] yaml = toYaml(rdf).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(target, overwrite, tmp -> {
                try (OutputStream os = Files.newOutputStream(tmp);
                     ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(os))) {
                    entry(z, RDF, yaml);
                    for (Map.Entry<String, byte[]> e : files.entrySet()) {
                        entry(z, e.getKey(), e.getValue());
                    }
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(target, "cannot be written", e);
        }
    }

    private static void entry(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }

    /** True when {@code path} is a zip or folder with a Model Zoo description at its root (or one folder down). */
    public static boolean isPackage(Path path) {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(RDF)) || Files.isRegularFile(path.resolve(RDF_ALT));
        }
        if (!Files.isRegularFile(path) || !path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return false;
        }
        try (ZipFile z = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                String n = en.nextElement().getName();
                String base = n.substring(n.lastIndexOf('/') + 1);
                if ((base.equals(RDF) || base.equals(RDF_ALT)) && n.chars().filter(c -> c == '/').count() <= 1) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Reads a package (zip or folder).
     *
     * @throws FileFormatException naming the file when it is not a package or its description is not YAML
     */
    public static Content read(Path path) throws FileFormatException {
        Map<String, byte[]> files = Files.isDirectory(path) ? readFolder(path) : readZip(path);
        byte[] rdf = files.containsKey(RDF) ? files.get(RDF) : files.get(RDF_ALT);
        if (rdf == null) {
            throw new FileFormatException(path, "is not a BioImage Model Zoo package: it has no " + RDF + " or "
                    + RDF_ALT);
        }
        JsonNode n;
        try {
            n = YAML.readTree(rdf);
        } catch (IOException e) {
            throw new FileFormatException(path.resolve(RDF), "is not valid YAML", e);
        }
        if (n == null || !n.isObject()) {
            throw new FileFormatException(path.resolve(RDF), "is not a YAML mapping");
        }
        return new Content((ObjectNode) n, files);
    }

    private static Map<String, byte[]> readFolder(Path dir) throws FileFormatException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new FileFormatException(dir, "cannot be read", e);
        }
        return files;
    }

    private static Map<String, byte[]> readZip(Path zip) throws FileFormatException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            String prefix = null;
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String n = e.getName();
                if (e.isDirectory() || n.startsWith("__MACOSX")) {
                    continue;
                }
                String base = n.substring(n.lastIndexOf('/') + 1);
                if (base.equals(RDF) || base.equals(RDF_ALT)) {
                    prefix = n.substring(0, n.length() - base.length());
                }
            }
            en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory() || prefix == null || !e.getName().startsWith(prefix)) {
                    continue;
                }
                try (InputStream in = z.getInputStream(e)) {
                    files.put(e.getName().substring(prefix.length()), in.readAllBytes());
                }
            }
        } catch (ZipException e) {
            throw new FileFormatException(zip, "is not a readable zip file", e);
        } catch (IOException e) {
            throw new FileFormatException(zip, "cannot be read", e);
        }
        return files;
    }
}
