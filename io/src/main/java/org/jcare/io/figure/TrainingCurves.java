package org.jcare.io.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-epoch training history: loss, validation loss and (optionally) learning rate, as Keras' CSVLogger and jcare's
 * {@code history.csv} store them ({@code epoch,loss,val_loss,lr}, columns in any order, others ignored).
 *
 * @param epochs       epoch numbers
 * @param loss         training loss per epoch
 * @param valLoss      validation loss per epoch (empty when there is none)
 * @param learningRate learning rate per epoch (empty when unknown)
 */
public record TrainingCurves(double[] epochs, double[] loss, double[] valLoss, double[] learningRate) {
    /**
     * Checks that the series have one value per epoch.
     *
     * @throws IllegalArgumentException naming the series otherwise
     */
    public TrainingCurves {
        int n = epochs.length;
        if (loss.length != n || valLoss.length != 0 && valLoss.length != n
                || learningRate.length != 0 && learningRate.length != n) {
            throw new IllegalArgumentException("training curves of " + n + " epochs need as many values: loss has "
                    + loss.length + ", val_loss " + valLoss.length + ", lr " + learningRate.length);
        }
        epochs = epochs.clone();
        loss = loss.clone();
        valLoss = valLoss.clone();
        learningRate = learningRate.clone();
    }

    /**
     * Parses a history CSV with a header line naming {@code loss} and optionally {@code epoch}, {@code val_loss},
     * {@code lr}; without an epoch column, epochs count from 0.
     *
     * @param csv the text
     * @return the curves
     * @throws IllegalArgumentException naming the line when the CSV has no loss column or a value is not a number
     */
    public static TrainingCurves parseCsv(String csv) {
        String[] lines = csv.strip().split("\\R");
        List<String> head = Arrays.asList(lines[0].trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        int e = head.indexOf("epoch");
        int l = head.indexOf("loss");
        int v = head.indexOf("val_loss");
        int r = head.indexOf("lr") >= 0 ? head.indexOf("lr") : head.indexOf("learning_rate");
        if (l < 0) {
            throw new IllegalArgumentException("history CSV has no 'loss' column in its header '" + lines[0] + "'");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",");
            double[] row = new double[4];
            try {
                row[0] = e >= 0 ? Double.parseDouble(f[e].trim()) : rows.size();
                row[1] = Double.parseDouble(f[l].trim());
                row[2] = v >= 0 ? Double.parseDouble(f[v].trim()) : Double.NaN;
                row[3] = r >= 0 ? Double.parseDouble(f[r].trim()) : Double.NaN;
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("history CSV line " + (i + 1) + " '" + lines[i]
                        + "' does not match its header '" + lines[0] + "'");
            }
            rows.add(row);
        }
        int n = rows.size();
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                c[k][i] = rows.get(i)[k];
            }
        }
        return new TrainingCurves(c[0], c[1], v >= 0 ? c[2] : new double[0], r >= 0 ? c[3] : new double[0]);
    }
}
