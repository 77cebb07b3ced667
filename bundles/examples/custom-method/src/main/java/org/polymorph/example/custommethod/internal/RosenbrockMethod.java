package org.polymorph.example.custommethod.internal;

import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/**
 * {@code example.rosenbrock}: minimises the n-dimensional Rosenbrock function by plain gradient
 * descent, x <- x - lr * grad f(x), from the classic start (-1.2, 1, -1.2, ...). Stops after
 * {@code steps} steps or when |grad f| < tol. Writes trajectory.csv (step, f, |grad f|) into the
 * run directory. A step size too large for the valley's curvature (~1000 near the minimum, so
 * lr > ~0.002) makes f grow without bound: that is reported as a failure, not as a result.
 *
 * <p>{@code configurationPolicy = IGNORE}: the component takes no configuration, so SCR never gets Configuration
 * Admin through this bundle's context; Felix would keep a record of that use, and with it this bundle, after the
 * bundle is removed from deploy/.
 */
@Component(service = Method.class, property = Method.ID_PROPERTY + "=example.rosenbrock",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class RosenbrockMethod implements Method {
    static final String ID = "example.rosenbrock";
    private static final int TRAJECTORY_POINTS = 200;

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "Gradient descent on the n-dimensional Rosenbrock function; reports final f and |x - 1| (dimensionless)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("dim", 2, "", 2, 10_000, "number of variables n"),
                ParamSpec.integer("steps", 20_000, "", 1, 10_000_000, "maximum number of gradient steps"),
                ParamSpec.real("lr", 1e-3, "", 1e-9, 1.0, "step size; above ~0.002 the descent diverges"),
                ParamSpec.real("tol", 1e-8, "", 0.0, 1.0, "stop when the gradient norm falls below this"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        int n = params.getInt("dim");
        int steps = params.getInt("steps");
        double lr = params.getDouble("lr");
        double tol = params.getDouble("tol");
        double[] x = Rosenbrock.start(n);
        double[] g = new double[n];
        double f0 = Rosenbrock.value(x);
        StringBuilder csv = new StringBuilder("step,f,grad_norm\n");
        int every = Math.max(1, steps / TRAJECTORY_POINTS);
        int step = 0;
        double f = Rosenbrock.valueAndGradient(x, g);
        double gn = norm(g);
        while (step < steps && gn >= tol) {
            for (int i = 0; i < n; i++) x[i] -= lr * g[i];
            step++;
            f = Rosenbrock.valueAndGradient(x, g);
            gn = norm(g);
            if (!Double.isFinite(f) || !Double.isFinite(gn)) {
                throw new ArithmeticException(String.format(Locale.ROOT,
                        "gradient descent diverged at step %d (f = %s) with lr = %g; use a smaller lr, e.g. lr=0.001",
                        step, f, lr));
            }
            if (step % every == 0) {
                csv.append(step).append(',').append(f).append(',').append(gn).append('\n');
                progress.update(step, steps, String.format(Locale.ROOT, "f = %.6g", f));
                progress.checkCancelled("step " + step + " of " + steps);
            }
        }
        dir.writeString("trajectory.csv", csv.toString());
        return result(n, step, f0, f, gn, x);
    }

    private static Result result(int n, int steps, double f0, double f, double gn, double[] x) {
        double dist = 0;
        for (double xi : x) dist += (xi - 1) * (xi - 1);
        dist = Math.sqrt(dist);
        Result.Builder r = Result.builder()
                .put("dim", n).put("steps_run", steps).put("f_initial", f0).put("f_final", f)
                .put("grad_norm", gn).put("distance_to_minimum", dist);
        if (n <= 20) r.put("x", x.clone());
        return r.summary(String.format(Locale.ROOT, "f: %.6g -> %.6g after %d steps (dim %d)", f0, f, steps, n))
                .summary(String.format(Locale.ROOT, "|grad f| = %.3g, |x - 1| = %.3g", gn, dist))
                .build();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double a : v) s += a * a;
        return Math.sqrt(s);
    }
}
