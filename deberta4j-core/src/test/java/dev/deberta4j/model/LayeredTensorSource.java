package dev.deberta4j.model;

import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Several tensor sources seen as one; the first that has a name wins (a head's file over the model's). */
final class LayeredTensorSource implements TensorSource {
    private final List<TensorSource> layers;

    LayeredTensorSource(TensorSource... layers) {
        this.layers = List.of(layers);
    }

    private TensorSource owner(String name) {
        for (TensorSource s : layers) {
            if (s.contains(name)) return s;
        }
        return layers.get(layers.size() - 1);
    }

    @Override public Path path() { return layers.get(layers.size() - 1).path(); }

    @Override public Set<String> names() {
        TreeSet<String> all = new TreeSet<>();
        for (TensorSource s : layers) all.addAll(s.names());
        return all;
    }

    @Override public TensorInfo info(String name) { return owner(name).info(name); }

    @Override public boolean contains(String name) { return layers.stream().anyMatch(s -> s.contains(name)); }

    @Override public float[] readFloats(String name) { return owner(name).readFloats(name); }

    @Override public long[] readLongs(String name) { return owner(name).readLongs(name); }

    @Override public ByteBuffer readRaw(String name) { return owner(name).readRaw(name); }

    @Override public void close() { layers.forEach(TensorSource::close); }
}
