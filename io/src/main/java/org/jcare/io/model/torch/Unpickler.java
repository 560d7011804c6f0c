package org.jcare.io.model.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;

/**
 * A restricted unpickler for PyTorch state dicts: the opcodes {@code torch.save} writes with pickle protocol 2, and
 * only the globals a state dict of tensors uses ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch.*Storage}). Nothing is executed; any other global is an
 * error, like {@code torch.load(weights_only=True)}.
 */
final class Unpickler {
    private static final Object MARK = new Object();
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    /** A global reference {@code module.name}. */
    record Global(String module, String name) {
    }

    /** A storage persistent id: ('storage', type, key, location, numel). */
    record StorageRef(String type, String key, long numel) {
    }

    /** A rebuilt tensor: a view of a storage. */
    record TensorRef(String storageType, String storageKey, long offset, long[] size, long[] stride) {
        TensorData toTensor(byte[] storage, String name, Path file) throws FileFormatException {
            long n = 1;
            long expected = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                if (size[i] != 1 && stride[i] != expected) {
                    throw new FileFormatException(file, "tensor " + name + " is not contiguous (stride "
                            + java.util.Arrays.toString(stride) + "); save tensor.contiguous()");
                }
                expected *= size[i];
                n *= size[i];
            }
            if ((offset + n) * 4 > storage.length) {
                throw new FileFormatException(file, "tensor " + name + " reaches past its storage");
            }
            float[] v = new float[(int) n];
            ByteBuffer.wrap(storage, (int) offset * 4, (int) n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return new TensorData(size, v);
        }
    }

    Unpickler(byte[] data) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    Object load() {
        while (in.hasRemaining()) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME (protocol 4)
                case 'c' -> push(global(line(), line()));
                case '(' -> push(MARK);
                case ')' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt());
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 0x8a -> push(long1());
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
                case 'X' -> push(string(in.getInt()));
                case 0x8c -> push(string(in.get() & 0xff)); // SHORT_BINUNICODE
                case 't' -> push(popMark());
                case 0x85 -> push(new ArrayList<>(List.of(pop())));
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    push(new ArrayList<>(List.of(a, b)));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(new ArrayList<>(List.of(a, b, c)));
                }
                case 'q' -> memo.put(in.get() & 0xff, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memo.get(in.get() & 0xff));
                case 'j' -> push(memo.get(in.getInt()));
                case 'Q' -> push(persistent(pop()));
                case 'R' -> {
                    Object args = pop();
                    push(reduce(pop(), args));
                }
                case 'b' -> pop(); // BUILD: the state (a state dict's _metadata) is not needed
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    dict(peek()).put(k, v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> d = dict(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        d.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case '.' -> {
                    return pop();
                }
                default -> throw new IllegalArgumentException(String.format("unsupported pickle opcode 0x%02x at byte %d",
                        op, in.position() - 1));
            }
        }
        throw new IllegalArgumentException("the pickle has no STOP");
    }

    private static Global global(String module, String name) {
        boolean ok = (module.equals("collections") && name.equals("OrderedDict"))
                || (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2"))
                || (module.equals("torch") && name.endsWith("Storage"));
        if (!ok) {
            throw new IllegalArgumentException("refers to " + module + "." + name + ", which a state dict of tensors"
                    + " does not use (only OrderedDict, _rebuild_tensor_v2 and storages are read)");
        }
        return new Global(module, name);
    }

    private static Object persistent(Object pid) {
        List<?> t = list(pid);
        if (t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Global g)) {
            throw new IllegalArgumentException("unexpected persistent id " + pid);
        }
        return new StorageRef(g.name(), String.valueOf(t.get(2)), ((Number) t.get(4)).longValue());
    }

    private static Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            throw new IllegalArgumentException("cannot call " + callable);
        }
        List<?> a = list(args);
        if (g.name().equals("OrderedDict")) {
            return new LinkedHashMap<>();
        }
        if (g.name().equals("_rebuild_tensor_v2")) {
            if (a.size() < 4 || !(a.get(0) instanceof StorageRef s)) {
                throw new IllegalArgumentException("unexpected tensor arguments " + args);
            }
            return new TensorRef(s.type(), s.key(), ((Number) a.get(1)).longValue(), longs(a.get(2)), longs(a.get(3)));
        }
        throw new IllegalArgumentException("cannot call " + g.module() + "." + g.name());
    }

    private static long[] longs(Object o) {
        List<?> l = list(o);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a dict, found " + o);
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("expected a tuple or list, found " + o);
        }
        return (List<Object>) o;
    }

    private long long1() {
        int n = in.get() & 0xff;
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement of n bytes
        }
        return v;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        for (byte b; (b = in.get()) != '\n'; ) {
            sb.append((char) b);
        }
        return sb.toString();
    }

    private String string(int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("pickle stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("pickle stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        List<Object> items = new ArrayList<>();
        while (true) {
            Object o = pop();
            if (o == MARK) {
                java.util.Collections.reverse(items);
                return items;
            }
            items.add(o);
        }
    }
}
