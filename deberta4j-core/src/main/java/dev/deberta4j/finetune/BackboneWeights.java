package dev.deberta4j.finetune;

import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A view of a checkpoint that shows only the backbone (embeddings and encoder, with or without the
 * family's base-model prefix such as {@code deberta.} or {@code bert.}) and hides any head (pooler, classifier, LM or QA head). A task model built on it gets
 * a freshly initialised head, as transformers gives a pretrained backbone, even when the starting model was
 * fine-tuned for another task.
 */
public final class BackboneWeights implements TensorSource {
    private final TensorSource all;
    private final Set<String> names;

    public BackboneWeights(TensorSource all) {
        this.all = all;
        TreeSet<String> kept = new TreeSet<>();
        for (String n : all.names()) if (isBackbone(n)) kept.add(n);
        this.names = Collections.unmodifiableSet(kept);
    }

    /**
     * True for the backbone's tensors, optionally under a family's base-model prefix: embeddings.* and encoder.*
     * (DistilBERT: transformer.*, ELECTRA also embeddings_project.*), and the pooler that BertModel and RobertaModel
     * hold themselves (bert.pooler.*, roberta.pooler.*; DeBERTa's top-level pooler.* belongs to its head).
     */
    public static boolean isBackbone(String name) {
        for (ModelFamily f : ModelFamily.values()) {
            if (name.startsWith(f.backbonePrefix())) {
                String n = name.substring(f.backbonePrefix().length());
                return isBackboneModule(n) || f.hasBackbonePooler() && n.startsWith("pooler.");
            }
        }
        return isBackboneModule(name);
    }

    private static boolean isBackboneModule(String n) {
        return n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("transformer.")
                || n.startsWith("embeddings_project.");
    }

    @Override
    public Path path() {
        return all.path();
    }

    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public TensorInfo info(String name) {
        return all.info(visible(name));
    }

    @Override
    public boolean contains(String name) {
        return names.contains(name);
    }

    @Override
    public float[] readFloats(String name) {
        return all.readFloats(visible(name));
    }

    @Override
    public long[] readLongs(String name) {
        return all.readLongs(visible(name));
    }

    @Override
    public ByteBuffer readRaw(String name) {
        return all.readRaw(visible(name));
    }

    @Override
    public void close() {
        all.close();
    }

    private String visible(String name) {
        if (!names.contains(name)) {
            throw new CheckpointException(all.path(), "no backbone tensor \"" + name + "\" (head weights are hidden)");
        }
        return name;
    }
}
