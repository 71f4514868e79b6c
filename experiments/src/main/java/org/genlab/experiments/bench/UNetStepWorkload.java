package org.genlab.experiments.bench;

import org.genlab.diffusion.model.ScoreSdeModel;
import org.nd4j.autodiff.samediff.SameDiff;

import org.genlab.common.data.Datasets;
import org.genlab.common.model.GenerativeModel;
import org.genlab.diffusion.model.ScoreSdeFactory;

import java.util.Map;

/**
 * One denoising-score-matching training step of score-sde's ScoreUNet on 28×28 Fashion-MNIST at batch 64, built by the
 * "score-sde" factory with its image defaults (VP SDE, U-Net channels [32, 64, 128], embedding 128, 8 groups, Adam
 * 2e-4 with clipping at 1 and EMA 0.999); the step includes the batch draw, dequantisation and noise draws.
 */
public final class UNetStepWorkload implements Workload {
    private GenerativeModel model;
    private long t;

    @Override
    public String name() {
        return "unet-step";
    }

    @Override
    public String description() {
        return "score-sde ScoreUNet [32,64,128] DSM training step, 28x28 Fashion-MNIST, batch 64 (clip, EMA)";
    }

    @Override
    public void setUp() {
        ScoreSdeFactory f = new ScoreSdeFactory();
        model = Models.create(f, Models.config(f, Datasets.FASHION_MNIST, Map.of("batch", "64")));
    }

    @Override
    public void run() {
        model.trainStep(t++);
    }

    @Override
    public java.util.List<SameDiff> graphs() {
        return java.util.List.of(((ScoreSdeModel) model).graph().sd());
    }
}
