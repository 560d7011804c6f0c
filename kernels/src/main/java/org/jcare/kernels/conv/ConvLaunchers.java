package org.jcare.kernels.conv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.Engine;

/**
 * The convolution launchers of one engine ({@code engine.service}): one {@link ConvKernels} per distinct set of
 * tunables, chosen per geometry from the tuned table ({@link ConvTunedTable#load()}, read once per engine). A
 * device without tuned entries uses one launcher with {@link ConvTunables#forDevice} for every layer, as before
 * the tuner existed.
 */
public final class ConvLaunchers {
    private final Engine engine;
    private final ConvTunedTable table;
    private final Map<List<Object>, ConvKernels> byTunables = new HashMap<>();
    private final Map<ConvGeometry, ConvKernels> byGeometry = new HashMap<>();

    /** The launchers of {@code engine} with the table {@link ConvTunedTable#load()} selects. */
    public ConvLaunchers(Engine engine) {
        this(engine, ConvTunedTable.load());
    }

    /** The launchers of {@code engine} with an explicit table (tests, the tuner). */
    public ConvLaunchers(Engine engine, ConvTunedTable table) {
        this.engine = engine;
        this.table = table;
    }

    /** The table the tunables come from. */
    public ConvTunedTable table() {
        return table;
    }

    /** The launcher for geometry {@code g}: built programs are shared by every geometry with the same tunables. */
    public ConvKernels forGeometry(ConvGeometry g) {
        ConvKernels k = byGeometry.get(g);
        if (k == null) {
            ConvTunables t = ConvTunables.forGeometry(engine.device(), g, table);
            // the tensor-core tiles are part of the key: a signature may carry its own (and the kernel generation)
            k = byTunables.computeIfAbsent(List.of(t.cpu(), t.gpu(), t.tf32()), key -> ConvKernels.on(engine, t));
            byGeometry.put(g, k);
        }
        return k;
    }
}
