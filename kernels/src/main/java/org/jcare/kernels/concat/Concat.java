package org.jcare.kernels.concat;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/** Channel concatenation as an autograd op; the backward splits the gradient back into the two inputs. */
public final class Concat {
    private Concat() {
    }

    /**
     * {@code [a, b]} along the channel axis (1) of two tensors that agree on every other axis, in this order
     * (CSBDeep concatenates [upsampled, skip]): N Ca [D] H W and N Cb [D] H W give N (Ca + Cb) [D] H W.
     */
    public static Tensor channels(Tensor a, Tensor b) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        if (sa.rank() < 2 || sa.rank() != sb.rank() || !sa.with(1, 0).equals(sb.with(1, 0))) {
            throw new IllegalArgumentException("Concat.channels: shapes " + sa + " and " + sb
                    + " must agree on every axis except the channel axis 1");
        }
        Engine e = a.engine();
        ConcatKernels k = ConcatKernels.on(e);
        int ca = sa.dimInt(1);
        int cb = sb.dimInt(1);
        int n = sa.dimInt(0);
        long spatial = sa.with(0, 1).with(1, 1).numel();
        Tensor y = e.empty(sa.with(1, (long) ca + cb));
        k.channelsForward(y, a, b, spatial, ca, cb, n);
        e.tape().record("concat", "channels=" + ca + "+" + cb, new Tensor[] {a, b}, new Tensor[] {y}, (node, g) -> {
            Tensor da = e.empty(sa);
            Tensor db = e.empty(sb);
            k.channelsBackward(da, db, g[0], spatial, ca, cb, n);
            // one launch writes both halves; an input that needs no gradient gets its buffer back at once
            if (!node.needsGrad(0)) {
                da.close();
                da = null;
            }
            if (!node.needsGrad(1)) {
                db.close();
                db = null;
            }
            return new Tensor[] {da, db};
        });
        return y;
    }
}
