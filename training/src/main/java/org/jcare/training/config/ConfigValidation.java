package org.jcare.training.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The checks behind {@link CareConfig.Builder#build()}: every field, every problem collected, nothing thrown. */
final class ConfigValidation {
    private ConfigValidation() {
    }

    /**
     * Every violation of the builder's values, in field order; on valid axes {@code norm[0]} receives the
     * normalized axes.
     */
    static List<Violation> validate(CareConfig.Builder b, String[] norm) {
        List<Violation> bad = new ArrayList<>(b.extraViolations);
        List<String> axesProblems = normalizeAxes(b.axes, norm);
        int nDim = norm[0] == null ? -1 : norm[0].length() - 1;
        if (!axesProblems.isEmpty()) {
            bad.add(new Violation("axes", quote(b.axes), String.join("; ", axesProblems)
                    + " (allowed: X and Y, optionally one of Z or T, optionally S first and C last)"));
        }
        if (b.declaredNDim != null && nDim > 0 && b.declaredNDim != nDim) {
            bad.add(new Violation("n_dim", String.valueOf(b.declaredNDim),
                    "must equal the number of spatial axes of '" + norm[0] + "', which is " + nDim));
        }
        atLeast(bad, "n_channel_in", b.nChannelIn, 1);
        atLeast(bad, "n_channel_out", b.nChannelOut, 1);
        if (b.unetResidual != null && b.unetResidual && b.nChannelIn != b.nChannelOut) {
            bad.add(new Violation("unet_residual", "true", "a residual network needs n_channel_in == "
                    + "n_channel_out, here " + b.nChannelIn + " and " + b.nChannelOut + "; set it to false"));
        }
        atLeast(bad, "unet_n_depth", b.unetNDepth, 1);
        if (b.unetKernSize != null && (b.unetKernSize < 1 || b.unetKernSize % 2 == 0)) {
            bad.add(new Violation("unet_kern_size", String.valueOf(b.unetKernSize), "an odd integer >= 1"));
        }
        if (b.unetKernSizePerAxis != null) {
            boolean ok = nDim < 0 || b.unetKernSizePerAxis.length == nDim;
            for (int k : b.unetKernSizePerAxis) {
                ok &= k >= 1 && k % 2 == 1;
            }
            if (!ok) {
                bad.add(new Violation("jcare.unet_kern_size_per_axis", Arrays.toString(b.unetKernSizePerAxis),
                        "one odd integer >= 1 per spatial axis" + (nDim > 0 ? " (" + nDim + " values)" : "")));
            }
        }
        atLeast(bad, "unet_n_first", b.unetNFirst, 1);
        if (!"linear".equals(b.unetLastActivation) && !"relu".equals(b.unetLastActivation)) {
            bad.add(new Violation("unet_last_activation", quote(b.unetLastActivation), "one of 'linear', 'relu'"));
        }
        if (b.unetInputShape != null) {
            boolean ok = nDim < 0 || b.unetInputShape.size() == nDim + 1;
            ok &= !b.unetInputShape.isEmpty() && Objects.equals(b.unetInputShape.get(b.unetInputShape.size() - 1),
                    b.nChannelIn);
            for (int i = 0; i < b.unetInputShape.size() - 1; i++) {
                Integer d = b.unetInputShape.get(i);
                ok &= d == null || d >= 1;
            }
            if (!ok) {
                bad.add(new Violation("unet_input_shape", b.unetInputShape.toString(), "a list of "
                        + (nDim > 0 ? nDim + " " : "") + "spatial sizes (null or >= 1) followed by n_channel_in ("
                        + b.nChannelIn + ")"));
            }
        }
        if (b.trainLoss != null) {
            if (b.probabilistic && !"laplace".equals(b.trainLoss)) {
                bad.add(new Violation("train_loss", quote(b.trainLoss),
                        "'laplace' (required when probabilistic is true)"));
            } else if (!b.probabilistic && !"mae".equals(b.trainLoss) && !"mse".equals(b.trainLoss)) {
                bad.add(new Violation("train_loss", quote(b.trainLoss),
                        "one of 'mae', 'mse' when probabilistic is false ('laplace' needs probabilistic true)"));
            }
        }
        atLeast(bad, "train_epochs", b.trainEpochs, 1);
        atLeast(bad, "train_steps_per_epoch", b.trainStepsPerEpoch, 1);
        if (!(b.trainLearningRate > 0) || Double.isInfinite(b.trainLearningRate)) {
            bad.add(new Violation("train_learning_rate", String.valueOf(b.trainLearningRate), "a finite number > 0"));
        }
        atLeast(bad, "train_batch_size", b.trainBatchSize, 1);
        fileName(bad, "train_checkpoint", b.trainCheckpoint);
        fileName(bad, "train_checkpoint_last", b.trainCheckpointLast);
        fileName(bad, "train_checkpoint_epoch", b.trainCheckpointEpoch);
        if (b.trainReduceLr != null) {
            if (!(b.trainReduceLr.factor() > 0 && b.trainReduceLr.factor() < 1)) {
                bad.add(new Violation("train_reduce_lr.factor", String.valueOf(b.trainReduceLr.factor()),
                        "a number in (0, 1)"));
            }
            atLeast(bad, "train_reduce_lr.patience", b.trainReduceLr.patience(), 0);
            if (!(b.trainReduceLr.minDelta() >= 0) || Double.isInfinite(b.trainReduceLr.minDelta())) {
                bad.add(new Violation("train_reduce_lr.min_delta", String.valueOf(b.trainReduceLr.minDelta()),
                        "a finite number >= 0"));
            }
        }
        bad.addAll(b.task.violations(norm[0] == null ? null : norm[0].replace("C", "")));
        return bad;
    }

    /**
     * Normalizes network axes as CSBDeep's {@code Config} does and returns the problems found (empty when valid).
     * On success {@code out[0]} holds the normalized axes.
     */
    static List<String> normalizeAxes(String axes, String[] out) {
        List<String> problems = new ArrayList<>();
        if (axes == null || axes.isBlank()) {
            problems.add("axes are required: one letter per axis from STCZYX, X and Y mandatory, e.g. YX or ZYX");
            return problems;
        }
        String s = axes.trim().toUpperCase(Locale.ROOT);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("STCZYX".indexOf(c) < 0) {
                problems.add("letter '" + c + "' is not one of STCZYX");
            } else if (s.indexOf(c) != i) {
                problems.add("letter '" + c + "' appears more than once");
            }
        }
        if (s.indexOf('X') < 0 || s.indexOf('Y') < 0) {
            problems.add("lateral axes X and Y must be present");
        }
        if (s.indexOf('S') > 0) {
            problems.add("sample axis S must be first");
        }
        if (s.indexOf('Z') >= 0 && s.indexOf('T') >= 0) {
            problems.add("using Z and T axes together is not supported");
        }
        s = s.replace("S", "");
        int c = s.indexOf('C');
        if (c >= 0 && c != s.length() - 1) {
            problems.add("channel axis C must be last");
        }
        if (problems.isEmpty()) {
            out[0] = c >= 0 ? s : s + "C";
        }
        return problems;
    }

    private static void atLeast(List<Violation> bad, String field, int v, int min) {
        if (v < min) {
            bad.add(new Violation(field, String.valueOf(v), "an integer >= " + min));
        }
    }

    private static void fileName(List<Violation> bad, String field, String v) {
        if (v != null && (v.isBlank() || v.contains("/") || v.contains("\\"))) {
            bad.add(new Violation(field, quote(v), "null (disabled) or a plain file name such as weights_best.h5"));
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
