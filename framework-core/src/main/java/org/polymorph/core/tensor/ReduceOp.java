package org.polymorph.core.tensor;

/** Reductions over axes. MEAN and LOGSUMEXP need a floating dtype. */
public enum ReduceOp { SUM, MEAN, PROD, MAX, MIN, LOGSUMEXP }
