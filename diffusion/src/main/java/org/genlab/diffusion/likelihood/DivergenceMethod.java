package org.genlab.diffusion.likelihood;

/**
 * How the likelihood ODE computes ∇·f̃ (MATH.md §4.6): the exact trace (D vector–Jacobian products per evaluation,
 * for low-dimensional data) or Hutchinson–Skilling's unbiased εᵀ(∂f̃/∂x)ε with Rademacher noise (score_sde's
 * default) or Gaussian noise (Song's tutorial), ε drawn once per datapoint and kept for the whole solve.
 */
public enum DivergenceMethod {
    EXACT, HUTCHINSON_RADEMACHER, HUTCHINSON_GAUSSIAN
}
