package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramCacheTest {
    private static final KernelSource TWICE = KernelSource.of("twice.cl",
            "__kernel void twice_forward(__global float* x, const int n) {"
                    + " int i = get_global_id(0); if (i < n) x[i] = SCALE * x[i]; }");

    @Test
    void secondContextLoadsTheBinaryFromDiskInsteadOfCompiling(@TempDir Path dir) {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext first = ClContext.create(device, BinaryCache.at(dir))) {
            first.program(TWICE, "-DSCALE=2.0f");
            first.program(TWICE, "-DSCALE=2.0f");
            assertEquals(new ProgramCache.Stats(1, 0, 1), first.programs().stats());
        }
        try (Stream files = new Stream(dir)) {
            assertEquals(1, files.count(), "one binary stored");
        }
        try (ClContext second = ClContext.create(device, BinaryCache.at(dir))) {
            ClProgram p = second.program(TWICE, "-DSCALE=2.0f");
            assertEquals(new ProgramCache.Stats(0, 1, 0), second.programs().stats());
            try (ClBuffer b = second.allocate(16)) {
                second.write(b, 0, new float[] {1, 2, 3, 4});
                p.kernel("twice_forward").call().arg(b).arg(4).launch1d(4, 4);
                float[] out = new float[4];
                second.read(b, 0, out);
                assertArrayEquals(new float[] {2, 4, 6, 8}, out);
            }
            // other options are another program
            second.program(TWICE, "-DSCALE=3.0f");
            assertEquals(1, second.programs().stats().sourceBuilds());
        }
    }

    @Test
    void buildFailureCarriesTheLogAndOptions(@TempDir Path dir) {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext cl = ClContext.create(device, BinaryCache.at(dir))) {
            ClException e = assertThrows(ClException.class,
                    () -> cl.program(KernelSource.of("broken.cl", "__kernel void k(__global float* x) { x[0] = y; }"), "-DFOO=1"));
            assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
            assertTrue(e.getMessage().contains("broken.cl"), e.getMessage());
            assertTrue(e.getMessage().contains("-DFOO=1"), e.getMessage());
            assertTrue(e.getMessage().contains("build log"), e.getMessage());
        }
    }

    @Test
    void buildLogIsReadableAfterASuccessfulBuild(@TempDir Path dir) {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext cl = ClContext.create(device, BinaryCache.at(dir))) {
            String log = cl.program(TWICE, "-DSCALE=3.0f").buildLog();
            assertTrue(log != null && !log.contains("\0"), "log: " + log);
        }
    }

    @Test
    void launchErrorNamesKernelAndSizes(@TempDir Path dir) {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext cl = ClContext.create(device, BinaryCache.at(dir));
             ClBuffer b = cl.allocate(16)) {
            ClProgram p = cl.program(TWICE, "-DSCALE=2.0f");
            long tooLarge = device.maxWorkGroupSize() * 2;
            ClException e = assertThrows(ClException.class,
                    () -> p.kernel("twice_forward").call().arg(b).arg(4).launch1d(tooLarge, tooLarge));
            assertTrue(e.getMessage().contains("twice_forward"), e.getMessage());
            assertTrue(e.getMessage().contains("local=[" + tooLarge + "]"), e.getMessage());
            assertTrue(e.getMessage().contains("CL_INVALID_WORK_GROUP_SIZE"), e.getMessage());
        }
    }

    @Test
    void allocationBeyondTheDeviceLimitIsAClearError(@TempDir Path dir) {
        DeviceInfo device = DeviceSelector.select(Devices.list(), "");
        try (ClContext cl = ClContext.create(device, BinaryCache.at(dir))) {
            ClException e = assertThrows(ClException.class, () -> cl.allocate(device.maxAllocBytes() + 1));
            assertTrue(e.getMessage().contains("largest allocation"), e.getMessage());
        }
    }

    /** Counts files in a directory, closing the stream. */
    private static final class Stream implements AutoCloseable {
        private final java.util.stream.Stream<Path> files;

        Stream(Path dir) {
            try {
                files = Files.list(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        long count() {
            return files.filter(f -> f.toString().endsWith(".bin")).count();
        }

        @Override
        public void close() {
            files.close();
        }
    }
}
