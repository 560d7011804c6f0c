package org.jcare.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.jcare.io.image.Tczyx;
import org.jcare.io.image.VolumeReader;
import org.jcare.io.zarr.Boxes;
import org.jcare.training.predict.StreamingPercentiles;
import org.jcare.training.stream.Volumes;
import org.jcare.training.stream.ZarrRestore;
import scala.Tuple2;

/**
 * The percentile normalization of every time point, computed by Spark tasks: the boxes of a batch of time points are
 * spread over tasks, each counts its boxes into the mergeable histograms of {@link StreamingPercentiles}, the driver
 * merges them per time point (sums: the result does not depend on the split) and refines, and a second stage counts
 * inside the refined buckets. The numbers are exactly those of one machine; they are recorded in the restoration's
 * record as they come, so a resumed job does not count again.
 */
final class PercentileStage {
    /** Time points counted in one round (bounds the histograms the driver holds). */
    private static final int FRAMES_PER_ROUND = 8;

    private PercentileStage() {
    }

    /**
     * Computes and records the normalization of every time point not recorded yet.
     *
     * @param zoomZ the Z zoom of the input (an upsampling model's factor), or 0
     */
    static void run(JavaSparkContext sc, RestoreJob job, double zoomZ, ZarrRestore restore, int slices)
            throws IOException {
        Tczyx input = restore.input();
        long frames = input.shape()[0];
        int channels = (int) input.shape()[1];
        double[] q = {job.pmin(), job.pmax()};
        List<Long> todo = new ArrayList<>();
        for (long t = 0; t < frames; t++) {
            if (restore.recordedFrame(t) == null) {
                todo.add(t);
            }
        }
        for (int from = 0; from < todo.size(); from += FRAMES_PER_ROUND) {
            List<Long> round = todo.subList(from, Math.min(todo.size(), from + FRAMES_PER_ROUND));
            List<Tuple2<Long, long[][]>> boxes = new ArrayList<>();
            for (long t : round) {
                for (long[][] b : StreamingPercentiles.frameBoxes(input, t)) {
                    boxes.add(new Tuple2<>(t, b));
                }
            }
            JavaPairRDD<Long, long[][]> rdd = sc.parallelizePairs(boxes, Math.max(1, Math.min(slices,
                    boxes.size())));
            Map<Long, StreamingPercentiles> first = rdd
                    .mapPartitionsToPair(it -> count(job, zoomZ, it, channels, q, null))
                    .reduceByKey(StreamingPercentiles::merge).collectAsMap();
            Map<Long, StreamingPercentiles> refined = new java.util.HashMap<>();
            for (Map.Entry<Long, StreamingPercentiles> e : first.entrySet()) {
                e.getValue().refine();
                refined.put(e.getKey(), e.getValue().emptyCopyForPass2());
            }
            Broadcast<Map<Long, StreamingPercentiles>> b = sc.broadcast(refined);
            Map<Long, StreamingPercentiles> second = rdd.mapPartitionsToPair(it -> count(job, zoomZ, it, channels, q,
                    b.value())).reduceByKey(StreamingPercentiles::merge).collectAsMap();
            for (long t : round) {
                double[][] p = second.get(t).result();
                StreamingPercentiles.requireFinite(p, t, "the input");
                float[] lo = new float[channels];
                float[] hi = new float[channels];
                for (int c = 0; c < channels; c++) {
                    lo[c] = (float) p[c][0];
                    hi[c] = (float) p[c][1];
                }
                restore.recordFrame(t, lo, hi);
            }
            b.destroy();
        }
    }

    /** One task's boxes counted per time point: pass 1 when {@code refined} is null, else pass 2. */
    private static java.util.Iterator<Tuple2<Long, StreamingPercentiles>> count(RestoreJob job, double zoomZ,
            java.util.Iterator<Tuple2<Long, long[][]>> boxes, int channels, double[] q,
            Map<Long, StreamingPercentiles> refined) throws IOException {
        Map<Long, StreamingPercentiles> h = new java.util.HashMap<>();
        try (VolumeReader reader = Volumes.open(job.inputPath(), job.axes(), job.settings().withZoomZ(zoomZ))) {
            Tczyx in = new Tczyx(reader);
            while (boxes.hasNext()) {
                Tuple2<Long, long[][]> b = boxes.next();
                float[] data = in.read(b._2()[0], Boxes.toInts(b._2()[1]));
                StreamingPercentiles s = h.computeIfAbsent(b._1(), t -> refined == null
                        ? new StreamingPercentiles(channels, q) : refined.get(t).emptyCopyForPass2());
                if (refined == null) {
                    s.countUpper(data);
                } else {
                    s.countLower(data);
                }
            }
        }
        List<Tuple2<Long, StreamingPercentiles>> out = new ArrayList<>();
        h.forEach((t, s) -> out.add(new Tuple2<>(t, s)));
        return out.iterator();
    }
}
