package org.polymorph.autodiff;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.polymorph.core.tensor.Tensor;

/**
 * Pytrees: nested structures whose leaves are {@link Var}s or {@link Tensor}s. Containers are
 * {@link List}s, {@link Map}s (rebuilt as insertion-ordered maps), arrays and records (rebuilt
 * through their canonical constructor, so they must be public). Anything else (numbers, strings,
 * null) is static data: kept as it is, never differentiated.
 */
public final class Trees {
    private Trees() { }

    /** The structure of a tree without its leaves. */
    public sealed interface Def permits Leaf, ListDef, MapDef, ArrayDef, RecordDef, Static {
        /** Number of leaves. */
        int leaves();
    }

    /** A leaf; {@code tensorSlot} when it must be rebuilt as a Tensor (array or record component typed Tensor). */
    public record Leaf(boolean tensorSlot) implements Def {
        public int leaves() { return 1; }
    }

    public record ListDef(List<Def> children, int leaves) implements Def { }

    public record MapDef(List<Object> keys, List<Def> children, int leaves) implements Def { }

    public record ArrayDef(Class<?> componentType, List<Def> children, int leaves) implements Def { }

    public record RecordDef(Class<?> type, List<Def> children, int leaves) implements Def { }

    public record Static(Object value) implements Def {
        public int leaves() { return 0; }
    }

    /** The leaves of a tree in order (Tensors become constants of {@code ops}) and its structure. */
    public record Flat(List<Var> leaves, Def def) { }

    public static Flat flatten(Object tree, Ops ops) {
        List<Var> leaves = new ArrayList<>();
        Def def = flatten(tree, ops, leaves, false);
        return new Flat(List.copyOf(leaves), def);
    }

    private static Def flatten(Object node, Ops ops, List<Var> out, boolean tensorSlot) {
        if (node instanceof Var) {
            out.add((Var) node);
            return new Leaf(tensorSlot);
        }
        if (node instanceof Tensor) {
            out.add(ops.constant((Tensor) node));
            return new Leaf(tensorSlot);
        }
        if (node instanceof List<?>) {
            List<Def> ch = new ArrayList<>();
            int n0 = out.size();
            for (Object o : (List<?>) node) ch.add(flatten(o, ops, out, false));
            return new ListDef(List.copyOf(ch), out.size() - n0);
        }
        if (node instanceof Map<?, ?>) {
            List<Object> keys = new ArrayList<>();
            List<Def> ch = new ArrayList<>();
            int n0 = out.size();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
                keys.add(e.getKey());
                ch.add(flatten(e.getValue(), ops, out, false));
            }
            return new MapDef(keys, List.copyOf(ch), out.size() - n0);
        }
        if (node != null && node.getClass().isArray() && !node.getClass().getComponentType().isPrimitive()) {
            Class<?> ct = node.getClass().getComponentType();
            List<Def> ch = new ArrayList<>();
            int n0 = out.size();
            for (int i = 0; i < Array.getLength(node); i++) {
                ch.add(flatten(Array.get(node, i), ops, out, ct == Tensor.class));
            }
            return new ArrayDef(ct, List.copyOf(ch), out.size() - n0);
        }
        if (node != null && node.getClass().isRecord()) {
            List<Def> ch = new ArrayList<>();
            int n0 = out.size();
            for (RecordComponent rc : node.getClass().getRecordComponents()) {
                try {
                    ch.add(flatten(rc.getAccessor().invoke(node), ops, out, rc.getType() == Tensor.class));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read component " + rc.getName() + " of record "
                            + node.getClass().getName() + ": make the record public", e);
                }
            }
            return new RecordDef(node.getClass(), List.copyOf(ch), out.size() - n0);
        }
        return new Static(node);
    }

    /** Rebuilds a tree of structure {@code def} from {@code leaves} (Vars, or Tensors for tensor slots). */
    public static Object unflatten(Def def, List<? extends Var> leaves) {
        if (leaves.size() != def.leaves()) {
            throw new IllegalArgumentException("unflatten: the structure has " + def.leaves() + " leaves, got " + leaves.size());
        }
        int[] pos = {0};
        return build(def, leaves, pos);
    }

    private static Object build(Def def, List<? extends Var> leaves, int[] pos) {
        if (def instanceof Leaf l) {
            Var v = leaves.get(pos[0]++);
            return l.tensorSlot() ? v.value() : v;
        }
        if (def instanceof ListDef l) {
            List<Object> out = new ArrayList<>();
            for (Def c : l.children()) out.add(build(c, leaves, pos));
            return out;
        }
        if (def instanceof MapDef m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < m.keys().size(); i++) out.put(m.keys().get(i), build(m.children().get(i), leaves, pos));
            return out;
        }
        if (def instanceof ArrayDef a) {
            Object arr = Array.newInstance(a.componentType(), a.children().size());
            for (int i = 0; i < a.children().size(); i++) Array.set(arr, i, build(a.children().get(i), leaves, pos));
            return arr;
        }
        if (def instanceof RecordDef r) {
            RecordComponent[] rcs = r.type().getRecordComponents();
            Object[] args = new Object[rcs.length];
            Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = build(r.children().get(i), leaves, pos);
                types[i] = rcs[i].getType();
            }
            try {
                Constructor<?> c = r.type().getDeclaredConstructor(types);
                return c.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot rebuild record " + r.type().getName()
                        + ": it needs a public canonical constructor whose Var/Tensor components accept Vars", e);
            }
        }
        return ((Static) def).value();
    }

    /** The same structure with {@code f} applied to every leaf. */
    @SuppressWarnings("unchecked")
    public static <T> T map(T tree, Ops ops, UnaryOperator<Var> f) {
        Flat flat = flatten(tree, ops);
        List<Var> out = new ArrayList<>(flat.leaves().size());
        for (Var v : flat.leaves()) out.add(f.apply(v));
        return (T) unflatten(flat.def(), out);
    }

    /** Leafwise {@code f(a, b)} of two trees of one structure. */
    @SuppressWarnings("unchecked")
    public static <T> T zip(T a, T b, Ops ops, BinaryOperator<Var> f) {
        Flat fa = flatten(a, ops);
        Flat fb = flatten(b, ops);
        if (fa.leaves().size() != fb.leaves().size()) {
            throw new IllegalArgumentException("trees differ: " + fa.leaves().size() + " vs " + fb.leaves().size() + " leaves");
        }
        List<Var> out = new ArrayList<>(fa.leaves().size());
        for (int i = 0; i < fa.leaves().size(); i++) out.add(f.apply(fa.leaves().get(i), fb.leaves().get(i)));
        return (T) unflatten(fa.def(), out);
    }
}
