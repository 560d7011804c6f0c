package org.jcare.training.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;
import org.jcare.io.model.bmz.BmzPackage;
import org.jcare.io.model.onnx.OnnxWeights;
import org.jcare.io.model.torch.TorchStateDict;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;

/**
 * A BioImage Model Zoo package that holds a CARE U-Net, as a jcare model: the packages jcare exports
 * ({@link BmzExport}: the jcare config travels in {@code config.jcare.config}) and any package whose
 * {@code pytorch_state_dict} architecture is {@code CareUNet} of {@code care_unet.py} (the config is rebuilt from its
 * keyword arguments). Weights come from the ONNX file when the package has one (initializers named as jcare's
 * tensors), else from the state dict. Packages of other architectures are refused with a message naming them.
 */
public final class BmzImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BmzImport() {
    }

    /** True when {@code path} is a Model Zoo package (zip or folder with rdf.yaml / bioimageio.yaml). */
    public static boolean isPackage(Path path) {
        return BmzPackage.isPackage(path);
    }

    /**
     * Reads the CARE U-Net of a Model Zoo package.
     *
     * @throws FileFormatException naming the package when it holds no CARE U-Net or its weights do not fit
     */
    public static ModelFiles read(Path path) throws FileFormatException {
        BmzPackage.Content c = BmzPackage.read(path);
        JsonNode rdf = c.rdf();
        if (!"model".equals(rdf.path("type").asText())) {
            throw new FileFormatException(path, "is a Model Zoo " + rdf.path("type").asText("resource")
                    + ", not a model");
        }
        JsonNode weights = rdf.path("weights");
        JsonNode arch = weights.path("pytorch_state_dict").path("architecture");
        JsonNode jcareConfig = rdf.path("config").path("jcare").path("config");
        CareConfig config;
        try {
            if (jcareConfig.isObject()) {
                config = CareConfigJson.parse(jcareConfig.toString(), path + " (config.jcare.config)");
            } else if (TorchArchitecture.CALLABLE.equals(arch.path("callable").asText())) {
                config = configOf(TorchArchitecture.fromKwargs(arch.path("kwargs")));
            } else {
                throw new FileFormatException(path, "holds a model that is not a CARE U-Net (" + describe(rdf, weights)
                        + "); jcare restores CARE U-Nets only: packages it exported, or with the pytorch_state_dict"
                        + " architecture CareUNet of care_unet.py");
            }
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new FileFormatException(path, "has a CARE config jcare cannot use: " + e.getMessage());
        }
        SortedMap<String, TensorData> tensors = tensors(path, c, weights);
        for (UNetLayout.Conv conv : Layouts.convs(config)) {
            for (String suffix : new String[] {".weight", ".bias"}) {
                if (!tensors.containsKey(conv.name() + suffix)) {
                    throw new FileFormatException(path, "weights lack " + conv.name() + suffix + ", which the CARE"
                            + " network of its description (" + Layouts.unet(config) + Layouts.projection(config)
                            .map(p -> " after a " + p).orElse("") + ") needs: the package holds another network");
                }
            }
        }
        ObjectNode json;
        try {
            json = (ObjectNode) JSON.readTree(CareConfigJson.toJson(config));
        } catch (IOException e) {
            throw new IllegalStateException("jcare's own config JSON did not parse", e);
        }
        return ModelFiles.of(json, tensors);
    }

    private static SortedMap<String, TensorData> tensors(Path path, BmzPackage.Content c, JsonNode weights)
            throws FileFormatException {
        if (weights.has("onnx")) {
            String src = weights.path("onnx").path("source").asText();
            byte[] b = file(path, c, src);
            return OnnxWeights.read(OnnxWeights.parse(b, path.resolve(src)), path.resolve(src));
        }
        if (weights.has("pytorch_state_dict")) {
            String src = weights.path("pytorch_state_dict").path("source").asText();
            Map<String, TensorData> t = TorchStateDict.read(file(path, c, src), path.resolve(src));
            return new TreeMap<>(t);
        }
        throw new FileFormatException(path, "has neither onnx nor pytorch_state_dict weights (it has "
                + iterable(weights.fieldNames()) + "); jcare reads those two");
    }

    private static byte[] file(Path path, BmzPackage.Content c, String name) throws FileFormatException {
        byte[] b = c.files().get(name);
        if (b == null) {
            throw new FileFormatException(path, "names " + name + " but does not contain it");
        }
        return b;
    }

    private static CareConfig configOf(UNetLayout l) {
        String axes = l.nDim() == 3 ? "ZYX" : "YX";
        return CareConfig.builder(axes).nChannelIn(l.channelsIn()).nChannelOut(l.channelsOut()).unetNDepth(l.depth())
                .unetKernSize(l.kernelSize()[0]).unetNFirst(l.firstFilters()).unetResidual(l.residual())
                .probabilistic(l.probabilistic()).build();
    }

    private static String describe(JsonNode rdf, JsonNode weights) {
        StringBuilder sb = new StringBuilder("'" + rdf.path("name").asText("unnamed") + "'");
        JsonNode arch = weights.path("pytorch_state_dict").path("architecture");
        if (arch.has("callable")) {
            sb.append(", architecture ").append(arch.path("callable").asText());
            if (arch.has("import_from")) {
                sb.append(" from ").append(arch.path("import_from").asText());
            }
        } else {
            sb.append(", weights ").append(iterable(weights.fieldNames()));
        }
        return sb.toString();
    }

    private static String iterable(java.util.Iterator<String> it) {
        java.util.List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return String.join(", ", l);
    }
}
