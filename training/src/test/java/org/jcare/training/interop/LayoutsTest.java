package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.io.model.UNetLayout;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.model.ProjectionNetwork;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.Test;

/** The io module's layouts name and shape exactly the parameters of the training module's networks, in their order. */
class LayoutsTest {
    @Test
    void layoutIsTheNetworksParameterList() {
        UNetSpec spec = new UNetSpec(3, 2, 1, 2, new int[] {1, 3, 3}, 4, false, true, true, new int[] {1, 2, 2});
        try (Engine engine = Engine.open((String) null); UNet net = new UNet(engine, spec)) {
            List<String> expected = new ArrayList<>();
            for (Parameter p : net.parameters().list()) {
                expected.add(p.name() + Arrays.toString(p.shape().dims()));
            }
            List<String> layout = new ArrayList<>();
            for (UNetLayout.Conv c : Layouts.of(spec).convs()) {
                layout.add(c.name() + ".weight" + Arrays.toString(c.weightShape()));
                layout.add(c.name() + ".bias" + Arrays.toString(new long[] {c.out()}));
            }
            assertEquals(expected, layout);
            assertEquals(spec, Layouts.spec(Layouts.of(spec)));
        }
    }

    @Test
    void projectionLayoutIsTheProjectionNetworksParameterList() {
        CareConfig config = CareConfig.builder("ZYX").unetNDepth(1).unetNFirst(4).task(TaskSpec.ofProjection(
                new ProjectionParams("Z", 2, 3, 2, new int[] {3, 5, 3}, new int[] {1, 2, 2}))).build();
        ProjectionSpec spec = ProjectionSpec.fromConfig(config);
        try (Engine engine = Engine.open((String) null); ProjectionNetwork net = new ProjectionNetwork(engine, spec)) {
            List<String> expected = new ArrayList<>();
            for (Parameter p : net.parameters().list()) {
                expected.add(p.name() + Arrays.toString(p.shape().dims()));
            }
            List<String> layout = new ArrayList<>();
            for (UNetLayout.Conv c : Layouts.convs(config)) {
                layout.add(c.name() + ".weight" + Arrays.toString(c.weightShape()));
                layout.add(c.name() + ".bias" + Arrays.toString(new long[] {c.out()}));
            }
            assertEquals(expected, layout);
            assertEquals(Layouts.of(spec.denoiser()), Layouts.unet(config));
        }
    }
}
