package org.genlab.experiments.bench;

import org.genlab.diffusion.nn.NetworkScore;
import org.nd4j.autodiff.samediff.SameDiff;

import org.genlab.common.data.Toy2d;
import org.genlab.common.random.Rng;
import org.genlab.diffusion.model.ScoreSdeFactory;
import org.genlab.diffusion.model.ScoreSdeModel;
import org.genlab.diffusion.ode.OdeSolution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probability-flow ODE sample of 1000 2-D points with adaptive RK45 (rtol = atol = 1e-5) through the toy score MLP
 * that the "score-sde" factory builds for 2-D data (VP SDE, 3 × 128 SiLU layers, sinusoidal time embedding 128),
 * at its initial weights. The same prior draw every run, so the number of score evaluations (NFE) is constant;
 * {@link #extras} reports it and the time per evaluation, which is what compares across frameworks (the peer's
 * random weights give another NFE).
 */
public final class PfOdeRk45Workload implements Workload {
    static final int N = 1000;
    private ScoreSdeModel model;
    private long nfe;

    @Override
    public String name() {
        return "pf-ode-rk45";
    }

    @Override
    public String description() {
        return "PF-ODE RK45 (tol 1e-5) sample of 1000 points, toy score MLP 3x128 (VP); reports NFE, ms/NFE";
    }

    @Override
    public void setUp() {
        ScoreSdeFactory f = new ScoreSdeFactory();
        model = (ScoreSdeModel) Models.create(f, Models.config(f, Toy2d.GAUSSIANS_8, Map.of()));
    }

    @Override
    public void run() {
        INDArray z = model.sde().priorSample(new long[]{N, 2}, new Rng(3), DataType.FLOAT);
        OdeSolution s = model.decode(z);
        nfe = s.nfe();
    }

    @Override
    public Map<String, Double> extras(double medianMs) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nfe", (double) nfe);
        m.put("msPerNfe", medianMs / nfe);
        return m;
    }

    @Override
    public java.util.List<SameDiff> graphs() {
        return java.util.List.of(((NetworkScore) model.samplingScore()).graph().sd());
    }
}
