package org.jcare.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ij.io.FileInfo;
import ij.io.Opener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jcare.io.AtomicFiles;
import org.jcare.io.image.Calibration;

/**
 * The pixel sizes of a model's training images, kept beside the model as {@code calibration.json}
 * ({@code {"x": 0.1, "y": 0.1, "z": 0.5, "unit": "micron"}}), so that an export can give the Model Zoo axes their
 * units. {@code jcare train} writes it when its training images (TIFF) carry pixel sizes; a model without it simply
 * has no known units.
 */
public final class TrainingCalibration {
    /** The file name in the model folder. */
    public static final String FILE = "calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCalibration() {
    }

    /** The calibration recorded in a model folder, if any (a zip or an unreadable file has none). */
    public static Optional<Calibration> read(Path model) {
        Path f = model.resolve(FILE);
        if (!Files.isDirectory(model) || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            Calibration c = new Calibration(n.path("x").asDouble(0), n.path("y").asDouble(0), n.path("z").asDouble(0),
                    n.path("unit").asText(""), 0);
            return c.isKnown() ? Optional.of(c) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code c} into the model folder (atomically, replacing an earlier one). */
    public static void write(Path model, Calibration c) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("x", c.x()).put("y", c.y()).put("z", c.z()).put("unit", c.unit());
        byte[] b = JSON.writeValueAsBytes(o);
        AtomicFiles.write(model.resolve(FILE), true, tmp -> Files.write(tmp, b));
    }

    /** The pixel sizes in a TIFF's header (ImageJ's reader; pixels are not read), if it has them. */
    public static Optional<Calibration> ofTiff(Path tiff) {
        FileInfo[] info = Opener.getTiffFileInfo(tiff.toString());
        if (info == null || info.length == 0) {
            return Optional.empty();
        }
        FileInfo fi = info[0];
        // the slice spacing of an ImageJ stack is in its description ("spacing=0.5"), not in the TIFF tags
        double z = fi.pixelDepth;
        String unit = fi.unit == null ? "" : fi.unit.trim();
        if (fi.description != null) {
            for (String line : fi.description.split("\n")) {
                if (line.startsWith("spacing=")) {
                    try {
                        z = Double.parseDouble(line.substring("spacing=".length()).trim());
                    } catch (NumberFormatException e) {
                        // keep the header's value
                    }
                } else if (line.startsWith("unit=") && unit.isEmpty()) {
                    unit = line.substring("unit=".length()).trim();
                }
            }
        }
        Calibration c = new Calibration(fi.pixelWidth, fi.pixelHeight, z, unit, 0);
        boolean scaled = c.isKnown() && !(fi.pixelWidth == 1 && fi.pixelHeight == 1 && c.unit().isEmpty())
                && !c.unit().equalsIgnoreCase("pixel") && !c.unit().equalsIgnoreCase("pixels");
        return scaled ? Optional.of(c) : Optional.empty();
    }

    /** Records the calibration of the first TIFF among {@code files} that has one; does nothing if none has. */
    public static void recordFrom(Path model, List<Path> files) throws IOException {
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Files.isRegularFile(f) && (n.endsWith(".tif") || n.endsWith(".tiff"))) {
                Optional<Calibration> c = ofTiff(f);
                if (c.isPresent()) {
                    write(model, c.get());
                    return;
                }
            }
        }
    }
}
