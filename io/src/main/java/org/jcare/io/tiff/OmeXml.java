package org.jcare.io.tiff;

import java.io.StringReader;
import java.util.Arrays;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.ImageFileException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The OME-XML of an OME-TIFF's first ImageDescription: sizes, DimensionOrder, physical sizes and the mapping of IFDs
 * to planes ({@code TiffData}). Only the first Image is read, and only single-file OME-TIFF (every plane in this file).
 */
final class OmeXml {
    private OmeXml() {
    }

    /** True when {@code description} holds OME-XML. */
    static boolean matches(String description) {
        if (description == null) {
            return false;
        }
        String head = description.stripLeading();
        return (head.startsWith("<?xml") || head.startsWith("<OME")) && description.contains("<OME");
    }

    /**
     * The stack layout described by the OME-XML, checked against the file: sizes X and Y must match the IFDs and every
     * plane must have an IFD.
     */
    static StackLayout layout(TiffStructure s, String xml, int decodedPlanes, int samples) throws ImageFileException {
        Element pixels = pixels(s, xml);
        int sx = size(s, pixels, "SizeX");
        int sy = size(s, pixels, "SizeY");
        int sz = size(s, pixels, "SizeZ");
        int sc = size(s, pixels, "SizeC");
        int st = size(s, pixels, "SizeT");
        TiffStructure.Page first = s.pages.get(0);
        if (sx != first.width() || sy != first.height()) {
            throw new ImageFileException(s.file, "OME-XML says SizeX=" + sx + " SizeY=" + sy + " but the TIFF pages are "
                    + first.width() + "x" + first.height() + "; the metadata does not describe this file");
        }
        String order = pixels.getAttribute("DimensionOrder").toUpperCase(Locale.ROOT);
        if (order.length() != 5 || !order.startsWith("XY") || !containsAll(order, "ZCT")) {
            throw new ImageFileException(s.file, "OME-XML DimensionOrder '" + order + "' is not one of XYZCT, XYZTC, "
                    + "XYCZT, XYCTZ, XYTZC, XYTCZ");
        }
        int c = sc;
        if (samples > 1) {
            // RGB pixels: the samples of a pixel are the channels; the IFDs enumerate Z and T only.
            if (sc != samples) {
                throw new ImageFileException(s.file, "OME-XML SizeC=" + sc + " with " + samples
                        + " samples per pixel is not supported; only RGB images with SizeC=" + samples + " are");
            }
            c = 1;
        }
        int planes = sz * c * st;
        int[] ifdOfPlane = ifdOfPlane(s, pixels, order, sz, c, st);
        int pages = decodedPlanes / samples;
        int[] map = new int[st * sz * sc];
        for (int t = 0; t < st; t++) {
            for (int z = 0; z < sz; z++) {
                for (int ch = 0; ch < sc; ch++) {
                    int cPlane = samples > 1 ? 0 : ch;
                    int ifd = ifdOfPlane[index(order, z, cPlane, t, sz, c, st)];
                    if (ifd < 0 || ifd >= pages) {
                        throw new ImageFileException(s.file, "OME-XML maps plane (t=" + t + ", z=" + z + ", c=" + ch
                                + ") to IFD " + ifd + " but the file has " + pages + " pages; multi-file OME-TIFF "
                                + "filesets are not supported, open the file that holds all " + planes + " planes");
                    }
                    map[(t * sz + z) * sc + ch] = samples > 1 ? ifd * samples + ch : ifd;
                }
            }
        }
        return new StackLayout(st, sz, sc, map, calibration(pixels), "OME");
    }

    private static Element pixels(TiffStructure s, String xml) throws ImageFileException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // Metadata from a file is untrusted: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new InputSource(new StringReader(xml.trim())));
        } catch (Exception e) {
            throw new ImageFileException(s.file, "its OME-XML description cannot be parsed", e);
        }
        NodeList list = doc.getElementsByTagNameNS("*", "Pixels");
        if (list.getLength() == 0) {
            throw new ImageFileException(s.file, "its OME-XML has no Image/Pixels element");
        }
        return (Element) list.item(0);
    }

    /** The IFD of each plane, planes numbered in DimensionOrder (first letter after XY fastest). */
    private static int[] ifdOfPlane(TiffStructure s, Element pixels, String order, int sz, int sc, int st)
            throws ImageFileException {
        int n = sz * sc * st;
        int[] ifd = new int[n];
        NodeList tiffData = pixels.getElementsByTagNameNS("*", "TiffData");
        if (tiffData.getLength() == 0) {
            for (int i = 0; i < n; i++) {
                ifd[i] = i;
            }
            return ifd;
        }
        Arrays.fill(ifd, -1);
        for (int k = 0; k < tiffData.getLength(); k++) {
            Element td = (Element) tiffData.item(k);
            NodeList uuid = td.getElementsByTagNameNS("*", "UUID");
            if (uuid.getLength() > 0) {
                String name = ((Element) uuid.item(0)).getAttribute("FileName");
                if (!name.isEmpty() && !name.equals(String.valueOf(s.file.getFileName()))) {
                    throw new ImageFileException(s.file, "is part of a multi-file OME-TIFF (planes in " + name
                            + "), which is not supported; combine the files into one, e.g. in Fiji");
                }
            }
            int first = intAttr(s, td, "IFD", 0);
            int fz = intAttr(s, td, "FirstZ", 0);
            int fc = intAttr(s, td, "FirstC", 0);
            int ft = intAttr(s, td, "FirstT", 0);
            int start = index(order, fz, fc, ft, sz, sc, st);
            int count = intAttr(s, td, "PlaneCount", td.hasAttribute("IFD") || tiffData.getLength() > 1 ? 1 : n - start);
            for (int i = 0; i < count && start + i < n; i++) {
                ifd[start + i] = first + i;
            }
        }
        return ifd;
    }

    private static int index(String order, int z, int c, int t, int sz, int sc, int st) {
        int idx = 0;
        int stride = 1;
        for (int i = 2; i < 5; i++) {
            char a = order.charAt(i);
            int v = a == 'Z' ? z : a == 'C' ? c : t;
            int size = a == 'Z' ? sz : a == 'C' ? sc : st;
            idx += v * stride;
            stride *= size;
        }
        return idx;
    }

    private static Calibration calibration(Element px) {
        String unit = px.hasAttribute("PhysicalSizeXUnit") ? px.getAttribute("PhysicalSizeXUnit") : "µm";
        double x = number(px, "PhysicalSizeX");
        double y = Units.convertLength(number(px, "PhysicalSizeY"), unitOf(px, "PhysicalSizeYUnit"), unit);
        double z = Units.convertLength(number(px, "PhysicalSizeZ"), unitOf(px, "PhysicalSizeZUnit"), unit);
        double t = number(px, "TimeIncrement");
        double perSecond = Units.seconds(px.hasAttribute("TimeIncrementUnit") ? px.getAttribute("TimeIncrementUnit") : "s");
        if (t > 0 && !Double.isNaN(perSecond)) {
            t *= perSecond;
        }
        if (x <= 0) {
            return new Calibration(0, 0, 0, "", t);
        }
        return new Calibration(x, y > 0 ? y : x, z, unit, t);
    }

    private static String unitOf(Element px, String attr) {
        return px.hasAttribute(attr) ? px.getAttribute(attr) : "µm";
    }

    private static double number(Element e, String attr) {
        if (!e.hasAttribute(attr)) {
            return 0;
        }
        try {
            double v = Double.parseDouble(e.getAttribute(attr).trim());
            return v > 0 && Double.isFinite(v) ? v : 0;
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static int size(TiffStructure s, Element px, String attr) throws ImageFileException {
        int v = intAttr(s, px, attr, -1);
        if (v < 1) {
            throw new ImageFileException(s.file, "its OME-XML Pixels element lacks a positive " + attr);
        }
        return v;
    }

    private static int intAttr(TiffStructure s, Element e, String attr, int fallback) throws ImageFileException {
        if (!e.hasAttribute(attr)) {
            return fallback;
        }
        try {
            return Integer.parseInt(e.getAttribute(attr).trim());
        } catch (NumberFormatException ex) {
            throw new ImageFileException(s.file, "its OME-XML attribute " + attr + "='" + e.getAttribute(attr)
                    + "' is not an integer");
        }
    }

    private static boolean containsAll(String s, String letters) {
        for (char c : letters.toCharArray()) {
            if (s.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
