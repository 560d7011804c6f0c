package org.jcare.training.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;

/**
 * The PyTorch CARE U-Net of {@code bench/pytorch/care_unet.py} ({@code CareUNet(n_dim, c_in, c_out, depth, kern,
 * n_first, residual, prob)}) as the Model Zoo's {@code pytorch_state_dict} architecture: its keyword arguments for a
 * {@link UNetLayout}, and back. Its module names are jcare's layer names, so its state dict is jcare's tensors.
 */
final class TorchArchitecture {
    /** The architecture's class in care_unet.py. */
    static final String CALLABLE = "CareUNet";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TorchArchitecture() {
    }

    /** Whether CareUNet builds this network: one kernel size on every axis, pooling by 2, a linear last layer. */
    static boolean expresses(UNetLayout l) {
        return Arrays.stream(l.kernelSize()).distinct().count() == 1 && Arrays.stream(l.poolFactors()).allMatch(f -> f == 2)
                && !l.lastActivationRelu();
    }

    /** CareUNet's keyword arguments. */
    static ObjectNode kwargs(UNetLayout l) {
        ObjectNode k = JSON.createObjectNode();
        k.put("n_dim", l.nDim()).put("c_in", l.channelsIn()).put("c_out", l.channelsOut()).put("depth", l.depth())
                .put("kern", l.kernelSize()[0]).put("n_first", l.firstFilters()).put("residual", l.residual())
                .put("prob", l.probabilistic());
        return k;
    }

    /** The network of CareUNet's keyword arguments (with care_unet.py's defaults). */
    static UNetLayout fromKwargs(JsonNode k) {
        int nDim = k.path("n_dim").asInt(2);
        int[] ks = new int[nDim];
        int[] pool = new int[nDim];
        Arrays.fill(ks, k.path("kern").asInt(3));
        Arrays.fill(pool, 2);
        return new UNetLayout(nDim, k.path("c_in").asInt(1), k.path("c_out").asInt(1), k.path("depth").asInt(2), ks,
                k.path("n_first").asInt(32), k.path("residual").asBoolean(true), k.path("prob").asBoolean(false),
                false, pool);
    }

    /** The tensors in CareUNet's module order (its state dict's order). */
    static Map<String, TensorData> ordered(UNetLayout l, Map<String, TensorData> tensors) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (UNetLayout.Conv c : l.convs()) {
            out.put(c.name() + ".weight", tensors.get(c.name() + ".weight"));
            out.put(c.name() + ".bias", tensors.get(c.name() + ".bias"));
        }
        return out;
    }
}
