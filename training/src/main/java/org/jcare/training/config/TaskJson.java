package org.jcare.training.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The task's part of {@code config.json} for {@link CareConfigJson}: CSBDeep's {@code ProjectionConfig} fields at the
 * top level ({@code proj_axis}, {@code proj_n_depth}, {@code proj_n_filt}, {@code proj_n_conv_per_depth},
 * {@code proj_kern}, {@code proj_pool}, written after CSBDeep's {@code Config} fields as CSBDeep does), and the jcare
 * fields {@code task}, {@code task_factor}, {@code task_psf} (and {@code task_axes} for lateral upsampling) in the
 * {@code "jcare"} section. A CSBDeep projection
 * config (proj_* fields, no jcare section) loads as a projection model; a config with none of these is standard.
 */
final class TaskJson {
    private TaskJson() {
    }

    /** Reads the task fields of one file, then {@link #build()} makes the task. Mistyped values become violations. */
    static final class Collector {
        private final Consumer<Violation> bad;
        private String task;
        private Double factor;
        private String psf;
        private String axes;
        private boolean anyProj;
        private String axis = ProjectionParams.defaults().axis();
        private int nDepth = ProjectionParams.defaults().nDepth();
        private int nFilt = ProjectionParams.defaults().nFilt();
        private int nConv = ProjectionParams.defaults().nConvPerDepth();
        private int[] kern;
        private int[] pool;

        Collector(Consumer<Violation> bad) {
            this.bad = bad;
        }

        /** Takes a top-level field if it is a proj_* field; false otherwise. */
        boolean top(String k, JsonNode v) {
            switch (k) {
                case "proj_axis" -> axis = text(k, v);
                case "proj_n_depth" -> nDepth = integer(k, v);
                case "proj_n_filt" -> nFilt = integer(k, v);
                case "proj_n_conv_per_depth" -> nConv = integer(k, v);
                case "proj_kern" -> kern = ints(k, v);
                case "proj_pool" -> pool = ints(k, v);
                default -> {
                    return false;
                }
            }
            anyProj = true;
            return true;
        }

        /** Takes a key of the jcare section if it is a task field; false otherwise. */
        boolean jcare(String k, JsonNode v) {
            switch (k) {
                case "task" -> task = v.isNull() ? null : text("jcare.task", v);
                case "task_factor" -> {
                    if (v.isNull()) {
                        factor = null;
                    } else if (v.isNumber()) {
                        factor = v.asDouble();
                    } else {
                        bad.accept(new Violation("jcare.task_factor", v.toString(), "a number or null"));
                    }
                }
                case "task_psf" -> psf = v.isNull() ? null : text("jcare.task_psf", v);
                case "task_axes" -> axes = v.isNull() ? null : text("jcare.task_axes", v);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** The task these fields describe. */
        TaskSpec build() {
            TaskKind kind = TaskKind.STANDARD;
            if (task != null) {
                try {
                    kind = TaskKind.parse(task);
                } catch (IllegalArgumentException e) {
                    bad.accept(new Violation("jcare.task", "'" + task + "'", "one of standard, isotropic, upsampling,"
                            + " projection"));
                }
            } else if (anyProj) {
                kind = TaskKind.PROJECTION; // a CSBDeep ProjectionConfig
            }
            ProjectionParams p = anyProj || kind == TaskKind.PROJECTION
                    ? new ProjectionParams(axis, nDepth, nFilt, nConv, kern, pool) : null;
            return new TaskSpec(kind, factor, psf, p, axes);
        }

        private String text(String k, JsonNode v) {
            if (v.isTextual()) {
                return v.textValue();
            }
            bad.accept(new Violation(k, v.toString(), "a string"));
            return null;
        }

        private int integer(String k, JsonNode v) {
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                return v.intValue();
            }
            bad.accept(new Violation(k, v.toString(), "an integer"));
            return 1;
        }

        private int[] ints(String k, JsonNode v) {
            if (v.isArray()) {
                int[] out = new int[v.size()];
                boolean ok = true;
                for (int i = 0; i < out.length; i++) {
                    ok &= v.get(i).isIntegralNumber() && v.get(i).canConvertToInt();
                    out[i] = v.get(i).intValue();
                }
                if (ok) {
                    return out;
                }
            }
            bad.accept(new Violation(k, v.toString(), "a list of three integers, one per spatial axis"));
            return null;
        }
    }

    /** Writes a projection model's proj_* fields (in CSBDeep's order) after the other top-level fields. */
    static void writeTop(ObjectNode o, TaskSpec t) {
        ProjectionParams p = t.projection();
        if (t.kind() != TaskKind.PROJECTION || p == null) {
            return;
        }
        o.put("proj_axis", p.axis());
        o.put("proj_n_depth", p.nDepth());
        o.put("proj_n_filt", p.nFilt());
        o.put("proj_n_conv_per_depth", p.nConvPerDepth());
        ArrayNode k = o.putArray("proj_kern");
        for (int v : p.kern()) {
            k.add(v);
        }
        ArrayNode pool = o.putArray("proj_pool");
        for (int v : p.pool()) {
            pool.add(v);
        }
    }

    /** Writes the jcare task fields (nothing for a standard model, so its config is as before). */
    static void writeJcare(ObjectNode j, TaskSpec t) {
        if (t.isStandard()) {
            return;
        }
        j.put("task", t.kind().jsonName());
        if (t.factor() != null) {
            j.put("task_factor", t.factor());
        }
        if (t.psf() != null) {
            j.put("task_psf", t.psf());
        }
        if (t.axes() != null) {
            j.put("task_axes", t.axes());
        }
    }
}
