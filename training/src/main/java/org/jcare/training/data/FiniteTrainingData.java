package org.jcare.training.data;

import org.jcare.io.image.FloatImage;
import org.jcare.io.image.NonFinitePixels;

/**
 * Refuses training data with NaN or infinite values before training starts: one such value makes the loss NaN, which
 * would otherwise surface epochs later as "training diverged". The message names the file (or array) and the count.
 */
final class FiniteTrainingData {
    private FiniteTrainingData() {
    }

    /**
     * Checks both images of a pair.
     *
     * @throws IllegalArgumentException naming the file and the count of non-finite pixels
     */
    static void require(RawData.ImagePair pair) {
        String name = pair.name();
        int arrow = name.indexOf(" -> ");
        String source = arrow < 0 ? name + " (source)" : name.substring(0, arrow);
        String target = arrow < 0 ? name + " (target)" : name.substring(arrow + 4);
        require(pair.source(), source);
        require(pair.target(), target);
    }

    private static void require(FloatImage img, String name) {
        NonFinitePixels bad = NonFinitePixels.of(img);
        if (!bad.none()) {
            throw new IllegalArgumentException(name + " holds " + bad.describe() + "; training needs finite values:"
                    + " replace them (for example in Fiji: Process > Math > Remove NaNs) or crop them away");
        }
    }

    /**
     * What is wrong with training patches (for example from an .npz) that hold non-finite values, or null when all
     * are finite: the array, the count and the first sample.
     */
    static String problem(TrainingData data) {
        long x = 0;
        long y = 0;
        int firstX = -1;
        int firstY = -1;
        for (int i = 0; i < data.size(); i++) {
            long nx = NonFinitePixels.count(data.x(i));
            long ny = NonFinitePixels.count(data.y(i));
            if (nx > 0 && firstX < 0) {
                firstX = i;
            }
            if (ny > 0 && firstY < 0) {
                firstY = i;
            }
            x += nx;
            y += ny;
        }
        if (x + y == 0) {
            return null;
        }
        String where = x > 0 ? "X holds " + x + " non-finite values (NaN or infinity), the first in sample " + firstX
                : "";
        if (y > 0) {
            where += (where.isEmpty() ? "" : " and ") + "Y holds " + y
                    + " non-finite values (NaN or infinity), the first in sample " + firstY;
        }
        return where + "; training needs finite values: regenerate the patches from finite images";
    }
}
