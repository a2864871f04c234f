package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.distill.layers.ExtraOutputs;
import dev.mcs.worker.engine.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The teacher's outputs for every training sample, computed once in ONNX Runtime before training: the pooled output
 * in memory and, for layer matching, the hidden states of the teacher layers the student's layers stand for, in a
 * file ({@link HiddenStore}). Samples run in batches of similar length, so little padding is computed.
 *
 * @param pooled one mask-pooled output row per sample
 * @param hidden the matched layers' hidden states, or null without layer matching
 */
record EncoderTargets(float[][] pooled, HiddenStore hidden) implements AutoCloseable {

    static final int BATCH = 32;

    static EncoderTargets compute(OnnxMl.ModelProto teacher, List<Sample> samples, List<String> layers, Path file,
            IntConsumer done) throws OrtException, IOException {
        List<Integer> order = IntStream.range(0, samples.size()).boxed()
                .sorted(Comparator.comparingInt(i -> TokenBatches.length(samples.get(i)))).toList();
        float[][] pooled = new float[samples.size()][];
        HiddenStore store = layers.isEmpty() ? null : new HiddenStore(file, samples.size(), layers.size());
        try (EncoderOrt session = new EncoderOrt(ExtraOutputs.expose(teacher, layers))) {
            String output = teacher.getGraph().getOutput(0).getName();
            boolean inGraph = EncoderOrt.pooledInGraph(teacher);
            for (int from = 0; from < order.size(); from += BATCH) {
                List<Integer> indices = order.subList(from, Math.min(order.size(), from + BATCH));
                Map<String, float[]> out = pass(session, output, inGraph, layers, samples, indices, pooled);
                if (store != null) {
                    long[] mask = TokenBatches.mask(TokenBatches.stack(indices.stream().map(samples::get).toList()));
                    keep(store, indices, samples, layers.stream().map(out::get).toArray(float[][]::new), mask);
                }
                done.accept(from + indices.size());
            }
        } catch (OrtException | IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        return new EncoderTargets(pooled, store);
    }

    /** Runs one batch, writes its pooled rows into {@code pooled} and returns the named outputs. */
    private static Map<String, float[]> pass(EncoderOrt session, String output, boolean inGraph, List<String> layers,
            List<Sample> samples, List<Integer> indices, float[][] pooled) throws OrtException {
        List<String> names = new ArrayList<>(List.of(output));
        names.addAll(layers);
        Sample batch = TokenBatches.stack(indices.stream().map(samples::get).toList());
        Map<String, float[]> out = session.run(batch, names);
        float[][] rows = EncoderOrt.pool(out.get(output), TokenBatches.mask(batch), indices.size(), inGraph);
        for (int b = 0; b < indices.size(); b++) {
            pooled[indices.get(b)] = rows[b];
        }
        return out;
    }

    private static void keep(HiddenStore store, List<Integer> indices, List<Sample> samples, float[][] layers,
            long[] mask) throws IOException {
        int sequence = mask.length / indices.size();
        int width = layers[0].length / mask.length;
        for (int b = 0; b < indices.size(); b++) {
            int tokens = TokenBatches.length(samples.get(indices.get(b)));
            store.put(indices.get(b), tokens, width, layers, b * sequence * width);
        }
    }

    long hiddenBytes() {
        return hidden == null ? 0 : hidden.bytes();
    }

    @Override
    public void close() throws IOException {
        if (hidden != null) {
            hidden.close();
        }
    }
}
