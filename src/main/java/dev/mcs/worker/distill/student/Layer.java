package dev.mcs.worker.distill.student;

/** One step of a generated student, in order; only convolutions and dense layers hold parameters. */
sealed interface Layer {

    default long parameters() {
        return 0;
    }

    /** A 3x3 (padded) or 1x1 convolution with bias, followed by ReLU; stride 2 halves the map (rounding up). */
    record Conv(int in, int out, int kernel, int groups, int stride) implements Layer {
        @Override
        public long parameters() {
            return (long) out * (in / groups) * kernel * kernel + out;
        }
    }

    /** A fully connected layer with bias; followed by ReLU unless it is the output layer. */
    record Dense(long in, int out, boolean relu) implements Layer {
        @Override
        public long parameters() {
            return in * out + out;
        }
    }

    /** 2x2 max pooling, stride 2 (a last odd row or column is dropped). */
    record Pool() implements Layer {}

    /** Mean over the spatial axes. */
    record GlobalPool() implements Layer {}

    /** Everything after the batch axis as one axis. */
    record Flatten() implements Layer {}
}
