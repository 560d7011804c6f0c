package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmeXmlTest {
    @TempDir
    Path dir;

    private static String ome(String order, String extraAttrs, String tiffData) {
        return "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><Image ID=\"I\">"
                + "<Pixels ID=\"P\" DimensionOrder=\"" + order + "\" Type=\"uint8\" SizeX=\"2\" SizeY=\"2\" SizeZ=\"2\""
                + " SizeC=\"3\" SizeT=\"1\"" + extraAttrs + ">" + tiffData + "</Pixels></Image></OME>";
    }

    private TiffStructure sixPages(String xml) throws Exception {
        return TiffStructure.read(TiffFixtures.raw(dir.resolve("o.ome.tif"), 2, 2, 8, 1,
                Collections.nCopies(6, new byte[4]), xml, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void mapsPlanesByDimensionOrderAndTiffData() throws Exception {
        String xml = ome("XYZCT", "", "");
        assertTrue(OmeXml.matches(xml));
        assertFalse(OmeXml.matches("ImageJ=1.54"));
        StackLayout l = OmeXml.layout(sixPages(xml), xml, 6, 1);
        // XYZCT: Z fastest. Plane (t=0, z=1, c=2) is IFD z + 2 * c = 5.
        assertEquals(5, l.planeOf()[(0 * 2 + 1) * 3 + 2]);
        String explicit = ome("XYCZT", "", "<TiffData IFD=\"5\" FirstC=\"0\" FirstZ=\"0\" PlaneCount=\"1\"/>"
                + "<TiffData IFD=\"0\" FirstC=\"1\" FirstZ=\"0\" PlaneCount=\"5\"/>");
        StackLayout e = OmeXml.layout(sixPages(explicit), explicit, 6, 1);
        assertEquals(5, e.planeOf()[0]);
        assertEquals(0, e.planeOf()[1]);
        assertEquals(4, e.planeOf()[5]);
        assertEquals(0, e.calibration().x(), "no physical size: unknown");
    }

    @Test
    void rejectsMultiFileSetsWrongSizesAndBadXml() throws Exception {
        String multi = ome("XYZCT", "", "<TiffData IFD=\"0\" PlaneCount=\"6\"><UUID FileName=\"other.ome.tif\">u</UUID>"
                + "</TiffData>");
        ImageFileException m = assertThrows(ImageFileException.class,
                () -> OmeXml.layout(sixPages(multi), multi, 6, 1));
        assertTrue(m.getMessage().contains("multi-file"), m.getMessage());
        String big = ome("XYZCT", "", "").replace("SizeX=\"2\"", "SizeX=\"7\"");
        assertThrows(ImageFileException.class, () -> OmeXml.layout(sixPages(big), big, 6, 1));
        String order = ome("XYZZT", "", "");
        assertThrows(ImageFileException.class, () -> OmeXml.layout(sixPages(order), order, 6, 1));
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><OME>&e;</OME>";
        assertThrows(ImageFileException.class, () -> OmeXml.layout(sixPages(entity), entity, 6, 1));
    }
}
