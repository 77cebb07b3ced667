package org.polymorph.materials.internal.m3gnet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader of Python pickles (protocols 2 to 4) as PyTorch writes a state dict: the opcodes those
 * files use (PROTO, FRAME, MARK, STOP, the memo ops, ints, floats, strings, tuples, lists, dicts, NONE, booleans,
 * GLOBAL, REDUCE, BUILD, BINPERSID) and nothing that could run code. A GLOBAL becomes a {@link Global} name;
 * {@code REDUCE} applies only the callables PyTorch's state dicts use ({@code collections.OrderedDict} and
 * {@code torch._utils._rebuild_tensor_v2}); BUILD on a dict (the state dict's {@code _metadata}) is dropped.
 * Opcode reference: CPython's {@code Lib/pickletools.py}. Anything else, or a malformed stream, is an
 * IllegalArgumentException; every step consumes at least one byte, so a corrupt stream cannot loop.
 */
final class Unpickler {
    /** A {@code module.name} global, e.g. {@code torch FloatStorage}. */
    record Global(String module, String name) {
        @Override public String toString() { return module + "." + name; }
    }

    /** A persistent id, e.g. {@code ('storage', FloatStorage, '0', 'cpu', 64)}. */
    record Persistent(List<Object> id) { }

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)}. */
    record TensorRef(Persistent storage, long offset, long[] size, long[] stride) { }

    private static final Object MARK = new Object();
    private final byte[] b;
    private int p;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(byte[] bytes) { this.b = bytes; }

    /** The object a whole pickle describes. */
    static Object load(byte[] bytes) {
        try {
            return new Unpickler(bytes).run();
        } catch (IndexOutOfBoundsException | ClassCastException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("malformed pickle: " + e.getMessage());
        }
    }

    private Object run() {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> u8();                                   // PROTO
                case 0x95 -> skip(8);                                // FRAME
                case '(' -> stack.add(MARK);
                case '.' -> { return pop(); }                        // STOP
                case 'q' -> memo.put((long) u8(), top());            // BINPUT
                case 'r' -> memo.put(u32(), top());                  // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top());    // MEMOIZE
                case 'h' -> stack.add(memo(u8()));                   // BINGET
                case 'j' -> stack.add(memo(u32()));                  // LONG_BINGET
                case 'K' -> stack.add((long) u8());                  // BININT1
                case 'M' -> stack.add((long) (u8() | u8() << 8));    // BININT2
                case 'J' -> stack.add((long) (int) u32());           // BININT
                case 0x8a -> stack.add(long1());                     // LONG1
                case 'G' -> stack.add(Double.longBitsToDouble(be64())); // BINFLOAT
                case 'X' -> stack.add(text(u32()));                  // BINUNICODE
                case 0x8c -> stack.add(text(u8()));                  // SHORT_BINUNICODE
                case 'U' -> stack.add(text(u8()));                   // SHORT_BINSTRING
                case 'T' -> stack.add(text(u32()));                  // BINSTRING
                case 'N' -> stack.add(null);                         // NONE
                case 0x88 -> stack.add(Boolean.TRUE);                // NEWTRUE
                case 0x89 -> stack.add(Boolean.FALSE);               // NEWFALSE
                case ')' -> stack.add(List.of());                    // EMPTY_TUPLE
                case 't' -> stack.add(Collections.unmodifiableList(popMark())); // TUPLE
                case 0x85 -> stack.add(tuple(1));                    // TUPLE1
                case 0x86 -> stack.add(tuple(2));                    // TUPLE2
                case 0x87 -> stack.add(tuple(3));                    // TUPLE3
                case ']' -> stack.add(new ArrayList<>());            // EMPTY_LIST
                case 'a' -> { Object v = pop(); list(top()).add(v); } // APPEND
                case 'e' -> { List<Object> vs = popMark(); list(top()).addAll(vs); } // APPENDS
                case '}' -> stack.add(new LinkedHashMap<>());        // EMPTY_DICT
                case 's' -> { Object v = pop(); Object k = pop(); dict(top()).put(k, v); } // SETITEM
                case 'u' -> setItems(popMark());                     // SETITEMS
                case 'c' -> stack.add(new Global(line(), line()));   // GLOBAL
                case 0x93 -> { Object n = pop(); Object m = pop(); stack.add(new Global((String) m, (String) n)); } // STACK_GLOBAL
                case 'Q' -> stack.add(new Persistent(tupleOf(pop()))); // BINPERSID
                case 'R' -> { Object args = pop(); Object f = pop(); stack.add(reduce(f, tupleOf(args))); } // REDUCE
                case 'b' -> build();                                 // BUILD
                default -> throw new IllegalArgumentException("pickle opcode 0x" + Integer.toHexString(op) + " at byte " + (p - 1)
                        + " is not one a PyTorch state dict uses");
            }
        }
    }

    private Object reduce(Object f, List<Object> args) {
        if (f instanceof Global g && g.module().equals("collections") && g.name().equals("OrderedDict") && args.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (f instanceof Global g && g.module().equals("torch._utils") && g.name().equals("_rebuild_tensor_v2") && args.size() >= 4) {
            return new TensorRef((Persistent) args.get(0), (Long) args.get(1), longs(args.get(2)), longs(args.get(3)));
        }
        throw new IllegalArgumentException("pickle calls " + f + " with " + args.size() + " arguments; only OrderedDict() and tensors are read");
    }

    private void build() {
        Object state = pop();
        Object target = top();
        if (!(target instanceof Map) || !(state == null || state instanceof Map)) {
            throw new IllegalArgumentException("pickle BUILD on " + describe(target) + "; only a dict's attributes are expected");
        }
    }

    private void setItems(List<Object> kv) {
        if (kv.size() % 2 != 0) throw new IllegalArgumentException("pickle SETITEMS with an odd count " + kv.size());
        Map<Object, Object> d = dict(top());
        for (int k = 0; k < kv.size(); k += 2) d.put(kv.get(k), kv.get(k + 1));
    }

    private static long[] longs(Object tuple) {
        List<Object> t = tupleOf(tuple);
        long[] out = new long[t.size()];
        for (int k = 0; k < out.length; k++) out[k] = (Long) t.get(k);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tupleOf(Object o) {
        if (!(o instanceof List)) throw new IllegalArgumentException("pickle: expected a tuple, found " + describe(o));
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (!(o instanceof ArrayList)) throw new IllegalArgumentException("pickle: expected a list, found " + describe(o));
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        if (!(o instanceof Map)) throw new IllegalArgumentException("pickle: expected a dict, found " + describe(o));
        return (Map<Object, Object>) o;
    }

    private static String describe(Object o) { return o == null ? "None" : o.getClass().getSimpleName(); }

    private List<Object> tuple(int n) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(0, pop());
        return Collections.unmodifiableList(out);
    }

    private List<Object> popMark() {
        int m = stack.lastIndexOf(MARK);
        if (m < 0) throw new IllegalArgumentException("pickle: no MARK on the stack at byte " + p);
        List<Object> out = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return out;
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) throw new IllegalArgumentException("pickle: stack underflow at byte " + p);
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty()) throw new IllegalArgumentException("pickle: empty stack at byte " + p);
        return stack.get(stack.size() - 1);
    }

    private Object memo(long k) {
        if (!memo.containsKey(k)) throw new IllegalArgumentException("pickle: memo entry " + k + " not defined at byte " + p);
        return memo.get(k);
    }

    private int u8() {
        if (p >= b.length) throw new IllegalArgumentException("pickle ends at byte " + p + " before STOP");
        return b[p++] & 0xff;
    }

    private long u32() { return u8() | (long) u8() << 8 | (long) u8() << 16 | (long) u8() << 24; }

    private long be64() {
        long v = 0;
        for (int k = 0; k < 8; k++) v = v << 8 | u8();
        return v;
    }

    private long long1() {
        int n = u8();
        if (n > 8) throw new IllegalArgumentException("pickle: LONG1 of " + n + " bytes at byte " + p);
        long v = 0;
        for (int k = 0; k < n; k++) v |= (long) u8() << (8 * k);
        if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) v -= 1L << (8 * n);
        return v;
    }

    private void skip(long n) {
        if (n < 0 || n > b.length - p) throw new IllegalArgumentException("pickle: " + n + " bytes past the end at byte " + p);
        p += (int) n;
    }

    private String text(long n) {
        int start = p;
        skip(n);
        return new String(b, start, (int) n, StandardCharsets.UTF_8);
    }

    private String line() {
        int start = p;
        while (u8() != '\n') { /* up to the newline */ }
        return new String(b, start, p - 1 - start, StandardCharsets.UTF_8);
    }
}
