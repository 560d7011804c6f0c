package org.jcare.engine.cl;

import java.util.Locale;

/**
 * What an OpenCL device is and what it can do, read once at discovery.
 *
 * @param index              position in the listing of all devices of all platforms (what {@code --device 1} means)
 * @param platformHandle     the cl_platform_id
 * @param deviceHandle       the cl_device_id
 * @param platformName       for example "NVIDIA CUDA" or "Portable Computing Language"
 * @param name               device name, for example "NVIDIA H200"
 * @param vendor             device vendor
 * @param version            device OpenCL version string
 * @param driverVersion      driver version string (part of the binary cache key)
 * @param openclCVersion     OpenCL C version string
 * @param type               GPU, CPU, ...
 * @param computeUnits       number of compute units
 * @param globalMemBytes     global memory size
 * @param localMemBytes      local memory per work-group
 * @param maxAllocBytes      largest single buffer
 * @param maxWorkGroupSize   largest work-group
 * @param baseAddrAlignBytes sub-buffer origin alignment in bytes
 * @param preferredFloatWidth preferred float vector width (8 on AVX2 PoCL, 1 on NVIDIA)
 * @param computeCapability  NVIDIA compute capability as major*10+minor, 0 when the device is not NVIDIA
 * @param extensions         space-separated extension names
 */
public record DeviceInfo(
        int index,
        long platformHandle,
        long deviceHandle,
        String platformName,
        String name,
        String vendor,
        String version,
        String driverVersion,
        String openclCVersion,
        DeviceType type,
        int computeUnits,
        long globalMemBytes,
        long localMemBytes,
        long maxAllocBytes,
        long maxWorkGroupSize,
        int baseAddrAlignBytes,
        int preferredFloatWidth,
        int computeCapability,
        String extensions) {

    /** True for CPU devices (PoCL): CPU-shaped kernel variants are used there. */
    public boolean isCpu() {
        return type == DeviceType.CPU;
    }

    /** True for GPU devices. */
    public boolean isGpu() {
        return type == DeviceType.GPU;
    }

    /** True when the device is an NVIDIA GPU (inline PTX may be compiled for it). */
    public boolean isNvidia() {
        return vendor.toUpperCase(Locale.ROOT).contains("NVIDIA") || platformName.toUpperCase(Locale.ROOT).contains("NVIDIA");
    }

    /** True when the extension is advertised. */
    public boolean hasExtension(String extension) {
        for (String e : extensions.split("\\s+")) {
            if (e.equals(extension)) {
                return true;
            }
        }
        return false;
    }

    /** One line for listings: index, name, type, platform, compute units and memory. */
    public String summary() {
        return String.format(Locale.ROOT, "[%d] %s (%s, %s, %s) %d CUs, %.1f GiB global, %d KiB local, max alloc %.1f GiB",
                index, name, type.name().toLowerCase(Locale.ROOT), platformName, version, computeUnits,
                globalMemBytes / 1073741824.0, localMemBytes / 1024, maxAllocBytes / 1073741824.0);
    }
}
