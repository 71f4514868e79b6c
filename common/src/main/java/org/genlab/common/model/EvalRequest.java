package org.genlab.common.model;

import java.util.List;
import java.util.Map;

/** What {@code genlab eval} asks for: metric names (empty = the model's defaults), a sample limit and options. */
public record EvalRequest(List<String> metrics, int limit, Map<String, String> options, long seed) {
}
