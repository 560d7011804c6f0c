package org.jcare.cli;

import picocli.CommandLine.Option;

/** The {@code --device} option every computing command takes. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "OpenCL device: an index from 'jcare devices', gpu, cpu, or part of a name."
                    + " Default: $JCARE_DEVICE, else the first GPU, else the first CPU.")
    String device;
}
