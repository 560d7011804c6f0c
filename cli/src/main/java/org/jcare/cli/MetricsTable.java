package org.jcare.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jcare.training.eval.Metrics;
import org.jcare.training.eval.Metrics.ImageMetrics;

/**
 * Image-quality metrics of inputs and restorations against ground truth (the CARE paper's protocol,
 * {@link Metrics}) as a text table with mean and standard deviation, and as CSV.
 */
final class MetricsTable {
    /**
     * One image.
     *
     * @param name     the image's name
     * @param input    metrics of the noisy input, or null when no input was given
     * @param restored metrics of the restoration
     */
    record Row(String name, ImageMetrics input, ImageMetrics restored) {
    }

    private MetricsTable() {
    }

    /** The text table: one line per image, then mean and std (sample standard deviation, n - 1). */
    static String format(List<Row> rows) {
        boolean withInput = rows.stream().allMatch(r -> r.input() != null);
        int w = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-" + w + "s", "image");
        String sub = String.format(Locale.ROOT, "%-" + w + "s", "");
        if (withInput) {
            head += "  " + center("input", 24);
            sub += "  " + columns();
        }
        head += "  " + center("restored", 24);
        sub += "  " + columns();
        sb.append(head.stripTrailing()).append('\n').append(sub).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", r.name()));
            if (withInput) {
                sb.append("  ").append(values(r.input()));
            }
            sb.append("  ").append(values(r.restored())).append('\n');
        }
        if (rows.size() > 1) {
            for (String stat : new String[] {"mean", "std"}) {
                sb.append(String.format(Locale.ROOT, "%-" + w + "s", stat));
                if (withInput) {
                    sb.append("  ").append(values(summary(rows, Row::input, stat)));
                }
                sb.append("  ").append(values(summary(rows, Row::restored, stat))).append('\n');
            }
        }
        return sb.toString();
    }

    /** CSV with a header line and one line per image (input columns empty when there is no input). */
    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("image,input_nrmse,input_psnr,input_ssim,restored_nrmse,restored_psnr,"
                + "restored_ssim\n");
        for (Row r : rows) {
            sb.append(quote(r.name())).append(',').append(csvValues(r.input())).append(',')
                    .append(csvValues(r.restored())).append('\n');
        }
        return sb.toString();
    }

    private static String csvValues(ImageMetrics m) {
        return m == null ? ",," : m.nrmse() + "," + m.psnr() + "," + m.ssim();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String columns() {
        return String.format(Locale.ROOT, "%8s%8s%8s", "NRMSE", "PSNR", "SSIM");
    }

    private static String values(ImageMetrics m) {
        return String.format(Locale.ROOT, "%8.4f%8.2f%8.4f", m.nrmse(), m.psnr(), m.ssim());
    }

    private static String center(String s, int width) {
        int left = Math.max(0, (width - s.length()) / 2);
        return " ".repeat(left) + s + " ".repeat(Math.max(0, width - s.length() - left));
    }

    private static ImageMetrics summary(List<Row> rows, Function<Row, ImageMetrics> pick, String stat) {
        List<ImageMetrics> ms = new ArrayList<>();
        for (Row r : rows) {
            ms.add(pick.apply(r));
        }
        Metrics.Summary s = Metrics.summarize(ms);
        boolean mean = stat.equals("mean");
        return new ImageMetrics(mean ? s.nrmse().mean() : s.nrmse().std(), mean ? s.psnr().mean() : s.psnr().std(),
                mean ? s.ssim().mean() : s.ssim().std());
    }

    /** Mean of one metric over the rows (for summaries in words). */
    static double mean(List<Row> rows, Function<Row, ImageMetrics> pick, ToDoubleFunction<ImageMetrics> metric) {
        return rows.stream().map(pick).mapToDouble(metric).average().orElse(Double.NaN);
    }
}
