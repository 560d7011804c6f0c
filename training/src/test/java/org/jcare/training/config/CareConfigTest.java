package org.jcare.training.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CareConfigTest {
    @Test
    void defaults2dAreCsbdeeps() {
        CareConfig c = CareConfig.builder("YX").build();
        assertEquals("YXC", c.axes());
        assertEquals(2, c.nDim());
        assertEquals(1, c.nChannelIn());
        assertEquals(1, c.nChannelOut());
        assertFalse(c.probabilistic());
        assertTrue(c.unetResidual());
        assertEquals(2, c.unetNDepth());
        assertEquals(5, c.unetKernSize());
        assertEquals(32, c.unetNFirst());
        assertEquals("linear", c.unetLastActivation());
        assertEquals(Arrays.asList(null, null, 1), c.unetInputShape());
        assertEquals("mae", c.trainLoss());
        assertEquals(100, c.trainEpochs());
        assertEquals(400, c.trainStepsPerEpoch());
        assertEquals(4e-4, c.trainLearningRate());
        assertEquals(16, c.trainBatchSize());
        assertTrue(c.trainTensorboard());
        assertEquals("weights_best.h5", c.trainCheckpoint());
        assertEquals("weights_last.h5", c.trainCheckpointLast());
        assertEquals("weights_now.h5", c.trainCheckpointEpoch());
        assertEquals(new ReduceLr(0.5, 10, 0), c.trainReduceLr());
        assertNull(c.seed());
        assertArrayEquals(new int[] {5, 5}, c.kernelSizePerAxis());
        assertFalse(c.hasKernelSizePerAxis());
        assertEquals(4, c.divisor());
        assertEquals(1, c.nChannelOutTotal());
    }

    @Test
    void defaults3dAreCsbdeeps() {
        CareConfig c = CareConfig.builder("ZYX").build();
        assertEquals("ZYXC", c.axes());
        assertEquals(3, c.nDim());
        assertEquals(3, c.unetKernSize());
        assertEquals(Arrays.asList(null, null, null, 1), c.unetInputShape());
        assertEquals("ZYX", c.spatialAxes());
    }

    @Test
    void derivedDefaultsFollowChannelsAndProbabilistic() {
        CareConfig c = CareConfig.of("YX", 2, 1, true);
        assertFalse(c.unetResidual());
        assertEquals("laplace", c.trainLoss());
        assertEquals(Arrays.asList(null, null, 2), c.unetInputShape());
        assertEquals(2, c.nChannelOutTotal());
    }

    @Test
    void axesAreNormalizedLikeCsbdeep() {
        assertEquals("YXC", CareConfig.builder("syx").build().axes());
        assertEquals("ZYXC", CareConfig.builder("SZYXC").build().axes());
        assertEquals("TYXC", CareConfig.builder("tyx").build().axes());
        assertEquals(3, CareConfig.builder("TYX").build().nDim());
    }

    @Test
    void badAxesNameTheProblem() {
        assertViolation("CYX", "axes", "channel axis C must be last");
        assertViolation("ZTYX", "axes", "Z and T");
        assertViolation("YSX", "axes", "S must be first");
        assertViolation("ZX", "axes", "X and Y must be present");
        assertViolation("YXY", "axes", "more than once");
        assertViolation("QYX", "axes", "not one of STCZYX");
    }

    private static void assertViolation(String axes, String field, String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfig.builder(axes).build());
        assertEquals(field, e.violations().get(0).field());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> CareConfig.builder("YX")
                .nChannelIn(0).nChannelOut(2).unetResidual(true).unetNDepth(0).unetKernSize(4).unetNFirst(0)
                .unetLastActivation("tanh").unetInputShape(List.of(64, 64, 3)).trainLoss("laplace")
                .trainEpochs(0).trainStepsPerEpoch(0).trainLearningRate(-1).trainBatchSize(0)
                .trainCheckpoint("a/b.h5").trainReduceLr(new ReduceLr(1.5, -1, -0.1)).build());
        List<String> fields = e.violations().stream().map(Violation::field).collect(Collectors.toList());
        assertEquals(List.of("n_channel_in", "unet_residual", "unet_n_depth", "unet_kern_size", "unet_n_first",
                "unet_last_activation", "unet_input_shape", "train_loss", "train_epochs", "train_steps_per_epoch",
                "train_learning_rate", "train_batch_size", "train_checkpoint", "train_reduce_lr.factor",
                "train_reduce_lr.patience", "train_reduce_lr.min_delta"), fields);
        assertTrue(e.getMessage().startsWith("CareConfig: 16 invalid values"), e.getMessage());
        assertTrue(e.getMessage().contains("unet_kern_size = 4: an odd integer >= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("unet_last_activation = 'tanh': one of 'linear', 'relu'"));
    }

    @Test
    void lossMustMatchProbabilistic() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CareConfig.builder("YX").probabilistic(true).trainLoss("mse").build());
        assertEquals("train_loss", e.violations().get(0).field());
        assertEquals("mse", CareConfig.builder("YX").trainLoss("mse").build().trainLoss());
    }

    @Test
    void nullableFieldsMayBeNull() {
        CareConfig c = CareConfig.builder("YX").trainCheckpoint(null).trainCheckpointLast(null)
                .trainCheckpointEpoch(null).trainReduceLr(null).build();
        assertNull(c.trainCheckpoint());
        assertNull(c.trainReduceLr());
    }

    @Test
    void perAxisKernelMustFitTheAxes() {
        CareConfig c = CareConfig.builder("ZYX").unetKernSizePerAxis(1, 3, 3).seed(7L).build();
        assertArrayEquals(new int[] {1, 3, 3}, c.kernelSizePerAxis());
        assertEquals(7L, c.seed());
        ConfigException e = assertThrows(ConfigException.class,
                () -> CareConfig.builder("ZYX").unetKernSizePerAxis(3, 3).build());
        assertEquals("jcare.unet_kern_size_per_axis", e.violations().get(0).field());
        assertThrows(ConfigException.class, () -> CareConfig.builder("YX").unetKernSizePerAxis(2, 3).build());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        CareConfig c = CareConfig.builder("ZYX").nChannelIn(2).nChannelOut(2).probabilistic(true).unetNDepth(3)
                .unetNFirst(16).trainEpochs(7).trainLearningRate(1e-3).seed(5L).unetKernSizePerAxis(1, 3, 3)
                .unknownField("extra", "[1,2]").build();
        assertEquals(c, c.toBuilder().build());
        CareConfig d = c.toBuilder().trainEpochs(8).build();
        assertEquals(8, d.trainEpochs());
        assertEquals(3, d.unetNDepth());
        assertFalse(c.equals(d));
    }

    @Test
    void violationAndExceptionPrintFieldValueAndAllowed() {
        Violation v = new Violation("unet_n_depth", "0", "an integer >= 1");
        assertEquals("unet_n_depth = 0: an integer >= 1", v.toString());
        ConfigException e = new ConfigException("config.json", List.of(v));
        assertEquals("config.json: 1 invalid value\n  unet_n_depth = 0: an integer >= 1", e.getMessage());
    }
}
