package org.jcare.optics.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.npz.TrainingData;

/**
 * Many synthetic pairs at once, on several threads, and their CSBDeep form. Pair {@code i} depends only on the dataset
 * seed and {@code i}, so the dataset is the same for every thread count.
 */
public final class SynthDataset {
    private SynthDataset() {
    }

    /** Receives progress: {@code done} of {@code total} pairs (called from worker threads, in no fixed order). */
    public interface Listener {
        /** No progress reports. */
        Listener NONE = (done, total) -> {
        };

        /** {@code done} pairs of {@code total} are finished. */
        void progress(int done, int total);
    }

    /**
     * Pairs 0 .. count-1 of the dataset with seed {@code seed}.
     *
     * @param threads worker threads (at least 1)
     * @throws IllegalArgumentException for a negative count or fewer than one thread
     */
    public static List<SyntheticPair> generate(SyntheticPairs generator, long seed, int count, int threads,
            Listener listener) {
        if (count < 0 || threads < 1) {
            throw new IllegalArgumentException("pairs " + count + " must be >= 0 and threads " + threads + " >= 1");
        }
        SyntheticPair[] out = new SyntheticPair[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int chunk = 8;
        Runnable work = () -> {
            for (int start = next.getAndAdd(chunk); start < count; start = next.getAndAdd(chunk)) {
                for (int i = start; i < Math.min(count, start + chunk); i++) {
                    out[i] = generator.generate(seed, i);
                }
                listener.progress(done.addAndGet(Math.min(count, start + chunk) - start), count);
            }
        };
        if (threads == 1 || count <= chunk) {
            work.run();
            return Arrays.asList(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jcare-synth");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(work));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("synthetic data generation was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("synthetic data generation failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(out);
    }

    /**
     * The pairs as CSBDeep training data: X (inputs) and Y (targets) of axes {@code SCYX} or {@code SCZYX} with one
     * channel, calibrated with the targets' pixel size (micrometres; the inputs are zoomed to the target grid when the
     * settings upsample). The pairs' arrays are shared, not copied, for 2D.
     */
    public static TrainingData toTrainingData(List<SyntheticPair> pairs, SynthSettings settings) {
        int[] p = settings.targetPatch();
        boolean threeD = settings.is3d();
        int planeSize = p[1] * p[2];
        int planesPerPair = threeD ? p[0] : 1;
        float[][] x = new float[pairs.size() * planesPerPair][];
        float[][] y = new float[pairs.size() * planesPerPair][];
        for (int i = 0; i < pairs.size(); i++) {
            SyntheticPair pair = pairs.get(i);
            for (int z = 0; z < planesPerPair; z++) {
                x[i * planesPerPair + z] = threeD ? Arrays.copyOfRange(pair.input(), z * planeSize, (z + 1) * planeSize)
                        : pair.input();
                y[i * planesPerPair + z] = threeD ? Arrays.copyOfRange(pair.target(), z * planeSize, (z + 1) * planeSize)
                        : pair.target();
            }
        }
        Calibration cal = new Calibration(settings.targetPixelNm() / 1000, settings.targetPixelNm() / 1000,
                threeD ? settings.zStepNm() / 1000 : 0, "micron", 0);
        String axes = threeD ? "SCZYX" : "SCYX";
        long[] shape = threeD ? new long[] {pairs.size(), 1, p[0], p[1], p[2]} : new long[] {pairs.size(), 1, p[1], p[2]};
        return new TrainingData(new FloatImage(org.jcare.io.image.Axes.of(axes), shape, x, cal),
                new FloatImage(org.jcare.io.image.Axes.of(axes), shape, y, cal));
    }
}
