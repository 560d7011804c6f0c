package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ConfigOptionsTest {
    private static ParseResult parse(String... args) {
        CommandLine cl = new CommandLine(new TrainCommand());
        return cl.parseArgs(args);
    }

    @Test
    void optionNamesAreTheJsonNamesInKebabCase() {
        assertEquals("--unet-n-first", ConfigOptions.optionFor("unet_n_first"));
        assertEquals("--train-reduce-lr-min-delta", ConfigOptions.optionFor("train_reduce_lr.min_delta"));
        assertEquals("--unet-kern-size-per-axis", ConfigOptions.optionFor("jcare.unet_kern_size_per_axis"));
    }

    @Test
    void givenOptionsOverrideDefaultsAndDerivedDefaultsStillResolve() {
        CareConfig c = ConfigOptions.build(parse("--out", "m", "--probabilistic", "--unet-n-depth", "3",
                "--train-reduce-lr-factor", "0.25", "--unet-input-shape", "null,null,1", "--train-checkpoint", "none",
                "--unet-last-activation", "ReLU"), "YX", 1, 1, 5);
        assertTrue(c.probabilistic());
        assertEquals("laplace", c.trainLoss(), "derived from probabilistic");
        assertEquals(5, c.unetKernSize(), "2D default");
        assertEquals(3, c.unetNDepth());
        assertEquals(0.25, c.trainReduceLr().factor());
        assertEquals(10, c.trainReduceLr().patience(), "other schedule keys keep their defaults");
        assertNull(c.trainCheckpoint());
        assertEquals("relu", c.unetLastActivation());
        assertEquals(5L, c.seed());
        assertEquals(2, ConfigOptions.given(parse("--out", "m", "--probabilistic=false", "--train-epochs", "3")).size());
    }

    @Test
    void scheduleOffAndPerAxisKernels() {
        CareConfig c = ConfigOptions.build(parse("--out", "m", "--train-reduce-lr=false",
                "--unet-kern-size-per-axis", "1,3,3"), "ZYX", 1, 1, 0);
        assertNull(c.trainReduceLr());
        assertEquals(3, c.kernelSizePerAxis()[1]);
        assertEquals(1, c.kernelSizePerAxis()[0]);
    }

    @Test
    void everyViolationIsReportedByOptionName() {
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigOptions.build(parse("--out", "m",
                "--unet-n-first", "0", "--train-loss", "huber", "--unet-kern-size-per-axis", "3,a"), "YX", 1, 1, 0));
        assertTrue(e.getMessage().contains("--unet-n-first 0"), e.getMessage());
        assertTrue(e.getMessage().contains("--train-loss 'huber'"), e.getMessage());
        assertTrue(e.getMessage().contains("--unet-kern-size-per-axis 3,a"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
