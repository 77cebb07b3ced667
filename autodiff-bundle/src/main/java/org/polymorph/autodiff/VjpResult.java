package org.polymorph.autodiff;

import java.util.function.Function;

/** f(x) and the pullback: a cotangent with the structure of f(x) to one with the structure of x. */
public record VjpResult<T, R>(R out, Function<R, T> pullback) { }
