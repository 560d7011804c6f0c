package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class ChannelRunsTest {
    /** Values encode their channel: v = 100 * c + running index, so every run must hold one channel only. */
    private static FloatImage image(String axes, long[] shape) {
        int ci = axes.indexOf('C');
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] data = new float[n];
        long[] idx = new long[shape.length];
        for (int f = 0; f < n; f++) {
            data[f] = 1000 * idx[ci] + f;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return FloatImage.of(axes, shape, data);
    }

    private static List<Float> values(ChannelRuns runs) {
        List<Float> v = new ArrayList<>();
        runs.forEach((a, off, cnt, stride) -> {
            for (int i = 0; i < cnt; i++) {
                v.add(a[off + i * stride]);
            }
        });
        return v;
    }

    @Test
    void everyChannelPositionYieldsExactlyThatChannel() {
        for (String axes : new String[] {"CZYX", "ZCYX", "ZYCX", "ZYXC"}) {
            long[] shape = new long[4];
            for (int i = 0; i < 4; i++) {
                shape[i] = axes.charAt(i) == 'C' ? 3 : 4 + i;
            }
            FloatImage img = image(axes, shape);
            long perChannel = img.numel() / 3;
            for (int c = 0; c < 3; c++) {
                ChannelRuns runs = ChannelRuns.of(img, c);
                assertEquals(perChannel, runs.count(), axes);
                List<Float> v = values(runs);
                assertEquals(perChannel, v.size());
                for (float f : v) {
                    assertEquals(c, (int) (f / 1000), axes + " channel " + c + " value " + f);
                }
                List<Float> flat = values(ChannelRuns.of(img.toArray(), img.shape(), axes.indexOf('C'), c));
                assertEquals(v, flat, axes + " as a flat array");
            }
        }
    }

    @Test
    void allCoversEveryVoxelAndBadChannelsAreRejected() {
        FloatImage img = image("CYX", new long[] {2, 3, 4});
        assertEquals(24, ChannelRuns.all(img).count());
        assertEquals(2, ChannelRuns.channelCount(img));
        assertThrows(IndexOutOfBoundsException.class, () -> ChannelRuns.of(img, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ChannelRuns.of(FloatImage.zeros("YX", 2, 2), 1));
    }
}
