package dev.mcs.worker.distill;

import dev.mcs.worker.distill.layers.EncoderLayers;
import java.util.ArrayList;
import java.util.List;

/**
 * Which teacher layer each kept student layer is matched with: the layer it came from, except that the last student
 * layer is matched with the teacher's last layer, whose output the pooled loss also asks for (matching it with the
 * layer it came from would ask it for two different things whenever the teacher's last layer is dropped).
 *
 * @param teacherLayers teacher layer indices, one per student layer (empty without matching)
 * @param teacher the teacher tensors, one per student layer
 * @param student the student tensors (the kept layers' outputs), in the same order
 */
record LayerTargets(List<Integer> teacherLayers, List<String> teacher, List<String> student) {

    static LayerTargets of(EncoderLayers encoder, List<Integer> keep, boolean match) {
        if (!match) {
            return new LayerTargets(List.of(), List.of(), List.of());
        }
        List<Integer> layers = new ArrayList<>(keep);
        layers.set(layers.size() - 1, encoder.count() - 1);
        return new LayerTargets(List.copyOf(layers),
                layers.stream().map(l -> encoder.layers().get(l).output()).toList(),
                keep.stream().map(l -> encoder.layers().get(l).output()).toList());
    }
}
