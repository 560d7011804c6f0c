package org.jcare.cli;

import java.io.PrintWriter;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import picocli.CommandLine.Option;

/** The {@code --device} and {@code --precision} options of every command that computes, and opening the engine. */
final class ComputeOptions {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "OpenCL device: an index from 'jcare devices', gpu, cpu, or part of a name."
                    + " Default: $JCARE_DEVICE, else the first GPU, else the first CPU.")
    String device;

    @Option(names = "--precision", paramLabel = "fp32|tf32|bf16", defaultValue = "fp32",
            description = "Convolution arithmetic: fp32 (exact, default), tf32 or bf16 (NVIDIA tensor cores, compute"
                    + " capability 8.0 or newer, fp32 sums and fp32 weights; other devices use fp32).")
    String precision;

    /**
     * Opens the engine on the chosen device with the chosen precision; says on {@code err} when tf32 or bf16 falls back.
     *
     * @throws BadInputException for an unknown precision (an unknown device is an IllegalArgumentException naming
     *                           the devices)
     */
    Engine open(PrintWriter err) {
        Precision p = parsePrecision();
        Engine engine = Engine.open(device);
        try {
            engine.precision(p);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        if (p.usesTensorCores() && engine.device().computeCapability() < 80) {
            err.println("note: " + p.name().toLowerCase(java.util.Locale.ROOT) + " needs an NVIDIA GPU of compute"
                    + " capability 8.0 or newer; " + engine.device().name() + " computes in fp32");
        }
        return engine;
    }

    /** The precision, checked (call before long work so that a typo fails fast). */
    Precision parsePrecision() {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--precision " + precision + ": unknown; use fp32, tf32 or bf16");
        }
    }
}
