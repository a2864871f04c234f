package dev.mcs.worker.prune.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.engine.TorchRuntime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds a TorchScript module's masks through training: TorchScript's graph cannot gain a {@code Mul(W, mask)} from
 * Java, so each masked weight is multiplied by its mask in place after every optimizer step (AdamW's momentum would
 * otherwise move a zero whose gradient is not zero).
 */
final class MaskHold implements Distillation.AfterStep, AutoCloseable {

    private final Map<String, boolean[]> masks;
    private final NDManager manager = TorchRuntime.engine().newBaseManager();
    private final Map<String, NDArray> arrays = new HashMap<>();

    MaskHold(Map<String, boolean[]> masks) {
        this.masks = masks;
    }

    @Override
    public void apply(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            boolean[] keep = masks.get(p.getName());
            if (keep != null) {
                NDArray weight = p.getArray();
                weight.muli(arrays.computeIfAbsent(p.getName(), name -> mask(keep, weight)));
            }
        }
    }

    private NDArray mask(boolean[] keep, NDArray weight) {
        float[] m = new float[keep.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = keep[i] ? 1f : 0f;
        }
        return manager.create(m, weight.getShape());
    }

    @Override
    public void close() {
        manager.close();
    }
}
