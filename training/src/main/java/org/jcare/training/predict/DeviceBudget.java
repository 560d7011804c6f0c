package org.jcare.training.predict;

import org.jcare.engine.cl.DeviceInfo;
import org.jcare.training.model.CareNetwork;

/** Device memory a tile may use, as {@link TiledPredictor} plans it, for the task predictors. */
final class DeviceBudget {
    private DeviceBudget() {
    }

    /** The explicit budget, else half the device's global memory (a quarter on CPUs, which share it with the host). */
    static long of(CareNetwork net, long explicit) {
        if (explicit > 0) {
            return explicit;
        }
        DeviceInfo d = net.engine().device();
        return d.isCpu() ? d.globalMemBytes() / 4 : d.globalMemBytes() / 2;
    }

    /** Bytes of the parameters on the device (values and gradients buffers). */
    static long parameterBytes(CareNetwork net) {
        return net.parameters().flatLength() * 4L * 2;
    }

    /** The device's largest single allocation. */
    static long maxAllocation(CareNetwork net) {
        return net.engine().device().maxAllocBytes();
    }
}
