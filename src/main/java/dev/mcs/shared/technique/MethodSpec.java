package dev.mcs.shared.technique;

import dev.mcs.shared.format.ModelFormat;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The API side of one technique method: everything the service needs to accept or refuse a job before it
 * is queued. Its parameter record's components are the fields the method accepts; the record itself
 * holds the defaults and value checks. The worker side that applies it is registered separately and
 * matched by {@link #key()}.
 *
 * @param technique the job type the method belongs to
 * @param name the method's name, the value of {@code params.method}
 * @param paramsType the method's parameter record
 * @param inputFormats model formats the method accepts
 * @param outputFormat format of the model it produces; null for a method that writes the format it read
 *     ({@link #outputFormat(ModelFormat)})
 * @param summary one line for documentation
 */
public record MethodSpec(JobType technique, String name, Class<? extends MethodParams> paramsType,
        Set<ModelFormat> inputFormats, ModelFormat outputFormat, String summary) {

    public MethodSpec {
        if (!paramsType.isRecord()) {
            throw new IllegalArgumentException(paramsType + " must be a record");
        }
        inputFormats = Set.copyOf(inputFormats);
    }

    /** A method that reads and writes ONNX models. */
    public static MethodSpec onnx(JobType technique, String name, Class<? extends MethodParams> paramsType,
            String summary) {
        return new MethodSpec(technique, name, paramsType, Set.of(ModelFormat.ONNX), ModelFormat.ONNX, summary);
    }

    /**
     * A method that reads models of {@code inputFormats} and writes each in the format it read (PRUNE's masks edit a
     * TorchScript module's weights in place and save it as TorchScript).
     */
    public static MethodSpec keepingFormat(JobType technique, String name, Class<? extends MethodParams> paramsType,
            Set<ModelFormat> inputFormats, String summary) {
        return new MethodSpec(technique, name, paramsType, inputFormats, null, summary);
    }

    /** The format of the model the method writes from an input of {@code input}, before the params have a say. */
    public ModelFormat outputFormat(ModelFormat input) {
        return outputFormat != null ? outputFormat : input;
    }

    /** The key both registries use. */
    public MethodKey key() {
        return new MethodKey(technique, name);
    }

    /** The {@code params} fields the method accepts besides {@code method}, in declaration order. */
    public List<String> fields() {
        return Arrays.stream(paramsType.getRecordComponents()).map(RecordComponent::getName)
                .filter(field -> !field.equals("method")).toList();
    }

    /** The parameters of a request that names only this method. */
    public MethodParams defaults() {
        RecordComponent[] components = paramsType.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("method") ? name : null;
        }
        try {
            Constructor<? extends MethodParams> canonical = paramsType.getDeclaredConstructor(types);
            return canonical.newInstance(values).withDefaults();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the defaults of " + paramsType, e);
        }
    }
}
