package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Primitive;

/** Marks the engine's own primitives, which need no registry lookup when bound. */
public interface Builtin extends Primitive { }
