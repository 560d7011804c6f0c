package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Programs of one context keyed by (source hash, options). Builds from a cached binary when the disk cache
 * has one, otherwise from source, and then stores the binary. Build failures carry the full log and options.
 */
public final class ProgramCache implements AutoCloseable {
    /** Counters that let tests prove that a second run does not recompile. */
    public record Stats(int sourceBuilds, int binaryLoads, int memoryHits) {
    }

    private final ClContext context;
    private final BinaryCache disk;
    private final Map<String, ClProgram> programs = new HashMap<>();
    private int sourceBuilds;
    private int binaryLoads;
    private int memoryHits;

    ProgramCache(ClContext context, BinaryCache disk) {
        this.context = context;
        this.disk = disk;
    }

    /** The program for {@code source} built with {@code options}; built at most once per context. */
    public ClProgram get(KernelSource source, String options) {
        String opts = options == null ? "" : options.trim();
        String key = BinaryCache.key(context.device(), source.text(), opts);
        ClProgram p = programs.get(key);
        if (p != null) {
            memoryHits++;
            return p;
        }
        p = build(source, opts, key);
        programs.put(key, p);
        return p;
    }

    /** Build counters since the context was created. */
    public Stats stats() {
        return new Stats(sourceBuilds, binaryLoads, memoryHits);
    }

    private ClProgram build(KernelSource source, String options, String key) {
        Optional<byte[]> cached = disk.load(key);
        if (cached.isPresent()) {
            long h = tryBinary(cached.get(), options);
            if (h != 0) {
                binaryLoads++;
                return new ClProgram(context, source.name(), options, h);
            }
            disk.evict(key);
        }
        long h = fromSource(source, options);
        sourceBuilds++;
        disk.store(key, binaryOf(h));
        return new ClProgram(context, source.name(), options, h);
    }

    private long tryBinary(byte[] binary, String options) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            ByteBuffer bin = MemoryUtil.memAlloc(binary.length);
            try {
                bin.put(binary).flip();
                IntBuffer status = stack.mallocInt(1);
                IntBuffer err = stack.mallocInt(1);
                PointerBuffer devices = stack.pointers(context.device().deviceHandle());
                long h = clCreateProgramWithBinary(context.handle(), devices, bin, status, err);
                if (err.get(0) != CL_SUCCESS || status.get(0) != CL_SUCCESS) {
                    if (h != 0) {
                        clReleaseProgram(h);
                    }
                    return 0;
                }
                if (clBuildProgram(h, context.device().deviceHandle(), options, null, 0) != CL_SUCCESS) {
                    clReleaseProgram(h);
                    return 0;
                }
                return h;
            } finally {
                MemoryUtil.memFree(bin);
            }
        }
    }

    private long fromSource(KernelSource source, String options) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long h = clCreateProgramWithSource(context.handle(), source.text(), err);
            ClException.check(err.get(0), "clCreateProgramWithSource(" + source.name() + ")");
            int status = clBuildProgram(h, context.device().deviceHandle(), options, null, 0);
            if (status != CL_SUCCESS) {
                String log = buildLog(h);
                clReleaseProgram(h);
                throw new ClException(status, "clBuildProgram(" + source.name() + ", options '" + options + "') on "
                        + context.device().name() + "\n--- build log ---\n" + log + "\n--- end of build log ---");
            }
            return h;
        }
    }

    /** The build log of a program on this context's device (also useful after a successful build). */
    String buildLog(long program) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            long device = context.device().deviceHandle();
            if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size) != CL_SUCCESS) {
                return "(no build log)";
            }
            ByteBuffer buf = MemoryUtil.memAlloc((int) size.get(0));
            try {
                clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, buf, null);
                return MemoryUtil.memUTF8Safe(buf) == null ? "" : MemoryUtil.memUTF8(buf, (int) Math.max(0, size.get(0) - 1));
            } finally {
                MemoryUtil.memFree(buf);
            }
        }
    }

    private byte[] binaryOf(long program) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer sizes = stack.mallocPointer(1);
            if (clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizes, null) != CL_SUCCESS) {
                return new byte[0];
            }
            int n = (int) sizes.get(0);
            if (n <= 0) {
                return new byte[0];
            }
            ByteBuffer bin = MemoryUtil.memAlloc(n);
            try {
                PointerBuffer ptrs = stack.pointers(bin);
                if (clGetProgramInfo(program, CL_PROGRAM_BINARIES, ptrs, null) != CL_SUCCESS) {
                    return new byte[0];
                }
                byte[] out = new byte[n];
                bin.get(out);
                return out;
            } finally {
                MemoryUtil.memFree(bin);
            }
        }
    }

    @Override
    public void close() {
        programs.values().forEach(ClProgram::close);
        programs.clear();
    }
}
