package dev.mcs.worker.quantize.normalize;

/**
 * What a method needs of the default-domain opset.
 *
 * @param required the oldest opset the method can write its operators in; an older model is upgraded or refused
 * @param wanted the opset the method does better at (e.g. 13 for per-channel DequantizeLinear); reached when every
 *     operator on the way can be converted, otherwise the model keeps its opset if it meets {@code required}
 */
public record OpsetGoal(long required, long wanted) {

    /** Methods whose operators run at any opset the normalizer accepts: nothing is upgraded. */
    public static final OpsetGoal ANY = new OpsetGoal(0, 0);
}
