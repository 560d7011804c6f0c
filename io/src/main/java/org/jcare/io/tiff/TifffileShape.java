package org.jcare.io.tiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jcare.io.image.ImageFileException;

/**
 * The shape tifffile writes as a JSON ImageDescription ({@code {"shape": [60, 60, 50]}}) in files without ImageJ or
 * OME metadata. It carries no axis names, but it says how many pages the file must have: tifffile writes all IFDs
 * but the first at the end of the file, so a file cut short loses IFDs and would otherwise look like a shorter, valid
 * stack.
 */
final class TifffileShape {
    private TifffileShape() {
    }

    /** Fails when the description announces more (or fewer) pages than the file holds; silent without it. */
    static void requirePages(TiffStructure s) throws ImageFileException {
        String d = s.description.strip();
        if (!d.startsWith("{") || !d.contains("\"shape\"")) {
            return;
        }
        JsonNode shape;
        try {
            shape = new ObjectMapper().readTree(d).get("shape");
        } catch (Exception e) {
            return; // Not tifffile's JSON after all: nothing to check.
        }
        if (shape == null || !shape.isArray()) {
            return;
        }
        int spp = s.pages.get(0).samplesPerPixel();
        int planeDims = 2 + (spp > 1 ? 1 : 0);
        long expected = 1;
        for (int i = 0; i < shape.size() - planeDims; i++) {
            expected *= shape.get(i).asLong();
        }
        if (shape.size() >= planeDims && expected != s.pages.size()) {
            throw new ImageFileException(s.file, "is truncated or incomplete: its tifffile metadata announces shape "
                    + shape + " (" + expected + " pages) but " + s.pages.size() + " pages can be read");
        }
    }
}
