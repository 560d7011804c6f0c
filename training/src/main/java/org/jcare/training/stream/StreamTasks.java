package org.jcare.training.stream;

import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskKind;

/**
 * Which models a streamed restoration (OME-Zarr output, {@code --resume}, Spark) can run, and what it does for each
 * task: a standard model restores the volume as it is; an upsampling model restores the volume zoomed along Z by its
 * factor ({@link AxialZoomVolume}: zoom, then the standard restoration, as {@code UpsamplingPredictor} does in memory);
 * isotropic models (which restore YZ and XZ slices of the whole upsampled stack) and projection models (whose tiles
 * hold the whole Z extent and whose output has no Z) are refused with a message naming the in-memory path.
 */
public final class StreamTasks {
    private StreamTasks() {
    }

    /**
     * The Z zoom applied to the input before the network: 0 (none) for standard models, the factor for upsampling
     * models ({@code factor} when given, else the one the model records).
     *
     * @throws IllegalArgumentException for isotropic and projection models, for a factor given to a model of another
     *                                  task, and for an upsampling model without a known factor
     */
    public static double inputZoom(CareConfig config, Double factor) {
        TaskKind kind = config.task().kind();
        if (kind == TaskKind.ISOTROPIC || kind == TaskKind.PROJECTION) {
            throw new IllegalArgumentException("streamed restoration (Zarr input or output, --resume, --spark) runs"
                    + " standard and upsampling models; this is a " + kind.jsonName() + " model: restore TIFF images"
                    + " with --output-format tiff (read whole, in memory)");
        }
        if (factor != null && kind != TaskKind.UPSAMPLING) {
            throw new IllegalArgumentException("--factor applies to isotropic and upsampling models; this model's task"
                    + " is " + kind.jsonName());
        }
        if (kind == TaskKind.STANDARD) {
            return 0;
        }
        Double f = factor != null ? factor : config.task().factor();
        if (f == null) {
            throw new IllegalArgumentException("this upsampling model records no Z factor (jcare.task_factor in"
                    + " config.json): give one with --factor (the ratio of Z to XY pixel size)");
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("--factor must be a finite number > 0, got " + f);
        }
        return f;
    }
}
