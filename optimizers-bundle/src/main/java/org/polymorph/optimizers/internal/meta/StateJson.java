package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * Meta-training's state as JSON values, exactly: a {@link Frozen} tree as the list of its leaves' values (float64 leaves
 * as numbers, non-finite ones by name, {@link WorkValues}; int64 leaves as integers), its structure, shapes and dtypes
 * taken from a tree of {@link Shapes} when read back; an {@link InnerState} and an {@link Estimator.Member} as objects of
 * those. What {@link MemberWork}'s items and results carry.
 */
final class StateJson {
    private StateJson() { }

    static List<Object> write(TensorService ts, Frozen f) {
        List<Object> out = new ArrayList<>();
        for (Tensor t : f.leaves()) {
            double[] v = ts.toDoubleArray(t);
            if (t.dtype() == DType.INT64) {
                long[] l = new long[v.length];
                for (int i = 0; i < l.length; i++) l[i] = (long) v[i];
                out.add(l);
            } else if (t.dtype() == DType.FLOAT64) {
                out.add(WorkValues.reals(v));
            } else {
                throw new IllegalStateException("meta-training state holds a " + t.dtype() + " tensor; only float64 and int64 travel");
            }
        }
        return out;
    }

    /** The tree {@link #write} wrote, shaped as {@code like}; {@code name} is the item parameter a bad value is reported as. */
    static Frozen read(Ops o, Object like, Object json, String name) {
        if (!(json instanceof List<?> leaves)) throw BadInputException.forParam(name, json, "not a list of tensors", "give the leaves' values as lists");
        List<Var> vars = Trees.flatten(like, o).leaves();
        if (vars.size() != leaves.size()) {
            throw BadInputException.forParam(name, leaves.size() + " tensors", "the tree has " + vars.size(), "give one list per leaf");
        }
        TensorService ts = o.tensors();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Var v = vars.get(i);
            double[] d = WorkValues.reals(leaves.get(i), name + "[" + i + "]");
            if (d.length != v.shape().size()) {
                throw BadInputException.forParam(name + "[" + i + "]", d.length + " values", "the leaf is " + v.shape(), "give " + v.shape().size() + " values");
            }
            if (v.dtype() == DType.INT64) {
                List<?> exact = (List<?>) leaves.get(i);
                long[] l = new long[d.length];
                for (int k = 0; k < l.length; k++) {
                    if (!(exact.get(k) instanceof Long x)) throw BadInputException.forParam(name + "[" + i + "][" + k + "]", exact.get(k), "not an integer", "give the int64 leaf's integers");
                    l[k] = x;
                }
                out.add(ts.fromArray(l, v.shape().toArray()));
            } else {
                out.add(ts.fromArray(d, v.shape().toArray()));
            }
        }
        return Frozen.like(like, o, out);
    }

    static Map<String, Object> write(TensorService ts, InnerState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", s.task());
        m.put("key", List.of(s.dataKey().k0(), s.dataKey().k1()));
        m.put("episode", s.episode());
        m.put("iteration", s.iteration());
        m.put("length", s.length());
        m.put("params", write(ts, s.params()));
        m.put("opt_state", write(ts, s.optState()));
        return m;
    }

    static InnerState inner(Ops o, LearnedOptimizer lopt, Frozen theta, TaskDistribution tasks, Object json, String name) {
        if (!(json instanceof Map<?, ?>)) throw BadInputException.forParam(name, json, "not an inner run", "give {\"task\": ..., ...}");
        @SuppressWarnings("unchecked") Map<String, Object> m = WorkValues.within((Map<String, Object>) json, name);
        int task = (int) WorkValues.integer(m, name + ".task", 0, tasks.tasks().size() - 1);
        List<Object> key = WorkValues.list(m, name + ".key");
        if (key.size() != 2 || !(key.get(0) instanceof Long k0) || !(key.get(1) instanceof Long k1)) {
            throw BadInputException.forParam(name + ".key", key, "not two 64-bit integers", "give [k0, k1]");
        }
        long length = WorkValues.integer(m, name + ".length", 1, Long.MAX_VALUE);
        Object like = Shapes.params(o, tasks.tasks().get(task));
        return new InnerState(task, new RandomKey(k0, k1), WorkValues.integer(m, name + ".episode", 0, Long.MAX_VALUE),
                WorkValues.integer(m, name + ".iteration", 0, length), length, read(o, like, m.get(name + ".params"), name + ".params"),
                read(o, Shapes.optState(o, lopt, theta, length, like), m.get(name + ".opt_state"), name + ".opt_state"));
    }

    /** A member's state, or null before its first outer step. */
    static Map<String, Object> write(TensorService ts, Estimator.Member s) {
        if (s == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pos", write(ts, s.pos()));
        m.put("neg", s.neg() == null ? null : write(ts, s.neg()));
        m.put("accum", s.accum() == null ? null : write(ts, s.accum()));
        return m;
    }

    static Estimator.Member member(Ops o, LearnedOptimizer lopt, Frozen theta, TaskDistribution tasks, Object json, String name) {
        if (json == null) return null;
        if (!(json instanceof Map<?, ?> m)) throw BadInputException.forParam(name, json, "not a member state", "give {\"pos\": ..., \"neg\": ..., \"accum\": ...} or null");
        return new Estimator.Member(inner(o, lopt, theta, tasks, m.get("pos"), name + ".pos"),
                m.get("neg") == null ? null : inner(o, lopt, theta, tasks, m.get("neg"), name + ".neg"),
                m.get("accum") == null ? null : read(o, Shapes.theta(o, lopt), m.get("accum"), name + ".accum"));
    }
}
