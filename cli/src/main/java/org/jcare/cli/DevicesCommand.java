package org.jcare.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceSelector;
import org.jcare.engine.cl.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jcare devices}: lists the OpenCL devices and marks the one that would be used. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List OpenCL devices.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Mark the device this specification chooses: an index, gpu, cpu, or part of a name."
                    + " Default: $JCARE_DEVICE, else the first GPU, else the first CPU.")
    String device;

    @Option(names = {"-v", "--verbose"}, description = "Also print driver, OpenCL C version and extensions.")
    boolean verbose;

    @Override
    public Integer call() {
        List<DeviceInfo> devices = Devices.list();
        DeviceInfo chosen = DeviceSelector.select(devices, DeviceSelector.effectiveSpec(device));
        var out = spec.commandLine().getOut();
        for (DeviceInfo d : devices) {
            out.println((d.index() == chosen.index() ? "* " : "  ") + d.summary());
            if (verbose) {
                out.println("      vendor " + d.vendor() + ", driver " + d.driverVersion() + ", " + d.openclCVersion()
                        + ", max work-group " + d.maxWorkGroupSize() + ", preferred float width "
                        + d.preferredFloatWidth() + (d.computeCapability() > 0 ? ", compute capability "
                        + d.computeCapability() / 10 + "." + d.computeCapability() % 10 : ""));
                out.println("      extensions: " + d.extensions());
            }
        }
        out.println("(* = used by default; choose with --device or JCARE_DEVICE)");
        return 0;
    }
}
