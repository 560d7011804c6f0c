package org.jcare.training.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;

/**
 * The manifest of an ensemble folder, {@code ensemble.json}: the members (one model folder each, with its seed), the
 * configuration every member is trained with, whether training patches are augmented, and the ensemble's
 * recalibration factor. It is written once when the ensemble is created (so that each member can be trained on its
 * own, anywhere, from the folder alone: resumed, or as one task of a cluster) and again when the factor is fitted.
 *
 * <pre>
 * {"format": "jcare-ensemble", "format_version": 1, "seed": 42, "augment": false,
 *  "members": [{"folder": "member_01", "seed": 42}, {"folder": "member_02", "seed": 43}, ...],
 *  "laplace_scale_factor": 1.31,
 *  "config": { ...the members' config.json... }}
 * </pre>
 *
 * @param members     the members in order
 * @param seed        the seed of member 1 (member k has seed + k - 1); the training data is drawn with it
 * @param augment     whether training patches are flipped and rotated
 * @param scaleFactor the factor every member's Laplace scale is multiplied with in the mixture, or null for none
 * @param config      the members' configuration
 */
public record EnsembleManifest(List<Member> members, long seed, boolean augment, Double scaleFactor,
                               CareConfig config) {
    /** The manifest's file name in the ensemble folder. */
    public static final String FILE = "ensemble.json";
    /** The value of the {@code format} field. */
    public static final String FORMAT = "jcare-ensemble";
    /** The format version written. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One member.
     *
     * @param folder its model folder, relative to the ensemble folder
     * @param seed   its seed (weight initialization and batch order)
     */
    public record Member(String folder, long seed) {
    }

    /** Checks the members. */
    public EnsembleManifest {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        members = List.copyOf(members);
        if (scaleFactor != null && !(scaleFactor > 0)) {
            throw new IllegalArgumentException("the scale factor must be > 0, got " + scaleFactor);
        }
    }

    /** A new manifest of {@code count} members {@code member_01 ...} with seeds {@code seed ... seed + count - 1}. */
    public static EnsembleManifest of(CareConfig config, int count, long seed, boolean augment) {
        if (count < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one member, got " + count);
        }
        int digits = Math.max(2, String.valueOf(count).length());
        List<Member> members = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            members.add(new Member(String.format(Locale.ROOT, "member_%0" + digits + "d", k + 1), seed + k));
        }
        return new EnsembleManifest(members, seed, augment, null, config);
    }

    /** The number of members. */
    public int size() {
        return members.size();
    }

    /** This manifest with another scale factor. */
    public EnsembleManifest withScaleFactor(Double factor) {
        return new EnsembleManifest(members, seed, augment, factor, config);
    }

    /** Whether {@code dir} is an ensemble folder (holds a manifest). */
    public static boolean isEnsemble(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Reads the manifest of the ensemble folder {@code dir}.
     *
     * @throws FileFormatException naming the file when it is missing, not a manifest, or of a newer format
     */
    public static EnsembleManifest read(Path dir) throws FileFormatException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(dir, "is not an ensemble folder: it has no " + FILE);
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root == null || !FORMAT.equals(text(root, "format"))) {
                throw new FileFormatException(file, "is not an ensemble manifest (no \"format\": \"" + FORMAT + "\")");
            }
            int version = root.path("format_version").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new FileFormatException(file, "is of ensemble format " + version + ", this jcare reads "
                        + FORMAT_VERSION + (version > FORMAT_VERSION ? "; use a newer jcare" : ""));
            }
            List<Member> members = new ArrayList<>();
            for (JsonNode m : root.path("members")) {
                String folder = text(m, "folder");
                if (folder == null || folder.contains("/") || folder.contains("\\") || folder.startsWith(".")
                        || !m.path("seed").canConvertToLong()) {
                    throw new FileFormatException(file, "has a member without a plain folder name and a seed: " + m);
                }
                members.add(new Member(folder, m.get("seed").longValue()));
            }
            if (members.isEmpty()) {
                throw new FileFormatException(file, "lists no members");
            }
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw new FileFormatException(file, "has no \"config\" object");
            }
            CareConfig c = CareConfigJson.parse(JSON.writeValueAsString(config), file + " (config)");
            JsonNode f = root.get("laplace_scale_factor");
            Double factor = f == null || f.isNull() ? null : f.asDouble();
            if (factor != null && !(factor > 0)) {
                throw new FileFormatException(file, "laplace_scale_factor " + f + " is not a positive number");
            }
            return new EnsembleManifest(members, root.path("seed").asLong(), root.path("augment").asBoolean(),
                    factor, c);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FileFormatException(file, "is not a valid ensemble manifest: " + e.getMessage(), e);
        }
    }

    /** Writes the manifest into {@code dir} (which must exist), atomically, replacing an earlier one. */
    public void write(Path dir) throws IOException {
        String text = toJson();
        AtomicFiles.write(dir.resolve(FILE), true, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** The manifest as JSON text. */
    public String toJson() {
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("format", FORMAT);
            o.put("format_version", FORMAT_VERSION);
            o.put("seed", seed);
            o.put("augment", augment);
            ArrayNode ms = o.putArray("members");
            for (Member m : members) {
                ms.addObject().put("folder", m.folder()).put("seed", m.seed());
            }
            if (scaleFactor != null) {
                o.put("laplace_scale_factor", scaleFactor);
            }
            o.set("config", JSON.readTree(CareConfigJson.toJson(config)));
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an ensemble manifest: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }
}
