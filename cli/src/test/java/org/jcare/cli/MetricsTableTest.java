package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.training.eval.Metrics.ImageMetrics;
import org.junit.jupiter.api.Test;

class MetricsTableTest {
    private static final List<MetricsTable.Row> ROWS = List.of(
            new MetricsTable.Row("a.tif", new ImageMetrics(0.2, 14, 0.3), new ImageMetrics(0.1, 20, 0.7)),
            new MetricsTable.Row("b,c.tif", new ImageMetrics(0.4, 8, 0.1), new ImageMetrics(0.1, 22, 0.9)));

    @Test
    void tableHasOneLinePerImageThenMeanAndStd() {
        String[] lines = MetricsTable.format(ROWS).split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].contains("input") && lines[0].contains("restored"));
        assertTrue(lines[2].startsWith("a.tif") && lines[2].contains("14.00") && lines[2].contains("20.00"), lines[2]);
        assertTrue(lines[4].startsWith("mean") && lines[4].contains("11.00") && lines[4].contains("21.00"), lines[4]);
        assertTrue(lines[5].startsWith("std") && lines[5].contains("4.24") && lines[5].contains("1.41"), lines[5]);
    }

    @Test
    void csvQuotesNamesAndLeavesMissingInputsEmpty() {
        String csv = MetricsTable.csv(List.of(ROWS.get(1),
                new MetricsTable.Row("d.tif", null, new ImageMetrics(0.1, 20, 0.5))));
        String[] lines = csv.split("\n");
        assertEquals("image,input_nrmse,input_psnr,input_ssim,restored_nrmse,restored_psnr,restored_ssim", lines[0]);
        assertEquals("\"b,c.tif\",0.4,8.0,0.1,0.1,22.0,0.9", lines[1]);
        assertEquals("d.tif,,,,0.1,20.0,0.5", lines[2]);
        assertTrue(!MetricsTable.format(List.of(new MetricsTable.Row("d.tif", null, new ImageMetrics(0.1, 20, 0.5))))
                .contains("input"));
    }
}
