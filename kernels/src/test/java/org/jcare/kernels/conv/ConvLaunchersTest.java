package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.junit.jupiter.api.Test;

/** Per-geometry launchers on the opened device, with a tuned table naming it. */
class ConvLaunchersTest {
    private static ConvTunables changed(ConvTunables base) {
        ConvTunables.Cpu c = base.cpu();
        ConvTunables.Gpu g = base.gpu();
        return new ConvTunables("tuned", new ConvTunables.Cpu(c.vw(), 1, 4, 2, 1, 8, 1, 3, 4, 64),
                new ConvTunables.Gpu(16, 4, 2, 4, 16, 2, 16, 4, 16, 128, 64));
    }

    private static ConvTunedTable tableFor(Engine engine, ConvGeometry g, ConvTunables t) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("format", ConvTunedTable.FORMAT).put("version", ConvTunedTable.VERSION);
        ObjectNode e = root.putObject("devices").putObject(engine.device().name()).putArray("signatures").addObject();
        e.set("geometry", ConvTunedTable.geometryJson(g));
        e.set("tunables", ConvTunedTable.tunablesJson(t));
        return ConvTunedTable.parse(root.toString(), "test");
    }

    @Test
    void tunedGeometriesGetTheirTunablesAndOthersShareTheDefaultLauncher() {
        try (Engine engine = Engine.open((String) null)) {
            ConvGeometry tuned = new ConvGeometry(2, 3, 5, 1, 9, 16, 1, 3, 3);
            ConvTunables t = changed(ConvTunables.forDevice(engine.device()));
            ConvLaunchers l = new ConvLaunchers(engine, tableFor(engine, tuned, t));
            assertEquals(t.cpu(), l.forGeometry(tuned).tunables().cpu());
            assertEquals(t.gpu(), l.forGeometry(tuned).tunables().gpu());
            assertSame(l.forGeometry(tuned), l.forGeometry(tuned));
            ConvGeometry other = new ConvGeometry(1, 3, 5, 4, 9, 16, 3, 3, 3);
            ConvGeometry another = new ConvGeometry(2, 8, 8, 4, 9, 16, 3, 3, 3);
            assertEquals(ConvTunables.forDevice(engine.device()), l.forGeometry(other).tunables());
            assertSame(l.forGeometry(other), l.forGeometry(another));
            assertNotSame(l.forGeometry(tuned), l.forGeometry(other));
        }
    }

    @Test
    void convolutionThroughTheEngineServiceUsesTheTunedLauncherAndStaysExact() {
        try (Engine engine = Engine.open((String) null);
             Scope scope = engine.scope()) {
            Shape xs = Shape.of(2, 3, 9, 16);
            Shape ws = Shape.of(5, 3, 3, 3);
            ConvGeometry g = ConvGeometry.of(xs, ws);
            ConvTunables t = changed(ConvTunables.forDevice(engine.device()));
            // registered before the first convolution, so Conv and ConvPasses.on use this table
            engine.service(ConvLaunchers.class, e -> new ConvLaunchers(e, tableFor(e, g, t)));
            assertEquals(t.cpu(), engine.service(ConvLaunchers.class, ConvLaunchers::new).forGeometry(g).tunables().cpu());
            DoubleTensor x = DoubleTensor.uniform(xs, 1, -1, 1).roundedToFloat();
            DoubleTensor w = DoubleTensor.uniform(ws, 2, -0.5, 0.5).roundedToFloat();
            DoubleTensor b = DoubleTensor.uniform(Shape.of(5), 3, -0.3, 0.3).roundedToFloat();
            Tensor y = Conv.apply(DeviceChecks.upload(engine, x), DeviceChecks.upload(engine, w),
                    DeviceChecks.upload(engine, b), true);
            ConvKernelsTest.assertClose("tuned conv2d forward", ConvRef.forward(x, w, b, true), y);
        }
    }
}
