package org.polymorph.autodiff;

/** A scalar to differentiate and auxiliary data carried along without a derivative. */
public record WithAux(Var value, Object aux) { }
