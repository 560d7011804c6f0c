package org.jcare.engine.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Owns the temporaries created while it is the innermost open scope of an engine; closing it closes them
 * (in reverse order). A result that must outlive the scope is handed out with {@link #keep(Tensor)}.
 */
public final class Scope implements AutoCloseable {
    private final List<Tensor> owned = new ArrayList<>();
    private final Runnable onClose;
    private boolean closed;

    /** Used by the engine, which pops the scope from its stack in {@code onClose}. */
    public Scope(Runnable onClose) {
        this.onClose = onClose;
    }

    /** Registers a tensor to be closed with this scope. */
    public void own(Tensor t) {
        owned.add(t);
    }

    /** Stops owning {@code t}: the caller (or an outer scope) now closes it. Returns {@code t}. */
    public Tensor keep(Tensor t) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                owned.remove(i);
                break;
            }
        }
        return t;
    }

    /** Number of tensors this scope will close. */
    public int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Tensor> reversed = new ArrayList<>(owned);
        Collections.reverse(reversed);
        Set<Tensor> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Tensor t : reversed) {
            if (seen.add(t)) {
                t.close();
            }
        }
        owned.clear();
        onClose.run();
    }
}
