package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.io.image.Calibration;

/**
 * The OME-NGFF {@code multiscales} metadata of an image group (versions 0.4 and 0.5; 0.1-0.3 are read): the axes with
 * their types and units, and per resolution level the array path and its coordinate transformations (scale, then an
 * optional translation), as physical size per pixel. In 0.4 the list sits in the group attributes as
 * {@code multiscales} with a {@code version} in each entry (Zarr v2); in 0.5 it sits under {@code ome} beside
 * {@code "version": "0.5"} (Zarr v3).
 *
 * @param version  "0.4" or "0.5" (older versions are read as they come)
 * @param name     the image's name, or ""
 * @param axes     one per array dimension, in array order (t, c, then z, y, x)
 * @param datasets the resolution levels, finest first
 */
public record Multiscale(String version, String name, List<Axis> axes, List<Dataset> datasets) {
    /** One axis: {@code name} (t, c, z, y, x), {@code type} (time, channel, space) and {@code unit} ("" if none). */
    public record Axis(String name, String type, String unit) {
    }

    /** One resolution level: its array path and, per axis, pixel size and offset in the axis' unit. */
    public record Dataset(String path, double[] scale, double[] translation) {
        @Override
        public double[] scale() {
            return scale.clone();
        }

        @Override
        public double[] translation() {
            return translation.clone();
        }
    }

    /** Copies the lists. */
    public Multiscale {
        axes = List.copyOf(axes);
        datasets = List.copyOf(datasets);
    }

    /**
     * Reads the first multiscale image of a group's attributes.
     *
     * @throws IllegalArgumentException naming the field when there is none or it is malformed
     */
    public static Multiscale read(JsonNode attrs) {
        JsonNode list = attrs.path("multiscales");
        String version = null;
        if (attrs.path("ome").isObject()) {
            list = attrs.path("ome").path("multiscales");
            version = attrs.path("ome").path("version").asText(null);
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("no OME-NGFF 'multiscales' in the group attributes; open the image's"
                    + " array (for example IMAGE.zarr/0) or give an OME-Zarr image group");
        }
        JsonNode m = list.get(0);
        if (version == null) {
            version = m.path("version").asText("0.4");
        }
        List<Axis> axes = new ArrayList<>();
        JsonNode ax = m.path("axes");
        if (ax.isArray()) {
            for (JsonNode a : ax) {
                if (a.isTextual()) {
                    // 0.3: axes are plain names
                    axes.add(new Axis(a.asText(), typeOf(a.asText()), ""));
                } else {
                    String n = a.path("name").asText();
                    axes.add(new Axis(n, a.path("type").asText(typeOf(n)), a.path("unit").asText("")));
                }
            }
        } else {
            // 0.1 and 0.2: always 5D, tczyx
            for (String n : new String[] {"t", "c", "z", "y", "x"}) {
                axes.add(new Axis(n, typeOf(n), ""));
            }
        }
        int rank = axes.size();
        double[] global = transform(m.path("coordinateTransformations"), "scale", rank, 1);
        double[] globalShift = transform(m.path("coordinateTransformations"), "translation", rank, 0);
        List<Dataset> datasets = new ArrayList<>();
        for (JsonNode d : m.path("datasets")) {
            double[] s = transform(d.path("coordinateTransformations"), "scale", rank, 1);
            double[] t = transform(d.path("coordinateTransformations"), "translation", rank, 0);
            for (int i = 0; i < rank; i++) {
                s[i] *= global[i];
                t[i] = t[i] * global[i] + globalShift[i];
            }
            datasets.add(new Dataset(d.path("path").asText(), s, t));
        }
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("the OME-NGFF multiscales entry lists no datasets");
        }
        return new Multiscale(version, m.path("name").asText(""), axes, datasets);
    }

    /**
     * A multiscale image of jcare axes {@code letters} (any subset of TCZYX in that order) with {@code levels} levels,
     * level {@code k} downsampled by {@code factors[k]} per axis from level 0 (by averaging blocks, so its pixels are
     * centred half a block further in), pixel sizes and units from {@code cal}.
     */
    public static Multiscale of(String version, String name, String letters, Calibration cal, long[][] factors) {
        List<Axis> axes = new ArrayList<>();
        double[] base = new double[letters.length()];
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            switch (c) {
                case 'T':
                    axes.add(new Axis("t", "time", cal.t() > 0 ? "second" : ""));
                    base[i] = cal.t() > 0 ? cal.t() : 1;
                    break;
                case 'C':
                    axes.add(new Axis("c", "channel", ""));
                    base[i] = 1;
                    break;
                default: {
                    double size = c == 'X' ? cal.x() : c == 'Y' ? cal.y() : cal.z();
                    String unit = size > 0 ? ngffLength(cal.unit()) : "";
                    axes.add(new Axis(String.valueOf(c).toLowerCase(Locale.ROOT), "space", unit));
                    base[i] = size > 0 ? size : 1;
                }
            }
        }
        List<Dataset> ds = new ArrayList<>();
        for (int k = 0; k < factors.length; k++) {
            double[] s = new double[base.length];
            double[] t = new double[base.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = base[i] * factors[k][i];
                t[i] = base[i] * (factors[k][i] - 1) / 2.0;
            }
            ds.add(new Dataset(String.valueOf(k), s, t));
        }
        return new Multiscale(version, name, axes, ds);
    }

    /** The group attributes holding this metadata (plus {@code extra} fields in the multiscale entry, or null). */
    public ObjectNode toAttributes(ObjectNode extra) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode m = f.objectNode();
        boolean v05 = version.startsWith("0.5");
        if (!v05) {
            m.put("version", version);
        }
        m.put("name", name);
        ArrayNode axs = m.putArray("axes");
        for (Axis a : axes) {
            ObjectNode n = axs.addObject().put("name", a.name()).put("type", a.type());
            if (!a.unit().isEmpty()) {
                n.put("unit", a.unit());
            }
        }
        ArrayNode dss = m.putArray("datasets");
        for (Dataset d : datasets) {
            ObjectNode n = dss.addObject().put("path", d.path());
            ArrayNode ct = n.putArray("coordinateTransformations");
            ObjectNode s = ct.addObject().put("type", "scale");
            ArrayNode sv = s.putArray("scale");
            Arrays.stream(d.scale).forEach(sv::add);
            if (Arrays.stream(d.translation).anyMatch(v -> v != 0)) {
                ObjectNode t = ct.addObject().put("type", "translation");
                ArrayNode tv = t.putArray("translation");
                Arrays.stream(d.translation).forEach(tv::add);
            }
        }
        m.put("type", "mean");
        if (extra != null) {
            m.set("metadata", extra);
        }
        ObjectNode attrs = f.objectNode();
        if (v05) {
            ObjectNode ome = attrs.putObject("ome");
            ome.put("version", version);
            ome.putArray("multiscales").add(m);
        } else {
            attrs.putArray("multiscales").add(m);
        }
        return attrs;
    }

    /**
     * The jcare axes letters of the axes (T, C, Z, Y, X by type and name).
     *
     * @throws IllegalArgumentException for an axis jcare has no letter for
     */
    public String letters() {
        StringBuilder sb = new StringBuilder();
        for (Axis a : axes) {
            String n = a.name().toLowerCase(Locale.ROOT);
            if ("time".equals(a.type()) || n.equals("t")) {
                sb.append('T');
            } else if ("channel".equals(a.type()) || n.equals("c")) {
                sb.append('C');
            } else if (n.equals("z") || n.equals("y") || n.equals("x")) {
                sb.append(Character.toUpperCase(n.charAt(0)));
            } else {
                throw new IllegalArgumentException("axis '" + a.name() + "' (type " + a.type() + ") has no jcare"
                        + " letter; jcare reads axes t, c, z, y, x");
            }
        }
        return sb.toString();
    }

    /** The pixel sizes of level 0 (lengths in the unit of X, frame interval in seconds). */
    public Calibration calibration() {
        String letters = letters();
        double[] s = datasets.get(0).scale;
        double x = 0;
        double y = 0;
        double z = 0;
        double t = 0;
        String unit = "";
        for (int i = 0; i < letters.length(); i++) {
            String u = axes.get(i).unit();
            switch (letters.charAt(i)) {
                case 'X':
                    x = u.isEmpty() ? 0 : s[i];
                    unit = jcareLength(u);
                    break;
                case 'Y':
                    y = u.isEmpty() ? 0 : s[i];
                    break;
                case 'Z':
                    z = u.isEmpty() ? 0 : s[i];
                    break;
                case 'T':
                    t = u.isEmpty() ? 0 : s[i] * secondsPer(u);
                    break;
                default:
                    break;
            }
        }
        return new Calibration(x, y, z, unit, t);
    }

    private static String typeOf(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "t": return "time";
            case "c": return "channel";
            default: return "space";
        }
    }

    private static double[] transform(JsonNode list, String type, int rank, double neutral) {
        double[] v = new double[rank];
        Arrays.fill(v, neutral);
        if (list.isArray()) {
            for (JsonNode t : list) {
                if (type.equals(t.path("type").asText()) && t.path(type).isArray()) {
                    JsonNode a = t.path(type);
                    if (a.size() != rank) {
                        throw new IllegalArgumentException("OME-NGFF " + type + " " + a + " has " + a.size()
                                + " entries for " + rank + " axes");
                    }
                    for (int i = 0; i < rank; i++) {
                        v[i] = a.get(i).asDouble();
                    }
                }
            }
        }
        return v;
    }

    /** The OME-NGFF (UDUNITS) name of a length unit as jcare and ImageJ write it; "" when unknown. */
    static String ngffLength(String unit) {
        if (unit == null) {
            return "";
        }
        switch (unit.trim()) {
            case "µm": case "\u03BCm": case "um": case "micron": case "microns": case "micrometer": case "micrometre":
                return "micrometer";
            case "nm": case "nanometer": case "nanometre": return "nanometer";
            case "mm": case "millimeter": return "millimeter";
            case "cm": case "centimeter": return "centimeter";
            case "m": case "meter": return "meter";
            case "Å": case "\u212B": case "angstrom": return "angstrom";
            default: return "";
        }
    }

    /** The jcare (ImageJ) spelling of an OME-NGFF length unit. */
    static String jcareLength(String ngff) {
        switch (ngff) {
            case "micrometer": return "µm";
            case "nanometer": return "nm";
            case "millimeter": return "mm";
            case "centimeter": return "cm";
            case "meter": return "m";
            case "angstrom": return "Å";
            default: return ngff;
        }
    }

    private static double secondsPer(String unit) {
        switch (unit) {
            case "second": return 1;
            case "millisecond": return 1e-3;
            case "microsecond": return 1e-6;
            case "nanosecond": return 1e-9;
            case "minute": return 60;
            case "hour": return 3600;
            case "day": return 86400;
            default: return 1;
        }
    }
}
