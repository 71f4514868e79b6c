package org.genlab.common.nn;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The subgraph cache returns what SameDiff computes without it, reuses a request's subgraph while the graph stays
 * the same, and works it out again after the graph gains an op or a variable is renamed.
 */
class SubgraphCachingSessionTest {
    private static INDArray x() {
        return Nd4j.createFromArray(new double[][]{{1, -2}, {3, 0.5}});
    }

    @Test
    void cachedRequestsGiveSameDiffsResultsAndRecomputeAfterTheGraphChanges() {
        String plans = System.getProperty(OpPlan.PROPERTY);
        System.setProperty(OpPlan.PROPERTY, "off");   // the session's own path, where the cache works
        try {
            sessionPath();
        } finally {
            if (plans == null) System.clearProperty(OpPlan.PROPERTY);
            else System.setProperty(OpPlan.PROPERTY, plans);
        }
    }

    private static void sessionPath() {
        ModelGraph g = new ModelGraph(DataType.DOUBLE, new Rng(1));   // installs the session factory
        SameDiff sd = g.sd();
        SDVariable in = sd.placeHolder("in", DataType.DOUBLE, -1, 2);
        SDVariable a = in.mul(2).add(1).rename("a");
        SDVariable b = a.mul(a).sum(1).rename("b");
        Map<String, INDArray> feed = Map.of("in", x());

        INDArray b1 = sd.output(feed, "b").get("b");
        INDArray b2 = sd.output(feed, "b").get("b");
        INDArray a1 = sd.output(feed, "a").get("a");
        SubgraphCachingSession s = assertInstanceOf(SubgraphCachingSession.class,
                sd.getSessions().get(Thread.currentThread().getId()));
        assertEquals(2, s.misses(), "one subgraph per distinct request");
        assertEquals(Nd4j.createFromArray(18.0, 53.0), b1);
        assertEquals(b1, b2);
        assertEquals(Nd4j.createFromArray(new double[][]{{3, -3}, {7, 2}}), a1);

        SDVariable c = b.add(a.sum(1)).rename("c");   // new ops: a new structure
        assertEquals(Nd4j.createFromArray(18.0, 62.0), sd.output(feed, "c").get("c"));
        assertEquals(b1, sd.output(feed, "b").get("b"));
        assertEquals(4, s.misses(), "the changed graph recomputes, also for an old request");

        sd.renameVariable("c", "d");
        assertEquals(Nd4j.createFromArray(18.0, 62.0), sd.output(feed, "d").get("d"));
        assertEquals(b1, sd.output(feed, "b").get("b"));
        assertEquals(6, s.misses(), "a rename changes the structure too");
        assertEquals(c.name(), "d");
    }
}
