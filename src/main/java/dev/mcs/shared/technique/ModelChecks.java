package dev.mcs.shared.technique;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks of parameters against the job's model, shared by the methods' {@link MethodParams#fit} implementations. */
public final class ModelChecks {

    /** Known node names listed in a refusal; a model may have thousands. */
    static final int NAMES_LISTED = 50;

    private ModelChecks() {}

    /**
     * Refuses parameters under which the method would rewrite none of the model's nodes: the model has no node of
     * any of {@code rewritten}.
     *
     * @param field the request field that chose those types: {@code params.opTypes} when given, else
     *     {@code params.method}
     */
    public static void rewritesSome(ModelFacts model, String method, Collection<String> rewritten, String field) {
        needsSome(model, rewritten, field, "method '" + method + "' with these parameters rewrites " + rewritten
                + " nodes and the model has none");
    }

    /**
     * Refuses parameters whose work needs a node of one of {@code needed} when the model has none (not applicable,
     * 422); {@code detail} says what needs them, the model's operators are appended.
     */
    public static void needsSome(ModelFacts model, Collection<String> needed, String field, String detail) {
        if (model.opCounts() == null || needed.stream().anyMatch(type -> model.count(type) > 0)) {
            return;
        }
        Set<String> present = new TreeSet<>(model.opCounts().keySet());
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("methodOpTypes", List.copyOf(needed));
        members.put("modelOpTypes", List.copyOf(present));
        throw notApplicable(field, detail + "; its operators are " + present, members);
    }

    /** A refusal of parameters that are valid in themselves but can do nothing to this model (422). */
    public static InvalidParamsException notApplicable(String field, String detail, Map<String, Object> members) {
        return new InvalidParamsException(InvalidParamsException.Reason.NOT_APPLICABLE, field, detail, null, members);
    }

    /**
     * Refuses {@code excludeNodes} entries that are no node of the model of one of {@code types} (the types the
     * method can keep in float by name). Not checked when the inspection holds no node names.
     */
    public static void namesNodes(ModelFacts model, List<String> excludeNodes, Collection<String> types) {
        if (model.nodeNames() == null || excludeNodes == null || excludeNodes.isEmpty()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        types.forEach(type -> known.addAll(model.nodeNames().getOrDefault(type, List.of())));
        List<String> unknown = excludeNodes.stream().filter(name -> !known.contains(name)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        List<String> listed = known.stream().limit(NAMES_LISTED).toList();
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("unknownNodes", unknown);
        members.put("knownNodes", listed);
        throw new InvalidParamsException(InvalidParamsException.Reason.UNKNOWN_NODES, "params.excludeNodes",
                "'params.excludeNodes' names " + unknown + ", which are not " + types + " nodes of this model; "
                        + (known.isEmpty() ? "it has none" : "its " + known.size() + " such nodes "
                        + (known.size() > listed.size() ? "include " : "are ") + listed), null, members);
    }
}
