package org.jcare.training.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jcare.training.model.CareNetwork;

/** A fingerprint of a network's weights and geometry, so that a resumed restoration continues with the same model. */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    /** SHA-256 (first 16 hex digits) of the weights' float32 bits, the channel counts, divisibility and halo. */
    public static String of(CareNetwork net) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            float[] w = net.parameters().readValues();
            ByteBuffer b = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(w);
            d.update(b.array());
            d.update((net.inputChannels() + "/" + net.outputChannels() + "/"
                    + java.util.Arrays.toString(net.divisibility()) + "/" + java.util.Arrays.toString(net.halo()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
