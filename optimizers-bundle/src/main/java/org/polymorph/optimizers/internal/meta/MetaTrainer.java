package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;

/**
 * The outer loop of meta-training (learned_optimization's outer_trainers/gradient_learner.py): each outer step asks
 * every population member for the {@link Estimator}'s estimate, averages them in member order, clips the average
 * element by element to [−clip, clip] (0: no clipping) and applies one step of Adam (β = 0.9, 0.999, ε = 1e-8, the
 * outer learning rate constant) to θ. Members run on a pool of {@code threads}; each member's randomness is derived
 * from (seed, outer step, member) and the results are combined in member order, so the trajectory is the same for
 * any number of threads. Not thread-safe itself; {@link #close} stops the pool.
 */
final class MetaTrainer implements AutoCloseable {
    /** One outer step's record: the step (1-based), the population's mean meta-loss, the norm of the averaged estimate. */
    record Row(long step, double metaLoss, double gradNorm) { }

    /** Everything the trainer is, besides θ and its progress. */
    record Config(Estimator estimator, Estimator.Setup setup, int population, double outerLr, double clip, int threads) {
        Config {
            if (population < 1) throw new IllegalArgumentException("population " + population + " < 1");
            if (threads < 1) throw new IllegalArgumentException("threads " + threads + " < 1");
        }
    }

    /** The trainer's whole state: what a checkpoint holds. */
    record State(long step, Frozen theta, Frozen outerState, List<Estimator.Member> members, List<Row> history) {
        State {
            members = Collections.unmodifiableList(new ArrayList<>(members));   // null: a member not started yet
            history = List.copyOf(history);
        }
    }

    private final Config config;
    private final ExecutorService pool;
    private State state;

    /** A trainer at outer step 0 from θ0, with a fresh outer Adam. */
    MetaTrainer(Config config, Frozen theta0) {
        this(config, initial(config, theta0));
    }

    /** A trainer continuing from {@code state} (a checkpoint's). */
    MetaTrainer(Config config, State state) {
        this.config = config;
        this.state = state;
        this.pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "lopt-meta-train");
            t.setDaemon(true);
            return t;
        });
    }

    private static State initial(Config config, Frozen theta0) {
        AD ad = config.setup().engines().get();
        Ops o = ad.ops();
        OptState s = outer(o, config).init(theta0.thaw(o));
        return new State(0, theta0, Frozen.of(s, o), nullMembers(config.population()), List.of());
    }

    private static List<Estimator.Member> nullMembers(int n) {
        return Arrays.asList(new Estimator.Member[n]);
    }

    private static Optimizer outer(Ops o, Config c) {
        return Optimizers.adam(o, Schedule.constant(c.outerLr()), 0.9, 0.999, 1e-8);
    }

    State state() { return state; }

    Frozen theta() { return state.theta(); }

    /** One outer step: the population's estimates, their mean, clipping and the Adam step on θ. */
    Row step() throws InterruptedException {
        long n = state.step();
        Frozen theta = state.theta();
        List<Future<Estimator.Contribution>> futures = new ArrayList<>(config.population());
        for (int m = 0; m < config.population(); m++) {
            int member = m;
            Estimator.Member prev = state.members().get(m);
            futures.add(pool.submit(() -> config.estimator().estimate(config.setup(), theta, n, member, prev)));
        }
        AD ad = config.setup().engines().get();
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        double[] g = new double[theta.flat(ts).length];
        double loss = 0;
        Estimator.Member[] next = new Estimator.Member[config.population()];
        for (int m = 0; m < futures.size(); m++) {
            Estimator.Contribution c = get(futures.get(m));
            double[] gm = c.grad().flat(ts);
            for (int i = 0; i < g.length; i++) g[i] += gm[i] / config.population();
            loss += c.loss() / config.population();
            next[m] = c.next();
        }
        double norm = 0;
        for (int i = 0; i < g.length; i++) {
            norm += g[i] * g[i];
            if (config.clip() > 0) g[i] = Math.max(-config.clip(), Math.min(config.clip(), g[i]));
        }
        Optimizer adam = outer(o, config);
        Object th = theta.thaw(o);
        Update u = adam.update(theta.withFlat(ts, g).thaw(o), (OptState) state.outerState().thaw(o), th);
        Row row = new Row(n + 1, loss, Math.sqrt(norm));
        List<Row> history = new ArrayList<>(state.history());
        history.add(row);
        state = new State(n + 1, Frozen.of(adam.applyUpdates(th, u.updates()), o), Frozen.of(u.state(), o),
                Arrays.asList(next), history);
        return row;
    }

    private static Estimator.Contribution get(Future<Estimator.Contribution> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
