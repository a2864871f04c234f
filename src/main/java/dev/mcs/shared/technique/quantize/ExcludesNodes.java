package dev.mcs.shared.technique.quantize;

import dev.mcs.shared.technique.MethodParams;
import java.util.List;

/** Parameters of a method that can keep named nodes in float; {@code auto} builds its candidates this way. */
public interface ExcludesNodes extends MethodParams {

    /** Node names (or op-type/name labels) kept in float. */
    List<String> excludeNodes();

    /** The same parameters keeping {@code nodes} in float instead. */
    ExcludesNodes withExcludeNodes(List<String> nodes);
}
