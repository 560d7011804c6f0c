package org.jcare.training.predict;

import java.util.List;
import org.jcare.engine.tensor.Tensor;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.model.UNet;

/**
 * What {@link TiledPredictor} runs on each tile on the device: by default one network's forward pass, whose output
 * channels are the restoration (and, for a probabilistic network, the Laplace scale); an ensemble runs several
 * networks on the same tile and computes per-pixel readouts before anything is read back. The tiling (divisibility,
 * halo, input channels, device memory) follows {@link #network()}.
 */
public interface TileProgram {
    /** The network whose geometry the tiles follow (for an ensemble: any member; all share it). */
    CareNetwork network();

    /** The images this program produces, in the order of its output channels. */
    List<TileOutput> outputs();

    /**
     * Runs on one normalized tile {@code [1, C, spatial]} and returns {@code [1, sum of output channels, spatial]}.
     * Tensors it creates belong to the caller's open scope (an implementation may free its temporaries earlier).
     *
     * @param where the tile's place in the image (for results keyed by position, such as random samples)
     */
    Tensor run(Tensor tile, TilePosition where);

    /** Device bytes per tile voxel beyond one forward pass of {@link #network()} (tile planning). */
    default long extraBytesPerVoxel() {
        return 0;
    }

    /** One network's forward pass: its mean channels, then its scale channels when it is probabilistic. */
    static TileProgram of(CareNetwork net) {
        boolean probabilistic = net instanceof UNet u && u.spec().probabilistic();
        int meanChannels = net.outputChannels() / (probabilistic ? 2 : 1);
        List<TileOutput> outputs = probabilistic
                ? List.of(new TileOutput("mean", meanChannels, TileOutput.Undo.LOCATION),
                        new TileOutput("scale", meanChannels, TileOutput.Undo.SCALE))
                : List.of(new TileOutput("mean", meanChannels, TileOutput.Undo.LOCATION));
        return new TileProgram() {
            @Override
            public CareNetwork network() {
                return net;
            }

            @Override
            public List<TileOutput> outputs() {
                return outputs;
            }

            @Override
            public Tensor run(Tensor tile, TilePosition where) {
                return net.forward(tile);
            }
        };
    }
}
