package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.data.DataPaths;
import org.genlab.common.metrics.ImageScores;
import org.genlab.common.metrics.Score;
import org.genlab.common.random.Rng;
import org.genlab.gan.model.WganModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FID-style scores of a trained WGAN's samples (common.metrics.ImageScores: features of a classifier the project
 * trains on the dataset, so "FID-mnist-clf", comparable only within this project): FID and KID with their
 * train-vs-test noise floors at the same n, and the classifier's class histogram (how many classes appear).
 */
final class WganScores {
    static final String METRIC_LABEL = "FID-style (floor)";
    /** A class counts as seen when at least this share of the samples is assigned to it (uniform would be 0.1). */
    static final double CLASS_SHARE = 0.02;

    private WganScores() {
    }

    static void add(CellTraining.Trained t, ObjectNode cell, ObjectNode result, DataPaths data) {
        if (!cell.path("score").asBoolean(true)) return;
        WganModel m = (WganModel) t.model();
        String dataset = t.config().getString("data");
        int n = cell.path("score_n").asInt(1000);
        ImageScores scores = ImageScores.forDataset(dataset, data, t.log());
        Rng rng = new Rng(4242L + cell.path("seed").asLong());
        long zd = m.settings().zDim();
        INDArray z = m.settings().uniformZ() ? rng.uniform(DataType.FLOAT, -1, 1, n, zd) : rng.gaussian(DataType.FLOAT, n, zd);
        INDArray x = m.generate(z).castTo(DataType.FLOAT).reshape(n, 1, 28, 28);
        Score fid = scores.fid(x), kid = scores.kid(x);
        ObjectNode mj = (ObjectNode) result.get("metrics");
        mj.put("fid", fid.value());
        mj.put("fid_floor", fid.noiseFloor());
        mj.put("kid", kid.value());
        mj.put("kid_floor", kid.noiseFloor());
        mj.put("score_n", fid.n());
        int seen = 0;
        for (double h : scores.classHistogram(x)) if (h >= CLASS_SHARE) seen++;
        mj.put("classes_seen", seen);
        result.put("score_version", scores.describe());
    }

    static String describe(int n, String version) {
        return "FID-style score: FID between " + n + " generated images and the test split on the penultimate features of the "
                + "project's own classifier (" + (version == null ? "see common.metrics.ImageScores" : version) + "); the floor in "
                + "brackets is the same score for " + n + " real train images (lower is better; at the floor a model is "
                + "indistinguishable from data at this n). Not comparable with published Inception FIDs. KID: unbiased MMD², "
                + "cubic kernel. Classes seen: classes receiving ≥ " + (int) (CLASS_SHARE * 100) + " % of the samples.";
    }
}
