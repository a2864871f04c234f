package dev.mcs.worker.train.onnx;

import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples (each with a leading batch axis of 1, as datasets are read) joined into batches along that axis. */
public final class SampleBatches {

    private SampleBatches() {
    }

    /** The samples in groups of {@code size} (the last one smaller), each group one batched sample. */
    public static List<Sample> of(List<Sample> samples, int size) {
        List<Sample> batches = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += size) {
            batches.add(stack(samples.subList(from, Math.min(samples.size(), from + size))));
        }
        return batches;
    }

    public static Sample stack(List<Sample> samples) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : samples.get(0).inputs().keySet()) {
            List<HostTensor> parts = samples.stream().map(s -> s.inputs().get(name)).toList();
            out.put(name, concat(parts));
        }
        return new Sample(out);
    }

    private static HostTensor concat(List<HostTensor> parts) {
        HostTensor first = parts.get(0);
        long[] shape = first.shape().clone();
        shape[0] = parts.stream().mapToLong(p -> p.shape()[0]).sum();
        int total = parts.stream().mapToInt(p -> p.data().capacity()).sum();
        return new HostTensor(first.type(), shape, switch (first.type()) {
            case FLOAT -> {
                FloatBuffer b = FloatBuffer.allocate(total);
                parts.forEach(p -> b.put(((FloatBuffer) p.data()).duplicate().rewind()));
                yield b.rewind();
            }
            case INT64 -> {
                LongBuffer b = LongBuffer.allocate(total);
                parts.forEach(p -> b.put(((LongBuffer) p.data()).duplicate().rewind()));
                yield b.rewind();
            }
            case INT32 -> {
                IntBuffer b = IntBuffer.allocate(total);
                parts.forEach(p -> b.put(((IntBuffer) p.data()).duplicate().rewind()));
                yield b.rewind();
            }
            default -> {
                ByteBuffer b = ByteBuffer.allocate(total);
                parts.forEach(p -> b.put(((ByteBuffer) p.data()).duplicate().rewind()));
                yield b.rewind();
            }
        });
    }
}
