package org.jcare.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.io.image.ImageFileReader;
import org.jcare.io.image.ImageHeader;
import org.jcare.io.image.NotEnoughMemoryException;
import org.jcare.training.config.CareConfig;

/**
 * Checks every input of a batch from its header before the first restoration, so that a bad file fails the batch in
 * seconds instead of after hours of work on the files before it: the format and the claims of the header
 * ({@link ImageFileReader#inspect}), the axes against the model (a Z axis for a 3D model, the channel count), and the
 * memory one restoration needs against the Java heap.
 */
final class InputCheck {
    /** Files named in one message at most. */
    static final int LISTED = 5;

    private InputCheck() {
    }

    /**
     * The headers of {@code files}, all checked.
     *
     * @param outputsPerInput images written per input (the mean, and any probabilistic extras)
     * @throws BadInputException listing every input that fails, and why; nothing has been written
     */
    static List<ImageHeader> require(List<Path> files, String axes, ImageFileReader reader, CareConfig model,
            int outputsPerInput) throws java.io.IOException {
        List<ImageHeader> headers = new ArrayList<>();
        Map<Path, String> problems = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                ImageHeader h = reader.inspect(f, axes);
                String fit = fit(h, model, outputsPerInput);
                if (fit != null) {
                    problems.put(f, f + ": " + fit);
                }
                headers.add(h);
            } catch (RuntimeException | java.io.IOException e) {
                if (ExitCodes.of(e) != Jcare.EXIT_BAD_INPUT) {
                    throw e; // not the file's fault (memory, a failing disk): the run fails as such
                }
                problems.put(f, ExitCodes.message(e));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException((problems.size() == 1 ? "" : problems.size() + " of " + files.size()
                    + " inputs cannot be restored, nothing was written: ") + list(new ArrayList<>(problems.values())));
        }
        return headers;
    }

    /** What keeps {@code h} from being restored by {@code model}, or null. */
    static String fit(ImageHeader h, CareConfig model, int outputsPerInput) {
        String axes = h.axes();
        if (model.nDim() == 3 && axes.indexOf('Z') < 0) {
            return "a 3D model needs a Z axis but the image has axes " + axes + " " + java.util.Arrays.toString(
                    h.shape()) + "; give --axes with Z";
        }
        long channels = h.size('C');
        if (channels != model.nChannelIn()) {
            return "the image has " + channels + " channel" + (channels == 1 ? "" : "s") + " (axes " + axes + " "
                    + java.util.Arrays.toString(h.shape()) + ") but the model takes " + model.nChannelIn()
                    + (axes.indexOf('C') < 0 ? ": give the channel axis as C with --axes"
                    : ": restore it with a model trained on " + channels + " channels, or split the channels");
        }
        // isotropic and upsampling outputs have factor times the planes of their input
        Double factor = model.task().kind().hasFactor() ? model.task().factor() : null;
        double outputScale = factor == null ? 1 : Math.max(1, factor);
        long need = (long) (h.floatBytes() * (1 + outputsPerInput * outputScale));
        if (need > Math.max(NotEnoughMemoryException.available(), Runtime.getRuntime().maxMemory() / 2)) {
            try {
                NotEnoughMemoryException.require("restoring it", need);
            } catch (NotEnoughMemoryException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** Messages joined with "; ", at most {@link #LISTED} of them. */
    static String list(List<String> messages) {
        List<String> shown = messages.subList(0, Math.min(LISTED, messages.size()));
        String more = messages.size() > LISTED ? "; and " + (messages.size() - LISTED) + " more" : "";
        return String.join("; ", shown) + more;
    }
}
