package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.Progress;
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
 * outer learning rate constant) to θ. The members are estimated by a {@link Population}: one after another on this thread,
 * or as work items on the Distributed service ({@link DistributedPopulation}); each member's randomness is derived from
 * (seed, outer step, member) and the results are combined in member order, so the trajectory is the same wherever and
 * on however many threads the members run. Not thread-safe itself.
 */
final class MetaTrainer {
    /** One outer step's record: the step (1-based), the population's mean meta-loss, the norm of the averaged estimate. */
    record Row(long step, double metaLoss, double gradNorm) { }

    /**
     * Everything the trainer is, besides θ and its progress; {@code threads}: the members handed out at once to a
     * distributed population (0: all of them).
     */
    record Config(Estimator estimator, Estimator.Setup setup, int population, double outerLr, double clip, int threads) {
        Config {
            if (population < 1) throw new IllegalArgumentException("population " + population + " < 1");
            if (threads < 0) throw new IllegalArgumentException("threads " + threads + " < 0");
        }
    }

    /** Estimates every member at one outer step. */
    interface Population {
        /**
         * The members' contributions at outer step {@code step} and θ, in member order; {@code members} their states
         * (null before a member's first step).
         */
        List<Estimator.Contribution> estimate(Config config, Frozen theta, long step, List<Estimator.Member> members, Progress progress);
    }

    /** The members one after another on the calling thread. */
    static final Population SERIAL = (config, theta, step, members, progress) -> {
        List<Estimator.Contribution> out = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            progress.checkCancelled("outer step " + step + ", member " + m);
            out.add(config.estimator().estimate(config.setup(), theta, step, m, members.get(m)));
        }
        return out;
    };

    /** The trainer's whole state: what a checkpoint holds. */
    record State(long step, Frozen theta, Frozen outerState, List<Estimator.Member> members, List<Row> history) {
        State {
            members = Collections.unmodifiableList(new ArrayList<>(members));   // null: a member not started yet
            history = List.copyOf(history);
        }
    }

    private final Config config;
    private final Population population;
    private State state;

    /** A trainer at outer step 0 from θ0, with a fresh outer Adam, its members estimated on the calling thread. */
    MetaTrainer(Config config, Frozen theta0) {
        this(config, initial(config, theta0), SERIAL);
    }

    /** A trainer continuing from {@code state} (a checkpoint's, or {@link #initial}), its members estimated by {@code population}. */
    MetaTrainer(Config config, State state, Population population) {
        this.config = config;
        this.state = state;
        this.population = population;
    }

    /** Outer step 0 at θ0, with a fresh outer Adam and no member started. */
    static State initial(Config config, Frozen theta0) {
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

    /** {@link #step(Progress)} without progress reports. */
    Row step() { return step(Progress.NONE); }

    /**
     * One outer step: the population's estimates, their mean, clipping and the Adam step on θ. A cancellation while the
     * members run leaves the state as it was.
     */
    Row step(Progress progress) {
        long n = state.step();
        Frozen theta = state.theta();
        List<Estimator.Contribution> contributions = population.estimate(config, theta, n, state.members(), progress);
        AD ad = config.setup().engines().get();
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        double[] g = new double[theta.flat(ts).length];
        double loss = 0;
        Estimator.Member[] next = new Estimator.Member[config.population()];
        for (int m = 0; m < contributions.size(); m++) {
            Estimator.Contribution c = contributions.get(m);
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
}
