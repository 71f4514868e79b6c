package org.genlab.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * FID-style scores of a trained WGAN's samples. Placeholder until common.metrics.ImageScores is available: adds
 * nothing, and the report says so.
 */
final class WganScores {
    static final String METRIC_LABEL = "FID-style";

    private WganScores() {
    }

    static void add(CellTraining.Trained t, ObjectNode cell, ObjectNode result) {
    }

    static String describe(int n) {
        return "FID-style scores are not available in this build (common.metrics.ImageScores missing).";
    }
}
