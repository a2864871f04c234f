package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.scoring.CandidateScore;

/**
 * How much one node hurts when it alone is quantized (every other quantizable node in float).
 *
 * @param node the node's name as the base method reports it
 * @param alone the score of the model with only this node quantized
 */
record Sensitivity(String node, CandidateScore alone) {

    /** Cosine lost by quantizing this node alone: 0 means harmless. */
    double cosineLoss() {
        return 1 - alone.cosineMean();
    }
}
