package dev.mcs.worker.evaluate;


/**
 * Agreement between the two models' outputs, per sample over the flattened output tensor.
 *
 * @param output name of the compared output (the first float output)
 * @param cosineMean mean cosine similarity over samples
 * @param cosineMin lowest cosine similarity of any sample
 * @param maxAbsError largest absolute difference of any element
 * @param meanAbsError mean absolute difference over all elements
 * @param top1Agreement share of rows with the same arg-max; {@code null} unless the output is [batch, classes &gt; 1]
 * @param pooledCosineMean mean cosine of attention-mask mean-pooled embeddings (sentence-embedding models:
 *     an {@code attention_mask} input and a [1, seq, hidden] output); {@code null} otherwise
 * @param pooledCosineMin lowest such cosine of any sample
 */
public record Fidelity(
        String output,
        double cosineMean,
        double cosineMin,
        double maxAbsError,
        double meanAbsError,
        Double top1Agreement,
        Double pooledCosineMean,
        Double pooledCosineMin) {}
