package org.jcare.training.stream;

import java.util.Arrays;
import org.jcare.training.predict.PredictOptions;

/**
 * How a streamed restoration runs and what it writes.
 *
 * @param predict       normalization and tiling (tile counts, or the device memory budget that plans them)
 * @param ngffVersion   "0.4" (Zarr v2) or "0.5" (Zarr v3) for Zarr output
 * @param chunks        output chunk shape over Z, Y, X (T and C chunks are 1 and all channels)
 * @param compression   the output codec ({@code blosc-lz4}, {@code blosc-zstd}, {@code zstd}, {@code zlib},
 *                      {@code gzip}, {@code none})
 * @param pyramidLevels resolution levels to write: 0 as many as needed, 1 only the full resolution
 * @param hostBudget    host bytes one unit of work may hold (0: a share of the JVM's heap)
 * @param threads       threads that read (percentiles) and build the pyramid
 * @param zoomZ         the Z zoom applied to the input before the network (an upsampling model's factor,
 *                      {@link AxialZoomVolume}), or 0 for none
 */
public record RestoreSettings(PredictOptions predict, String ngffVersion, int[] chunks, String compression,
                              int pyramidLevels, long hostBudget, int threads, double zoomZ) {
    /** Checks the values. */
    public RestoreSettings {
        if (!ngffVersion.equals("0.4") && !ngffVersion.equals("0.5")) {
            throw new IllegalArgumentException("OME-NGFF version " + ngffVersion + " is not 0.4 or 0.5");
        }
        if (chunks.length != 3 || Arrays.stream(chunks).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("chunks need three positive sizes (Z, Y, X), got "
                    + Arrays.toString(chunks));
        }
        if (zoomZ < 0 || Double.isNaN(zoomZ) || Double.isInfinite(zoomZ)) {
            throw new IllegalArgumentException("Z zoom " + zoomZ + " must be a finite number > 0, or 0 for none");
        }
        if (pyramidLevels < 0 || threads < 1 || hostBudget < 0) {
            throw new IllegalArgumentException("pyramid levels " + pyramidLevels + ", threads " + threads
                    + " and host budget " + hostBudget + " must be >= 0, >= 1, >= 0");
        }
        chunks = chunks.clone();
    }

    /** jcare's defaults: NGFF 0.4, chunks 16 x 256 x 256, blosc-zstd, a full pyramid, a share of the heap. */
    public static RestoreSettings defaults(PredictOptions predict) {
        return new RestoreSettings(predict, "0.4", new int[] {16, 256, 256}, "blosc-zstd", 0, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 0);
    }

    /** A copy with other chunks. */
    public RestoreSettings withChunks(int... zyx) {
        return new RestoreSettings(predict, ngffVersion, zyx, compression, pyramidLevels, hostBudget, threads, zoomZ);
    }

    /** A copy with another NGFF version. */
    public RestoreSettings withNgff(String version) {
        return new RestoreSettings(predict, version, chunks, compression, pyramidLevels, hostBudget, threads, zoomZ);
    }

    /** A copy with another compression. */
    public RestoreSettings withCompression(String codec) {
        return new RestoreSettings(predict, ngffVersion, chunks, codec, pyramidLevels, hostBudget, threads, zoomZ);
    }

    /** A copy with a pyramid of {@code levels} levels (0: automatic). */
    public RestoreSettings withPyramidLevels(int levels) {
        return new RestoreSettings(predict, ngffVersion, chunks, compression, levels, hostBudget, threads, zoomZ);
    }

    /** A copy with another host budget per unit. */
    public RestoreSettings withHostBudget(long bytes) {
        return new RestoreSettings(predict, ngffVersion, chunks, compression, pyramidLevels, bytes, threads, zoomZ);
    }

    /** A copy with other prediction options. */
    public RestoreSettings withPredict(PredictOptions p) {
        return new RestoreSettings(p, ngffVersion, chunks, compression, pyramidLevels, hostBudget, threads, zoomZ);
    }

    /** A copy that zooms the input along Z by {@code factor} before the network (0: none). */
    public RestoreSettings withZoomZ(double factor) {
        return new RestoreSettings(predict, ngffVersion, chunks, compression, pyramidLevels, hostBudget, threads,
                factor);
    }

    /** The host budget in force: the explicit one, else a twelfth of the maximum heap. */
    public long effectiveHostBudget() {
        return hostBudget > 0 ? hostBudget : Runtime.getRuntime().maxMemory() / 12;
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }
}
