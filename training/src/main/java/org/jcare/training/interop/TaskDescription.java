package org.jcare.training.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.predict.PercentileNormalizer;

/**
 * What a Model Zoo package says about its model's task beyond the network. A model description (RDF) describes one
 * network applied to a tensor: the isotropic and upsampling tasks wrap their U-Net in steps it cannot express (the Z
 * factor, the zoom, the two rotated slice orientations and their geometric mean; CARE-MODES.md section 7.2), so the
 * package documents them in {@code documentation.md} and records them in {@code config.jcare.task} of
 * {@code rdf.yaml}, where jcare reads them back. A projection model's whole network is the ONNX graph; its section
 * says how the axes change.
 */
final class TaskDescription {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskDescription() {
    }

    /** The tags of the task (the Model Zoo's free keywords). */
    static List<String> tags(TaskSpec task) {
        return switch (task.kind()) {
            case STANDARD -> List.of("denoising");
            case ISOTROPIC -> List.of("isotropic-reconstruction", "axial-resolution");
            case UPSAMPLING -> List.of("axial-upsampling", "axial-resolution");
            case PROJECTION -> List.of("surface-projection", "denoising");
        };
    }

    /** {@code config.jcare.task}: the task, its parameters and the steps around the network, for consumers. */
    static ObjectNode json(TaskSpec task) {
        ObjectNode o = JSON.createObjectNode();
        o.put("task", task.kind().jsonName());
        if (task.kind().hasFactor()) {
            if (task.factor() != null) {
                o.put("factor", task.factor());
            } else {
                o.putNull("factor");
            }
            if (task.psf() != null) {
                o.put("psf", task.psf());
            }
        }
        o.put("network_only", task.kind().hasFactor());
        o.put("restoration", restoration(task));
        return o;
    }

    /** The "## Task" section of {@code documentation.md}. */
    static String markdown(TaskSpec task) {
        String n = "\n";
        String head = "## Task: " + task.kind().jsonName() + n + n;
        return switch (task.kind()) {
            case STANDARD -> head + "Standard CARE (pairs of low- and high-quality images of the same size): the"
                    + " network is the whole restoration." + n + n;
            case ISOTROPIC -> head + "This is the 2D network of an isotropic CARE model (CSBDeep's `IsotropicCARE`),"
                    + " trained on lateral (XY) slices of anisotropic stacks degraded along X as the axial direction is"
                    + " (PSF blur, subsampling by the factor, linear zoom back). " + factorText(task) + n + n
                    + "The package holds the network only: the factor and the steps around the network cannot be"
                    + " expressed in a Model Zoo description, so a consumer that runs this network on a tensor gets one"
                    + " slice's restoration, not the stack's. To restore a stack (Z, Y, X) as jcare and CSBDeep do:" + n
                    + n + "1. normalize the whole stack with percentiles " + PercentileNormalizer.DEFAULT_PMIN + " and "
                    + PercentileNormalizer.DEFAULT_PMAX + " per channel over Z, Y and X (the preprocessing above);" + n
                    + "2. upsample Z by the factor F with linear interpolation (`scipy.ndimage.zoom`, order 1:"
                    + " round(Z F) slices, slice k sampled at k (Z - 1) / (round(Z F) - 1));" + n
                    + "3. run the network on every YZ slice (one per X; rows Y, columns Z reversed) and on every XZ slice"
                    + " (one per Y; rows X, columns Z): Z always runs along the network's last axis, the axis degraded"
                    + " in training; pad each slice to the sizes above;" + n
                    + "4. combine the two restored stacks by the geometric mean of their values clipped at 0,"
                    + " sqrt(max(a, 0) max(b, 0)) (a probabilistic model's scales: the larger of the two);" + n
                    + "5. map back with the input's percentiles; the Z pixel size is the input's divided by F." + n + n
                    + "jcare does all of it, tiled: `jcare predict --model this-package.zip --input stack.tif --output"
                    + " restored/` (`--factor F` for stacks of another anisotropy)." + n + n;
            case UPSAMPLING -> head + "This is the 3D network of an axial upsampling model (CSBDeep's"
                    + " `UpsamplingCARE`), trained on stacks whose Z was subsampled by the factor and zoomed back"
                    + " linearly. " + factorText(task) + n + n
                    + "The package holds the network only: the factor and the zoom before it cannot be expressed in a"
                    + " Model Zoo description. To restore a stack with F times fewer slices as jcare and CSBDeep do:"
                    + n + n + "1. zoom the raw stack along Z by F with linear interpolation (`scipy.ndimage.zoom`,"
                    + " order 1, before any normalization);" + n
                    + "2. normalize and run this network on the zoomed stack as on any 3D CARE network (the"
                    + " preprocessing above); the Z pixel size is the input's divided by F." + n + n
                    + "jcare does both, tiled: `jcare predict --model this-package.zip --input stack.tif --output"
                    + " restored/` (`--factor F` for another factor)." + n + n;
            case PROJECTION -> head + "This is a projection model (CSBDeep's `ProjectionCARE`): the ONNX graph is the"
                    + " whole network, a 3D projection network whose per-voxel logits are turned into weights by a"
                    + " softmax over Z, the weighted sum of the input stack over Z (the surface), and the 2D CARE U-Net"
                    + " that restores it. Input `b c z y x` (the whole stack: Z is never tiled), output `b c y x`; tiles"
                    + " may split Y and X with the halo above." + n + n;
        };
    }

    private static String factorText(TaskSpec task) {
        return task.factor() == null ? "The model records no factor: give the ratio of the Z to the XY pixel size of"
                + " the stacks to restore." : String.format(Locale.ROOT, "Its factor F (axial / lateral pixel size of"
                + " the training stacks) is %s.", task.factor());
    }

    private static String restoration(TaskSpec task) {
        return switch (task.kind()) {
            case STANDARD -> "the network is the restoration";
            case ISOTROPIC -> "normalize the stack (percentiles over Z, Y, X), zoom Z by factor (linear), run the network"
                    + " on every YZ slice (Z reversed along the last axis) and every XZ slice (Z along the last axis),"
                    + " geometric mean of both clipped at 0, undo the normalization; Z pixel size / factor";
            case UPSAMPLING -> "zoom the raw stack along Z by factor (linear), normalize, run the network; Z pixel size"
                    + " / factor";
            case PROJECTION -> "the network is the restoration: a stack (whole Z) in, its restored surface (Y, X) out";
        };
    }
}
