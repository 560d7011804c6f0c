package org.jcare.training.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The training history as CSV: {@code epoch,loss,val_loss,lr,seconds}, one row per epoch. */
public final class HistoryCsv {
    /** The header line. */
    public static final String HEADER = "epoch,loss,val_loss,lr,seconds";

    private HistoryCsv() {
    }

    /** The CSV text of {@code history}. */
    public static String format(List<EpochResult> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochResult r : history) {
            // shortest exact decimal of each double: a resumed run compares val_loss with the stored best
            sb.append(r.epoch()).append(',').append(r.loss()).append(',').append(r.valLoss()).append(',')
                    .append(r.learningRate()).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses text written by {@link #format}; {@code epochs} is the planned total. The improved flag is derived
     * (a row improves when its val_loss is below every earlier one).
     */
    public static List<EpochResult> parse(String csv, int epochs) {
        List<EpochResult> out = new ArrayList<>();
        String[] lines = csv.strip().split("\\R");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw new IllegalArgumentException("history.csv must start with the header '" + HEADER + "'");
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            if (f.length != 5) {
                throw new IllegalArgumentException("history.csv line " + (i + 1) + " has " + f.length
                        + " fields, expected 5: " + lines[i]);
            }
            double val = Double.parseDouble(f[2]);
            out.add(new EpochResult(Integer.parseInt(f[0].strip()), epochs, Double.parseDouble(f[1]), val,
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), val < best));
            best = Math.min(best, val);
        }
        return out;
    }
}
