package org.genlab.vae.model;

import org.genlab.common.UsageException;

/** The five model names of the vae module and what distinguishes them. */
public enum VaeKind {
    /** Gaussian baseline, optional KL annealing and free bits. */
    VAE("vae", "Gaussian VAE baseline (optional KL annealing and free bits)"),
    /** BN on μ with a fixed γ, trainable β (Zhu et al. 2020). */
    BN_VAE("bn-vae", "BN-VAE: batch norm on mu with fixed gamma (KL >= (d/2) gamma^2)"),
    /** BN on μ and σ with Su's τ split and shared θ. */
    BN_VAE_SU("bn-vae-su", "BN-VAE (Su): BN on mu and sigma, gamma_mu^2 + gamma_sigma^2 = 1 (KL >= (d/2) tau)"),
    /** vMF with learned κ, Wood sampler, exact KL via Java Bessel functions. */
    VMF_VAE("vmf-vae", "vMF-VAE with learned kappa (Wood sampler, exact KL, rejection-corrected kappa gradient)"),
    /** vMF with fixed κ, Su's inverse-CDF sampler, constant KL. */
    VMF_VAE_FIXED("vmf-vae-fixed", "vMF-VAE with fixed kappa (Su: inverse-CDF sampler, constant KL)");

    private final String modelName;
    private final String summary;

    VaeKind(String modelName, String summary) {
        this.modelName = modelName;
        this.summary = summary;
    }

    public String modelName() {
        return modelName;
    }

    public String summary() {
        return summary;
    }

    public boolean gaussian() {
        return this == VAE || this == BN_VAE || this == BN_VAE_SU;
    }

    public boolean vmf() {
        return !gaussian();
    }

    public static VaeKind of(String name) {
        for (VaeKind k : values()) if (k.modelName.equals(name)) return k;
        throw new UsageException("unknown VAE model '" + name + "'; use one of vae, bn-vae, bn-vae-su, vmf-vae, vmf-vae-fixed");
    }
}
