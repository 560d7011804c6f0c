package org.jcare.training.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The task of a model and its parameters, as stored in {@code config.json}: the task and the factor and PSF of the
 * training degradation in the jcare section ({@code "jcare": {"task": "isotropic", "task_factor": 4.0, "task_psf":
 * "psf.tif"}}), a projection network's parameters at the top level under CSBDeep's {@code ProjectionConfig} names
 * ({@code proj_*}). A config without them is a standard model, so older folders load as before.
 *
 * <p>Upsampling is along Z (CSBDeep's {@code UpsamplingCARE}) unless {@code task_axes} says otherwise: {@code "YX"}
 * makes a lateral upsampling model, whose input is zoomed along Y and X before the network (a model trained on
 * {@code jcare synth --upsample F} pairs, whose targets lie on a grid F times finer than the camera's).
 *
 * @param kind       the task
 * @param factor     isotropic/upsampling: the upsampling factor used at prediction (CSBDeep's {@code factor}
 *                   argument: for Z the ratio of axial to lateral pixel size); null when unknown (then prediction needs
 *                   one)
 * @param psf        isotropic/upsampling: where the training blur came from (a file name or a model description),
 *                   for the record; null when none
 * @param projection projection: the projection network; null for the other tasks
 * @param axes       upsampling: the axes zoomed by the factor, {@code "Z"} or {@code "YX"}; null means Z (jcare field
 *                   {@code task_axes}, written only when it is not Z)
 */
public record TaskSpec(TaskKind kind, Double factor, String psf, ProjectionParams projection, String axes) {
    /** The plain CARE task. */
    public static final TaskSpec STANDARD = new TaskSpec(TaskKind.STANDARD, null, null, null);

    /** The axes a lateral upsampling model zooms. */
    public static final String LATERAL = "YX";

    /** Requires a kind; Z upsampling is recorded as no axes. */
    public TaskSpec {
        if (kind == null) {
            throw new IllegalArgumentException("a task needs a kind");
        }
        if ("Z".equals(axes)) {
            axes = null;
        }
    }

    /** A task whose upsampling (if any) is along Z. */
    public TaskSpec(TaskKind kind, Double factor, String psf, ProjectionParams projection) {
        this(kind, factor, psf, projection, null);
    }

    /** Isotropic restoration with Z upsampled by {@code factor} at prediction. */
    public static TaskSpec isotropic(double factor, String psf) {
        return new TaskSpec(TaskKind.ISOTROPIC, factor, psf, null);
    }

    /** Axial upsampling by {@code factor}. */
    public static TaskSpec upsampling(double factor, String psf) {
        return new TaskSpec(TaskKind.UPSAMPLING, factor, psf, null);
    }

    /** Lateral upsampling (Y and X) by {@code factor}. */
    public static TaskSpec lateralUpsampling(double factor, String psf) {
        return new TaskSpec(TaskKind.UPSAMPLING, factor, psf, null, LATERAL);
    }

    /** The axes an upsampling model zooms: {@code "Z"} or {@code "YX"}. */
    public String upsampledAxes() {
        return axes == null ? "Z" : axes;
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
        return new TaskSpec(kind, f, psf, projection, axes);
    }

    /** This task with derived defaults filled in for a config with spatial axes {@code spatial}. */
    TaskSpec resolved(String spatial) {
        if (kind == TaskKind.PROJECTION) {
            return new TaskSpec(kind, factor, psf, (projection == null ? ProjectionParams.defaults() : projection)
                    .resolved(spatial), axes);
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
        if (axes != null && kind != TaskKind.UPSAMPLING) {
            bad.add(new Violation("jcare.task_axes", "'" + axes + "'", "only for the upsampling task"));
        } else if (axes != null && !axes.equals(LATERAL)) {
            bad.add(new Violation("jcare.task_axes", "'" + axes + "'", "Z (the default: CSBDeep's axial upsampling) or"
                    + " YX (lateral upsampling)"));
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
                if (axes == null && spatial != null && !spatial.equals("ZYX")) {
                    bad.add(new Violation("axes", "'" + spatial + "'", "ZYX: an upsampling model is a 3D network"));
                }
                if (axes != null && spatial != null && !spatial.endsWith("YX")) {
                    bad.add(new Violation("axes", "'" + spatial + "'", "YX or ZYX: a lateral upsampling model zooms Y"
                            + " and X"));
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
     * "task_psf": "psf.tif"}}, plus {@code "task_axes": "YX"} for lateral upsampling): how training data files record
     * the task they were made for.
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
                        + " task_psf, task_axes)"));
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
                    + (axes == null ? "" : " along " + axes) + (psf == null ? "" : ", psf " + psf) + ")";
            case PROJECTION -> "projection (" + projection + ")";
        };
    }
}
