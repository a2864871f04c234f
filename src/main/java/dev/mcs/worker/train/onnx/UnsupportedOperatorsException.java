package dev.mcs.worker.train.onnx;

import java.util.List;
import java.util.SortedSet;

/** The model uses operators the trainable executor cannot run; the message names all of them. */
public final class UnsupportedOperatorsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> operators;

    public UnsupportedOperatorsException(SortedSet<String> operators) {
        super("the model uses operators the trainable ONNX executor does not support: " + String.join(", ", operators));
        this.operators = List.copyOf(operators);
    }

    public List<String> operators() {
        return operators;
    }
}
