package org.polymorph.autodiff;

/** f(x), its gradient (the structure of x), and f's auxiliary data (null without one). */
public record ValueAndGrad<T>(Var value, T grad, Object aux) { }
