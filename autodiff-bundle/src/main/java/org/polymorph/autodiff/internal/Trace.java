package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;

/**
 * One active transformation. Levels grow with creation, so a trace started inside another has the
 * higher level and its tracers are processed first; tracers of lower levels are constants to it.
 */
abstract class Trace {
    final Engine engine;
    final long level;

    Trace(Engine engine, long level) {
        this.engine = engine;
        this.level = level;
    }

    /** Applies {@code p} to {@code args}, at least one of which is a tracer of this trace. */
    abstract Var[] process(Primitive p, Var[] args);

    /** The tracer of this trace inside {@code v}, or null. */
    final boolean owns(Var v) { return v instanceof Tracer t && t.trace == this; }
}
