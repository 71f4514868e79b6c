package org.genlab.experiments.bench;

import org.genlab.diffusion.model.ScoreSdeModel;
import org.nd4j.autodiff.samediff.SameDiff;

import org.genlab.common.data.Datasets;
import org.genlab.common.model.GenerativeModel;
import org.genlab.diffusion.model.ScoreSdeFactory;

import java.util.List;
import java.util.Map;

/**
 * One denoising-score-matching training step of score-sde's ScoreUNet on 28×28 Fashion-MNIST at batch 64, built by the
 * "score-sde" factory with its image defaults (VP SDE, U-Net channels [32, 64, 128], embedding 128, 8 groups, Adam
 * 2e-4 with clipping at 1 and EMA 0.999); the step includes the batch draw, dequantisation and noise draws. Two
 * depths: {@code unet-step} is the plain U-Net (one convolution per level, no attention), {@code unet-deep-step} the
 * default one (a residual block per level and attention at 7×7); bench/torch_peer.py mirrors both.
 */
public final class UNetStepWorkload implements Workload {
    private final boolean deep;
    private GenerativeModel model;
    private long t;

    private UNetStepWorkload(boolean deep) {
        this.deep = deep;
    }

    public static UNetStepWorkload plain() {
        return new UNetStepWorkload(false);
    }

    public static UNetStepWorkload deep() {
        return new UNetStepWorkload(true);
    }

    @Override
    public String name() {
        return deep ? "unet-deep-step" : "unet-step";
    }

    @Override
    public String description() {
        return "score-sde ScoreUNet [32,64,128]" + (deep ? " + res block per level + 7x7 attention" : " (plain)")
                + " DSM training step, 28x28 Fashion-MNIST, batch 64 (clip, EMA)";
    }

    @Override
    public void setUp() {
        ScoreSdeFactory f = new ScoreSdeFactory();
        Map<String, String> cfg = deep ? Map.of("batch", "64", "net.res_blocks", "1", "net.attention", "[-1]")
                : Map.of("batch", "64", "net.res_blocks", "0", "net.attention", "[]");
        model = Models.create(f, Models.config(f, Datasets.FASHION_MNIST, cfg));
    }

    @Override
    public void run() {
        model.trainStep(t++);
    }

    @Override
    public List<SameDiff> graphs() {
        return List.of(((ScoreSdeModel) model).graph().sd());
    }
}
