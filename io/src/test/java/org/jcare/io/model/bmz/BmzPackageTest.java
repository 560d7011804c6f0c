package org.jcare.io.model.bmz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmzPackageTest {
    @Test
    void writesAndReadsAPackage(@TempDir Path dir) throws Exception {
        ObjectNode rdf = new ObjectMapper().createObjectNode().put("type", "model").put("format_version", "0.5.4")
                .put("version", "1.13");
        Path zip = dir.resolve("p.zip");
        BmzPackage.write(zip, rdf, Map.of("a.txt", "hello".getBytes(StandardCharsets.UTF_8)), false);
        assertTrue(BmzPackage.isPackage(zip));
        BmzPackage.Content c = BmzPackage.read(zip);
        assertEquals("1.13", c.rdf().path("version").asText(), "numbers-as-text stay text");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), c.files().get("a.txt"));
        assertTrue(c.files().containsKey("rdf.yaml"));
        assertThrows(FileFormatException.class, () -> BmzPackage.write(zip, rdf, Map.of(), false));
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                BmzPackage.sha256("hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAPackageInOneFolderOfTheZipAndRefusesOtherZips(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("nested.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("model/bioimageio.yaml"));
            z.write("type: model\nname: x\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("model/w.onnx"));
            z.write(1);
        }
        assertTrue(BmzPackage.isPackage(zip));
        assertTrue(BmzPackage.read(zip).files().containsKey("w.onnx"));
        Path other = dir.resolve("other.zip");
        try (OutputStream os = Files.newOutputStream(other); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write('{');
        }
        assertFalse(BmzPackage.isPackage(other));
        assertFalse(BmzPackage.isPackage(dir));
    }
}
