package org.jcare.training.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The task of a model and its parameters, as stored in {@code config.json}: the task and the factor and PSF of the
 * training degradation in the jcare section ({@code "jcare": {"task": "isotropic", "task_factor": 4.0, "task_psf":
 * "psf.tif"}}), a projection network's parameters at the top level under CSBDeep's {@code ProjectionConfig} names
 * ({@code proj_*}). A config without them is a standard model, so older folders load as before.
 *
 * @param kind       the task
 * @param factor     isotropic/upsampling: the Z upsampling factor used at prediction (CSBDeep's {@code factor}
 *                   argument, the ratio of axial to lateral pixel size); null when unknown (then prediction needs one)
 * @param psf        isotropic/upsampling: where the training blur came from (a file name or a model description),
 *                   for the record; null when none
 * @param projection projection: the projection network; null for the other tasks
 */
public record TaskSpec(TaskKind kind, Double factor, String psf, ProjectionParams projection) {
    /** The plain CARE task. */
    public static final TaskSpec STANDARD = new TaskSpec(TaskKind.STANDARD, null, null, null);

    /** Requires a kind. */
    public TaskSpec {
        if (kind == null) {
            throw new IllegalArgumentException("a task needs a kind");
        }
    }

    /** Isotropic restoration with Z upsampled by {@code factor} at prediction. */
    public static TaskSpec isotropic(double factor, String psf) {
        return new TaskSpec(TaskKind.ISOTROPIC, factor, psf, null);
    }

    /** Axial upsampling by {@code factor}. */
    public static TaskSpec upsampling(double factor, String psf) {
        return new TaskSpec(TaskKind.UPSAMPLING, factor, psf, null);
    }

    /** Projection with CSBDeep's default projection network. */
    public static TaskSpec projectionDefaults() {
        return ofProjection(ProjectionParams.defaults());
    }

    /** Projection with the given projection network. */
    public static TaskSpec ofProjection(ProjectionParams p) {
        return new TaskSpec(TaskKind.PROJECTION, null, null, p);
    }

    /** True for the standard task. */
    public boolean isStandard() {
        return kind == TaskKind.STANDARD;
    }

    /** This task with another factor (isotropic, upsampling). */
    public TaskSpec withFactor(Double f) {
        return new TaskSpec(kind, f, psf, projection);
    }

    /** This task with derived defaults filled in for a config with spatial axes {@code spatial}. */
    TaskSpec resolved(String spatial) {
        if (kind == TaskKind.PROJECTION) {
            return new TaskSpec(kind, factor, psf, (projection == null ? ProjectionParams.defaults() : projection)
                    .resolved(spatial));
        }
        return this;
    }

    /** Every problem with this task for a config with spatial axes {@code spatial} (null when the axes are invalid). */
    List<Violation> violations(String spatial) {
        List<Violation> bad = new ArrayList<>();
        if (factor != null && !kind.hasFactor()) {
            bad.add(new Violation("jcare.task_factor", String.valueOf(factor), "only for the isotropic and upsampling"
                    + " tasks (this model's task is " + kind.jsonName() + ")"));
        }
        if (factor != null && !(factor > 0 && Double.isFinite(factor))) {
            bad.add(new Violation("jcare.task_factor", String.valueOf(factor), "a finite number > 0: the Z"
                    + " upsampling factor (axial / lateral pixel size)"));
        }
        if (psf != null && !kind.hasFactor()) {
            bad.add(new Violation("jcare.task_psf", "'" + psf + "'", "only for the isotropic and upsampling tasks"));
        }
        if (projection != null && kind != TaskKind.PROJECTION) {
            bad.add(new Violation("proj_n_depth", String.valueOf(projection.nDepth()), "proj_* fields belong to a"
                    + " projection model, but jcare.task is " + kind.jsonName()));
        }
        switch (kind) {
            case ISOTROPIC -> {
                if (spatial != null && !spatial.equals("YX")) {
                    bad.add(new Violation("axes", "'" + spatial + "'", "YX: an isotropic model is a 2D network"
                            + " applied to the YZ and XZ slices of a stack"));
                }
            }
            case UPSAMPLING -> {
                if (spatial != null && !spatial.equals("ZYX")) {
                    bad.add(new Violation("axes", "'" + spatial + "'", "ZYX: an upsampling model is a 3D network"));
                }
            }
            case PROJECTION -> bad.addAll((projection == null ? ProjectionParams.defaults() : projection)
                    .violations(spatial));
            default -> { }
        }
        return bad;
    }

    /**
     * The task as a small JSON object with the jcare field names ({@code {"task": "isotropic", "task_factor": 4.0,
     * "task_psf": "psf.tif"}}): how training data files record the task they were made for.
     */
    public String toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode o = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode();
        o.put("task", kind.jsonName());
        TaskJson.writeJcare(o, this);
        return o.toString();
    }

    /**
     * The task of {@link #toJson()} text.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TaskSpec fromJson(String json) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("task is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("task must be a JSON object, got " + json);
        }
        List<Violation> bad = new ArrayList<>();
        TaskJson.Collector c = new TaskJson.Collector(bad::add);
        root.properties().forEach(e -> {
            if (!c.jcare(e.getKey(), e.getValue())) {
                bad.add(new Violation(e.getKey(), e.getValue().toString(), "not a task field (task, task_factor,"
                        + " task_psf)"));
            }
        });
        TaskSpec t = c.build();
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("invalid task " + json + ": " + bad);
        }
        return t;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STANDARD -> "standard";
            case ISOTROPIC, UPSAMPLING -> kind.jsonName() + " (factor " + (factor == null ? "from --factor" : factor)
                    + (psf == null ? "" : ", psf " + psf) + ")";
            case PROJECTION -> "projection (" + projection + ")";
        };
    }
}
