package org.jcare.training.interop;

import java.util.Arrays;
import java.util.Optional;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.onnx.OnnxExport;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.predict.PercentileNormalizer;

/** The {@code documentation.md} of a Model Zoo package written by jcare. */
final class Documentation {
    private Documentation() {
    }

    /**
     * The documentation of a package.
     *
     * @param halo per input axis ({@code z} of a projection stack included)
     * @param div  size multiples per input axis
     */
    static String markdown(BmzExport.Options o, TaskSpec task, UNetLayout l, Optional<ProjectionLayout> projection,
                           boolean torch, int[] halo, int[] div) {
        String n = "\n";
        String in = projection.isPresent() || l.nDim() == 3 ? "z " : "";
        String out = l.nDim() == 3 ? "z " : "";
        return "# " + o.name() + n + n
                + o.description() + n + n
                + "A CARE network (Weigert et al., Nature Methods 2018, doi:10.1038/s41592-018-0216-7) trained and"
                + " exported with jcare. Network: " + projection.map(p -> p + ", then ").orElse("") + l
                + " (CSBDeep's `custom_unet`: two convolutions with ReLU per"
                + " level, 2x max-pooling, nearest upsampling, concatenation [upsampled, skip], a 1x1 head"
                + (l.residual() ? ", the input added to the output" : "")
                + (l.probabilistic() ? ", and a softplus + 1e-3 scale head: outputs are the means, then the scales"
                        + " of a per-pixel Laplace distribution" : "") + ")." + n + n
                + TaskDescription.markdown(task)
                + "## Inputs and outputs" + n + n
                + "- input `b c " + in + "y x`, " + l.channelsIn() + " channel(s), spatial sizes"
                + " multiples of " + Arrays.toString(div) + " (the Model Zoo size `min`/`step`);"
                + " pad other sizes (jcare and CSBDeep pad by reflection)." + n
                + "- output `b c " + out + "y x`: the same " + (in.equals(out) ? "spatial size" : "Y and X (Z is"
                + " projected away)") + ", " + l.outputChannels() + " channel(s); a halo of "
                + Arrays.toString(halo) + " pixels (the network's receptive field) is to be cropped when tiling." + n + n
                + "## Normalization" + n + n
                + "Preprocessing is `scale_range` per sample and channel over the spatial axes, percentiles "
                + PercentileNormalizer.DEFAULT_PMIN + " and " + PercentileNormalizer.DEFAULT_PMAX + ", eps 1e-20:"
                + " exactly the percentile normalization of jcare and CSBDeep (numpy's linear percentiles)." + n + n
                + "Difference: jcare (like CSBDeep's `PercentileNormalizer`) maps the output back to the input's"
                + " intensities with the input's percentiles when input and output channels match"
                + " (`out * (p_high - p_low) + p_low`). The Model Zoo spec has no postprocessing that uses another"
                + " tensor's percentiles this way, so this package's outputs stay in normalized units, as the network"
                + " computes them." + n + n
                + "## Weights" + n + n
                + "- `weights.onnx`: ONNX opset " + OnnxExport.OPSET + ", dynamic batch and spatial sizes." + n
                + (torch ? "- `weights.pt`: the same weights as a PyTorch state dict for `CareUNet` in `care_unet.py`"
                        + " (loads with `torch.load(weights_only=True)`)." + n : "")
                + n + "# Validation" + n + n
                + "The test output is jcare's restoration of the test input after the preprocessing above; jcare's"
                + " tests reproduce it with the ONNX weights in onnxruntime. To restore with jcare:"
                + " `jcare predict --model this-package.zip --input image.tif --output restored/`." + n;
    }
}
