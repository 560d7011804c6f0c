package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.jcare.io.image.Calibration;
import org.junit.jupiter.api.Test;

class MultiscaleTest {
    @Test
    void readsTheNgff04AndNgff05Fixtures() throws IOException {
        Multiscale m04 = Multiscale.read(ZarrGroup.attributes(new FileStore(ZarrFixtures.root().resolve("ome04.zarr")),
                ""));
        assertEquals("0.4", m04.version());
        assertEquals("ZYX", m04.letters());
        assertEquals(2, m04.datasets().size());
        assertArrayEquals(new double[] {2.0, 1.0, 0.5}, m04.datasets().get(1).scale());
        assertArrayEquals(new double[] {0, 0.25, 0.125}, m04.datasets().get(1).translation());
        Calibration c = m04.calibration();
        assertEquals(0.25, c.x());
        assertEquals(0.5, c.y());
        assertEquals(2.0, c.z());
        assertEquals("µm", c.unit());
        Multiscale m05 = Multiscale.read(ZarrGroup.attributes(new FileStore(ZarrFixtures.root().resolve("ome05.zarr")),
                ""));
        assertEquals("0.5", m05.version());
        assertEquals("TZYX", m05.letters());
        assertEquals("s0", m05.datasets().get(0).path());
        assertEquals(0.25, m05.calibration().t(), 1e-12, "250 ms");
        assertEquals(1.5, m05.calibration().z());
    }

    @Test
    void writesWhatItReads() {
        Calibration cal = new Calibration(0.1, 0.1, 0.5, "µm", 2.0);
        long[][] factors = {{1, 1, 1, 1, 1}, {1, 1, 1, 2, 2}, {1, 1, 2, 4, 4}};
        for (String version : new String[] {"0.4", "0.5"}) {
            Multiscale m = Multiscale.of(version, "img", "TCZYX", cal, factors);
            ObjectNode attrs = m.toAttributes(new ObjectMapper().createObjectNode().put("jcare", 1));
            assertEquals(version.equals("0.5"), attrs.has("ome"));
            Multiscale back = Multiscale.read(attrs);
            assertEquals("TCZYX", back.letters());
            assertEquals(cal, back.calibration());
            assertArrayEquals(new double[] {2.0, 1, 1.0, 0.4, 0.4}, back.datasets().get(2).scale(), 1e-12);
            // a level averaging 4 pixels has its first pixel centred 1.5 pixels of level 0 in
            assertArrayEquals(new double[] {0, 0, 0.25, 0.15, 0.15}, back.datasets().get(2).translation(), 1e-12);
            assertEquals("micrometer", back.axes().get(4).unit());
            assertEquals("second", back.axes().get(0).unit());
        }
    }

    @Test
    void unknownAxesAndMissingMetadataAreNamed() {
        ObjectMapper j = new ObjectMapper();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Multiscale.read(j.createObjectNode()));
        assertTrue(e.getMessage().contains("multiscales"), e.getMessage());
        ObjectNode attrs = j.createObjectNode();
        ObjectNode m = attrs.putArray("multiscales").addObject();
        m.putArray("axes").addObject().put("name", "angle").put("type", "space");
        m.putArray("datasets").addObject().put("path", "0");
        e = assertThrows(IllegalArgumentException.class, () -> Multiscale.read(attrs).letters());
        assertTrue(e.getMessage().contains("angle"), e.getMessage());
    }
}
