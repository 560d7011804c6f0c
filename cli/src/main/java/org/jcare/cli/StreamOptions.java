package org.jcare.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code jcare predict} options of streamed restoration: OME-Zarr output and its layout, resuming an interrupted run,
 * and Spark.
 */
final class StreamOptions {
    @Option(names = "--output-format", paramLabel = "tiff|zarr",
            description = "Output format: tiff (ImageJ TIFF, the input read whole) or zarr (OME-Zarr with a pyramid,"
                    + " streamed tile by tile with bounded memory). Zarr input, --resume and --spark always write zarr."
                    + " Default: tiff, or zarr for Zarr input and for TIFF too large for the heap.")
    String format;

    @Option(names = "--ngff", paramLabel = "0.4|0.5", defaultValue = "0.4",
            description = "OME-NGFF version of Zarr output: 0.4 (Zarr v2, read by most viewers) or 0.5 (Zarr v3)."
                    + " Default: ${DEFAULT-VALUE}.")
    String ngff;

    @Option(names = "--zarr-chunks", paramLabel = "Z,Y,X", defaultValue = "16,256,256",
            description = "Chunk shape of Zarr output (T and C chunks are 1 and all channels). Default:"
                    + " ${DEFAULT-VALUE}.")
    String chunks;

    @Option(names = "--zarr-compression", paramLabel = "CODEC", defaultValue = "blosc-zstd",
            description = "Zarr chunk codec: blosc-zstd, blosc-lz4, zstd, zlib, gzip, lz4 or none. Default:"
                    + " ${DEFAULT-VALUE}.")
    String compression;

    @Option(names = "--pyramid-levels", paramLabel = "N", defaultValue = "0",
            description = "Resolution levels of Zarr output (each halves Y and X): 0 = down to 256 px, 1 = none."
                    + " Default: ${DEFAULT-VALUE}.")
    int pyramidLevels;

    @Option(names = "--resume", description = "Continue an interrupted streamed restoration (Zarr output): chunks"
            + " already complete are kept, the same tiles and normalization are used, the result is the same bytes.")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Restore on Apache Spark (local[N], spark://host:7077, yarn, k8s://...): blocks of tiles and"
                    + " time points become tasks. Needs the launcher ./jcare, which adds Spark to the class path.")
    String spark;

    @Option(names = "--spark-devices", paramLabel = "LIST", defaultValue = "",
            description = "With --spark: the OpenCL device(s) each executor uses, by index or name part, separated"
                    + " by ';' (one engine per device, reused across tasks). Default: the --device rule on each"
                    + " executor.")
    String sparkDevices;

    /** Whether Zarr output was asked for explicitly. */
    boolean zarrFormat() {
        return "zarr".equals(checkedFormat());
    }

    /** Whether TIFF output was asked for explicitly. */
    boolean tiffFormat() {
        return "tiff".equals(checkedFormat());
    }

    /** The format asked for (tiff or zarr), or null when none was. */
    private String checkedFormat() {
        if (format == null) {
            return null;
        }
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("tiff") && !f.equals("zarr")) {
            throw new BadInputException("--output-format " + format + ": use tiff or zarr");
        }
        return f;
    }

    /** The chunk shape. */
    int[] chunkShape() {
        int[] c;
        try {
            c = IntList.parse(chunks.trim());
        } catch (RuntimeException e) {
            throw new BadInputException("--zarr-chunks " + chunks + ": give three sizes Z,Y,X such as 16,256,256");
        }
        if (c.length != 3 || c[0] < 1 || c[1] < 1 || c[2] < 1) {
            throw new BadInputException("--zarr-chunks " + chunks + ": give three positive sizes Z,Y,X");
        }
        return c;
    }
}
