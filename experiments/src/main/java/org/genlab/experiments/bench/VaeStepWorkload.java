package org.genlab.experiments.bench;

import org.genlab.vae.image.ImageVae;
import org.nd4j.autodiff.samediff.SameDiff;

import org.genlab.common.data.Datasets;
import org.genlab.common.model.GenerativeModel;
import org.genlab.vae.cli.VaeModelFactory;

import java.util.Map;

/**
 * One training step of the Gaussian MLP VAE of vae/ at its defaults (MNIST 784 → 512 → 256 → z 32 → 256 → 512 → 784,
 * ReLU, Bernoulli likelihood on dynamically binarised pixels, batch 64, Adam 1e-3), built by the "vae" factory;
 * the step includes drawing the batch, binarising it and drawing ε, as a training run does.
 */
public final class VaeStepWorkload implements Workload {
    private GenerativeModel model;
    private long t;

    @Override
    public String name() {
        return "vae-step";
    }

    @Override
    public String description() {
        return "MLP VAE (vae defaults: 784-512-256-z32, Bernoulli, batch 64, Adam) training step on MNIST";
    }

    @Override
    public void setUp() {
        VaeModelFactory f = new VaeModelFactory.Vae();
        model = Models.create(f, Models.config(f, Datasets.MNIST, Map.of()));
    }

    @Override
    public void run() {
        model.trainStep(t++);
    }

    @Override
    public java.util.List<SameDiff> graphs() {
        return java.util.List.of(((ImageVae) model).graph().sd());
    }
}
