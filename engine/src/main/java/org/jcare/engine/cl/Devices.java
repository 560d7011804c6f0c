package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/** Discovers OpenCL platforms and devices. */
public final class Devices {
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV = 0x4000;
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV = 0x4001;

    private Devices() {
    }

    /**
     * Lists every device of every platform, in platform order.
     *
     * @throws ClException when no OpenCL platform is installed, with a hint on how to get one
     */
    public static List<DeviceInfo> list() {
        OpenClLibrary.ensureLoaded();
        List<DeviceInfo> devices = new ArrayList<>();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            int status;
            try {
                status = clGetPlatformIDs(null, count);
            } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
                throw new ClException("no OpenCL library could be loaded (" + e.getMessage() + "). " + NO_PLATFORM_HINT);
            }
            if (status == -1001 || (status == 0 && count.get(0) == 0)) {
                throw new ClException("no OpenCL platform found. " + NO_PLATFORM_HINT);
            }
            ClException.check(status, "clGetPlatformIDs");
            PointerBuffer platforms = stack.mallocPointer(count.get(0));
            ClException.check(clGetPlatformIDs(platforms, (IntBuffer) null), "clGetPlatformIDs");
            for (int p = 0; p < platforms.capacity(); p++) {
                long platform = platforms.get(p);
                IntBuffer nDevices = stack.mallocInt(1);
                int s = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, nDevices);
                if (s == CL_DEVICE_NOT_FOUND || nDevices.get(0) == 0) {
                    continue;
                }
                ClException.check(s, "clGetDeviceIDs");
                PointerBuffer ids = stack.mallocPointer(nDevices.get(0));
                ClException.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids, (IntBuffer) null), "clGetDeviceIDs");
                String platformName = platformString(platform, CL_PLATFORM_NAME);
                for (int d = 0; d < ids.capacity(); d++) {
                    devices.add(describe(devices.size(), platform, platformName, ids.get(d)));
                }
            }
        }
        if (devices.isEmpty()) {
            throw new ClException("OpenCL platforms exist but none has a device. " + NO_PLATFORM_HINT);
        }
        return List.copyOf(devices);
    }

    /** What to do when there is no OpenCL: named in every error about it. */
    public static final String NO_PLATFORM_HINT =
            "Install your GPU vendor's OpenCL driver, or run on the CPU with PoCL "
                    + "(Debian/Ubuntu: sudo apt-get install pocl-opencl-icd ocl-icd-libopencl1).";

    private static DeviceInfo describe(int index, long platform, String platformName, long device) {
        String extensions = deviceString(device, CL_DEVICE_EXTENSIONS);
        int cc = 0;
        if (extensions.contains("cl_nv_device_attribute_query")) {
            cc = deviceInt(device, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV) * 10
                    + deviceInt(device, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV);
        }
        return new DeviceInfo(
                index,
                platform,
                device,
                platformName,
                deviceString(device, CL_DEVICE_NAME).trim(),
                deviceString(device, CL_DEVICE_VENDOR).trim(),
                deviceString(device, CL_DEVICE_VERSION).trim(),
                deviceString(device, CL_DRIVER_VERSION).trim(),
                deviceString(device, org.lwjgl.opencl.CL11.CL_DEVICE_OPENCL_C_VERSION).trim(),
                DeviceType.fromClBits(deviceLong(device, CL_DEVICE_TYPE)),
                deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE),
                deviceLong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                devicePointer(device, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                Math.max(4, deviceInt(device, CL_DEVICE_MEM_BASE_ADDR_ALIGN) / 8),
                deviceInt(device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT),
                cc,
                extensions.trim());
    }

    private static String platformString(long platform, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            ClException.check(clGetPlatformInfo(platform, param, (ByteBuffer) null, size), "clGetPlatformInfo");
            ByteBuffer buf = MemoryUtil.memAlloc((int) size.get(0));
            try {
                ClException.check(clGetPlatformInfo(platform, param, buf, null), "clGetPlatformInfo");
                return cString(buf);
            } finally {
                MemoryUtil.memFree(buf);
            }
        }
    }

    private static String deviceString(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            ClException.check(clGetDeviceInfo(device, param, (ByteBuffer) null, size), "clGetDeviceInfo");
            ByteBuffer buf = MemoryUtil.memAlloc((int) size.get(0));
            try {
                ClException.check(clGetDeviceInfo(device, param, buf, null), "clGetDeviceInfo");
                return cString(buf);
            } finally {
                MemoryUtil.memFree(buf);
            }
        }
    }

    private static int deviceInt(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer v = stack.callocInt(1);
            ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
            return v.get(0);
        }
    }

    private static long deviceLong(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            LongBuffer v = stack.callocLong(1);
            ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
            return v.get(0);
        }
    }

    private static long devicePointer(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer v = stack.callocPointer(1);
            ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
            return v.get(0);
        }
    }

    private static String cString(ByteBuffer buf) {
        int n = buf.remaining();
        byte[] bytes = new byte[n];
        buf.get(bytes);
        int end = 0;
        while (end < n && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
