package org.genlab.common.nn;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SameDiff's inference session with the subgraph of each request remembered. SameDiff 1.0.0-M2.1 works out, on every
 * {@code output} call, which variables and ops the requested outputs need ({@code AbstractSession.initSubgraph},
 * marked "TODO ... cache the results" upstream), and on the way compiles the regular expression of
 * {@code VariableUtils.stripVarSuffix} about five times per variable: 240 KB of garbage and tens of microseconds per
 * call of a small network, thousands of calls per sample or training run. The answer depends only on the requested
 * variables and the graph's structure, so it is computed once per (request, structure) and reused. The structure's
 * fingerprint covers every op's name, inputs, outputs and control dependencies and every variable's producer and
 * control dependencies, so adding, renaming or rewiring anything misses the cache and recomputes.
 *
 * <p>Requests on graphs without control flow go further: they are replayed from an {@link OpPlan}, one per (request,
 * placeholders fed, structure), which skips the rest of the session's per-call bookkeeping as well.
 * {@code -Dgenlab.opPlans=off} keeps the session's own execution (with the subgraph cache); {@code poison} is for tests.
 *
 * <p>Installed for every graph by {@link #install} (SameDiff's documented {@code bindInferenceFactory} hook);
 * {@code -Dgenlab.subgraphCache=off} keeps SameDiff's own session.
 */
public final class SubgraphCachingSession extends InferenceSession {
    /** System property: "off" keeps SameDiff's own session. */
    public static final String PROPERTY = "genlab.subgraphCache";

    private record Key(Set<String> requested, long structure) {
    }

    private record PlanKey(List<String> requested, Set<String> fed, long structure) {
    }

    private record Subgraph(String[] variables, String[] ops, String[] zeroInputOps) {
    }

    private final Map<Key, Subgraph> cache = new HashMap<>();
    /** Empty: the request has no plan (SameDiff runs it). */
    private final Map<PlanKey, Optional<OpPlan>> plans = new HashMap<>();
    private final boolean usePlans = OpPlan.enabled();
    /** How many requests ran from a plan (tests). */
    private int planned;
    /** How many requests had to work out their subgraph (tests). */
    private int misses;

    public SubgraphCachingSession(SameDiff sameDiff) {
        super(sameDiff);
    }

    /** Binds this session as SameDiff's inference factory, once per JVM, unless switched off. */
    public static synchronized void install() {
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) return;
        if (SameDiff.getInferenceFactory() instanceof Factory) return;
        SameDiff.bindInferenceFactory(new Factory());
    }

    private static final class Factory implements org.nd4j.autodiff.samediff.InferenceFactory {
        @Override
        public InferenceSession create(SameDiff sameDiff) {
            return new SubgraphCachingSession(sameDiff);
        }
    }

    @Override
    public ExecutionResult output(List<String> variables, Map<String, INDArray> placeholderValues,
                                  Map<String, SDValue> otherPlaceHolderValues, MultiDataSet batch,
                                  Collection<String> requiredActivations, List<Listener> listeners, At at) {
        OpPlan plan = usePlans ? plan(variables, placeholderValues, otherPlaceHolderValues, requiredActivations) : null;
        if (plan == null) return super.output(variables, placeholderValues, otherPlaceHolderValues, batch, requiredActivations, listeners, at);
        planned++;
        Map<String, INDArray> fed = placeholderValues == null ? Map.of() : placeholderValues, cast = fed;
        for (Map.Entry<String, INDArray> e : fed.entrySet()) {
            // The session casts a placeholder to its declared type (e.g. a double batch into a float graph).
            SDVariable v = sameDiff.getVariable(e.getKey());
            if (e.getValue().dataType() == v.dataType()) continue;
            if (cast == fed) cast = new HashMap<>(fed);
            cast.put(e.getKey(), e.getValue().castTo(v.dataType()));
        }
        Map<String, INDArray> out = plan.run(cast, listeners, at == null ? At.defaultAt() : at, getMmgr());
        Map<String, SDValue> values = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : out.entrySet()) values.put(e.getKey(), SDValue.create(e.getValue()));
        return ExecutionResult.builder().valueOutputs(values).build();
    }

    /** The plan of a request, null when it has none or the call is one the session must handle itself. */
    private OpPlan plan(List<String> variables, Map<String, INDArray> fed, Map<String, SDValue> other, Collection<String> required) {
        if (variables == null || variables.isEmpty() || other != null && !other.isEmpty() || required != null && !required.isEmpty()) return null;
        Set<String> fedNames = fed == null ? Set.of() : fed.keySet();
        for (String name : fedNames) if (!sameDiff.hasVariable(name)) return null;   // the session reports it
        PlanKey key = new PlanKey(List.copyOf(variables), Set.copyOf(fedNames), structure(sameDiff));
        Optional<OpPlan> p = plans.get(key);
        if (p == null) {
            p = Optional.ofNullable(OpPlan.of(sameDiff, key.requested(), key.fed()));
            if (plans.size() > 64) plans.clear();   // as for the subgraph cache
            plans.put(key, p);
        }
        return p.orElse(null);
    }

    int planned() {
        return planned;
    }

    /** Carrier ops the plans did not run because a Java kernel wrote their outputs (tests). */
    long skippedOps() {
        long n = 0;
        for (Optional<OpPlan> p : plans.values()) n += p.map(OpPlan::skipped).orElse(0L);
        return n;
    }

    /** matmul_bp ops that computed only the gradient something reads (tests). */
    long oneSidedProducts() {
        long n = 0;
        for (Optional<OpPlan> p : plans.values()) n += p.map(OpPlan::oneSided).orElse(0L);
        return n;
    }

    @Override
    protected void initSubgraph(Set<String> variables) {
        Key key = new Key(Set.copyOf(variables), structure(sameDiff));
        Subgraph s = cache.get(key);
        if (s == null) {
            misses++;
            super.initSubgraph(variables);
            s = new Subgraph(subgraph.toArray(String[]::new), subgraphOps.toArray(String[]::new),
                    zeroInputOpsInSubgraph.toArray(String[]::new));
            if (cache.size() > 64) cache.clear();   // a graph asked for ever new outputs: bound the memory
            cache.put(key, s);
            return;
        }
        // The sets were cleared by the caller (zeroInputOpsInSubgraph never is, upstream: it only grows).
        subgraph.addAll(List.of(s.variables()));
        subgraphOps.addAll(List.of(s.ops()));
        zeroInputOpsInSubgraph.addAll(List.of(s.zeroInputOps()));
    }

    int misses() {
        return misses;
    }

    /** A hash of everything initSubgraph reads: op names and wiring, variables' producers and control dependencies. */
    static long structure(SameDiff sd) {
        long h = 1;
        for (Map.Entry<String, SameDiffOp> e : sd.getOps().entrySet()) {
            SameDiffOp op = e.getValue();
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + Objects.hashCode(op.getInputsToOp());
            h = 31 * h + Objects.hashCode(op.getOutputsOfOp());
            h = 31 * h + Objects.hashCode(op.getControlDeps());
            h = 31 * h + Objects.hashCode(op.getOp() == null ? null : op.getOp().getOwnName());
        }
        for (Map.Entry<String, Variable> e : sd.getVariables().entrySet()) {
            Variable v = e.getValue();
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + Objects.hashCode(v.getOutputOfOp());
            h = 31 * h + Objects.hashCode(v.getControlDeps());
            h = 31 * h + Objects.hashCode(v.getInputsForOp());
        }
        return h;
    }
}
