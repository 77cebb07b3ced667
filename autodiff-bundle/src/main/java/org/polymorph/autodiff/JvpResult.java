package org.polymorph.autodiff;

/** f(x) and the tangent of f(x), of the same structure. */
public record JvpResult<R>(R out, R tangent) { }
