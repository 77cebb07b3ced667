package org.polymorph.analysis.deq;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.TensorService;

/**
 * A deep equilibrium layer (Bai, Kolter &amp; Koltun 2019): its output is the fixed point z* = f(z*, x; θ) of a cell f,
 * the limit of an infinitely deep network with tied weights. Forward, z* is found from z = 0 by a
 * {@link FixedPointSolver} on concrete values; backward (and forward mode), derivatives come from the implicit function
 * theorem through {@link Implicit#root} on g(z, (θ, x)) = f(z, x; θ) − z, so nothing of the solver's iterations is
 * taped: ∂(z*)/∂(θ, x) = (I − ∂f/∂z)⁻¹ ∂f/∂(θ, x), the linear solve being {@code backward} (GMRES on VJPs, or dense).
 *
 * <p>Shapes: x (batch, d), z (batch, width); θ a map of named Vars (a pytree). A solve that misses the solver's
 * tolerance throws {@link FixedPointSolver.NotConvergedException} (an ArithmeticException naming the residual and the
 * iterations); it is never returned silently.
 */
public final class DeqLayer {
    /** f(z, x; θ) → next z, of z's shape. */
    @ConsumerType
    @FunctionalInterface
    public interface Cell {
        Var apply(Var z, Var x, Map<String, Var> theta);
    }

    /**
     * The cell of Agarwala &amp; Schoenholz (2022): f(z, x) = tanh(z·W + x·U + b) with θ = {"w": (width, width),
     * "u": (d, width), "b": (width)}; z·W is the row-vector form of W z.
     */
    public static final Cell TANH = (z, x, th) -> {
        Ops o = z.ops();
        return o.tanh(o.add(o.add(o.matmul(z, th.get("w")), o.matmul(x, th.get("u"))), th.get("b")));
    };

    /** z* and how the forward solve went. */
    public record Output(Var z, FixedPointSolver.Solution forward) { }

    private final Cell cell;
    private final int width;
    private final FixedPointSolver solver;
    private final Implicit.LinearSolve backward;

    public DeqLayer(Cell cell, int width, FixedPointSolver solver, Implicit.LinearSolve backward) {
        if (cell == null || solver == null || backward == null) throw new IllegalArgumentException("DEQ layer: cell, solver and backward solve are required");
        if (width < 1) throw new IllegalArgumentException("DEQ layer: width = " + width + "; give width >= 1");
        this.cell = cell;
        this.width = width;
        this.solver = solver;
        this.backward = backward;
    }

    public int width() { return width; }

    public FixedPointSolver solver() { return solver; }

    /** z* (batch, width) for x (batch, d), differentiable with respect to θ and x; throws when the solve does not converge. */
    public Output apply(AD ad, Map<String, Var> theta, Var x) {
        if (x.rank() != 2) throw new IllegalArgumentException("DEQ layer: x has shape " + x.shape() + "; give (batch, features)");
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        int[] shape = {x.dim(0), width};
        FixedPointSolver.Solution[] seen = new FixedPointSolver.Solution[1];
        List<Object> args = List.of(theta, x);
        Var z = Implicit.root(ad, (zv, a) -> o.sub(f(a, zv), zv), a -> {
            FixedPointSolver.Solution s = solver.solve(
                    zf -> ts.toDoubleArray(f(a, o.constant(ts.fromArray(zf, shape))).value()),
                    new double[shape[0] * shape[1]]);
            seen[0] = s;
            s.require();
            return o.constant(ts.fromArray(s.z(), shape));
        }, args, backward);
        return new Output(z, seen[0]);
    }

    /**
     * z after {@code iterations} plain iterations z ← f(z, x) from z = 0, differentiated through every iteration
     * (the tied-weight deep network the DEQ is the limit of): a check of {@link #apply}'s implicit gradient.
     */
    public Var unrolled(Map<String, Var> theta, Var x, int iterations) {
        Ops o = x.ops();
        Var z = o.constant(o.tensors().zeros(x.dtype(), x.dim(0), width));
        for (int k = 0; k < iterations; k++) z = cell.apply(z, x, theta);
        return z;
    }

    @SuppressWarnings("unchecked")
    private Var f(List<Object> args, Var z) {
        return cell.apply(z, (Var) args.get(1), (Map<String, Var>) args.get(0));
    }
}
