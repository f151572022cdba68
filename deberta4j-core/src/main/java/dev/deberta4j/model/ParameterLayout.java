package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every parameter and buffer transformers' model of a config's family and a head holds: names exactly as
 * {@code state_dict()} names them, shapes, and how {@code _init_weights} initialises each. Used to initialise new
 * models and to estimate memory from a config alone.
 */
public final class ParameterLayout {
    /** How transformers initialises a tensor. */
    public enum Init { NORMAL, ZEROS, ONES, EMBEDDING_WITH_PADDING, CONV_UNIFORM, POSITION_IDS }

    /**
     * @param name   state_dict name
     * @param shape  dimensions
     * @param init   initialisation
     * @param buffer true for a buffer (position_ids), which state_dict does not save in transformers 4.40
     * @param fanIn  fan-in of a convolution (for its uniform init), else 0
     */
    public record Entry(String name, long[] shape, Init init, boolean buffer, long fanIn) {
        public long numel() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }

        public int[] intShape() {
            int[] s = new int[shape.length];
            for (int i = 0; i < s.length; i++) s[i] = Math.toIntExact(shape[i]);
            return s;
        }
    }

    private final List<Entry> entries;

    private ParameterLayout(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The layout of the given head (BASE: the backbone alone, names without the base-model prefix such as
     * {@code deberta.}), in the family's own names.
     */
    public static ParameterLayout of(DebertaConfig c, HeadType head) {
        Builder b = new Builder(head == HeadType.BASE ? "" : c.family.backbonePrefix(), c);
        int h = c.hiddenSize;
        int e = c.embeddingSize;
        int a = c.allHeadSize();
        b.embedding("embeddings.word_embeddings.weight", true, c.vocabSize, e);
        if (c.positionBiasedInput) b.embedding("embeddings.position_embeddings.weight", false, c.maxPositionEmbeddings, e);
        if (c.typeVocabSize > 0) b.embedding("embeddings.token_type_embeddings.weight", false, c.typeVocabSize, e);
        boolean normFirst = c.family.normalisesBeforeProjection();
        if (normFirst) b.layerNorm("embeddings.LayerNorm", e);
        if (e != h) {
            b.backbone("embeddings.embed_proj.weight", Init.NORMAL, h, e);
            if (normFirst) b.backbone("embeddings.embed_proj.bias", Init.ZEROS, h);
        }
        if (!normFirst) b.layerNorm("embeddings.LayerNorm", h);
        b.add(new Entry(b.prefix + "embeddings.position_ids", new long[]{1, c.maxPositionEmbeddings}, Init.POSITION_IDS, true, 0));
        for (int i = 0; i < c.numHiddenLayers; i++) {
            String p = "encoder.layer." + i + ".";
            b.linear(p + "attention.self.query_proj", a, h);
            b.linear(p + "attention.self.key_proj", a, h);
            b.linear(p + "attention.self.value_proj", a, h);
            if (c.relativeAttention && !c.shareAttKey) {
                if (c.c2p()) b.linear(p + "attention.self.pos_key_proj", a, h);
                if (c.p2c()) b.linear(p + "attention.self.pos_query_proj", a, h);
            }
            b.linear(p + "attention.output.dense", h, a);
            b.layerNorm(p + "attention.output.LayerNorm", h);
            b.linear(p + "intermediate.dense", c.intermediateSize, h);
            b.linear(p + "output.dense", h, c.intermediateSize);
            b.layerNorm(p + "output.LayerNorm", h);
        }
        if (c.relativeAttention) b.embedding("encoder.rel_embeddings.weight", false, c.relEmbeddingRows(), h);
        if (c.normRelEmbeddingsWithLayerNorm()) b.layerNorm("encoder.LayerNorm", h);
        if (c.convKernelSize > 0) {
            long fanIn = (long) (h / c.convGroups) * c.convKernelSize;
            b.add(new Entry(b.prefix + "encoder.conv.conv.weight", new long[]{h, h / c.convGroups, c.convKernelSize},
                    Init.CONV_UNIFORM, false, fanIn));
            b.add(new Entry(b.prefix + "encoder.conv.conv.bias", new long[]{h}, Init.CONV_UNIFORM, false, fanIn));
            b.layerNorm("encoder.conv.LayerNorm", h);
        }
        if (head == HeadType.BASE && c.family.hasBackbonePooler()) b.linear("pooler.dense", h, h);   // BertModel's
        switch (head) {
            case BASE -> { }
            case SEQUENCE_CLASSIFICATION, MULTIPLE_CHOICE -> {
                HeadLayout.Pooled names = HeadLayout.pooled(c, head == HeadType.MULTIPLE_CHOICE);
                b.head(names.dense() + ".weight", Init.NORMAL, c.poolerHiddenSize, h);
                b.head(names.dense() + ".bias", Init.ZEROS, c.poolerHiddenSize);
                int outputs = head == HeadType.MULTIPLE_CHOICE ? 1 : c.numLabels;
                b.head(names.out() + ".weight", Init.NORMAL, outputs, c.poolerHiddenSize);
                b.head(names.out() + ".bias", Init.ZEROS, outputs);
            }
            case TOKEN_CLASSIFICATION -> {
                b.head("classifier.weight", Init.NORMAL, c.numLabels, h);
                b.head("classifier.bias", Init.ZEROS, c.numLabels);
            }
            case QUESTION_ANSWERING -> {
                b.head("qa_outputs.weight", Init.NORMAL, c.numLabels, h);
                b.head("qa_outputs.bias", Init.ZEROS, c.numLabels);
            }
            case MASKED_LM -> {
                HeadLayout.MaskedLm names = HeadLayout.maskedLm(c);
                b.head(names.dense() + ".weight", Init.NORMAL, e, h);
                b.head(names.dense() + ".bias", Init.ZEROS, e);
                b.head(names.layerNorm() + ".weight", Init.ONES, e);
                b.head(names.layerNorm() + ".bias", Init.ZEROS, e);
                b.head(names.bias(), Init.ZEROS, c.vocabSize);
            }
            case REPLACED_TOKEN_DETECTION -> {
                HeadLayout.Discriminator names = HeadLayout.discriminator(c);
                b.head(names.dense() + ".weight", Init.NORMAL, h, h);
                b.head(names.dense() + ".bias", Init.ZEROS, h);
                b.head(names.prediction() + ".weight", Init.NORMAL, 1, h);
                b.head(names.prediction() + ".bias", Init.ZEROS, 1);
            }
        }
        return new ParameterLayout(b.entries);
    }

    private static final class Builder {
        final String prefix;
        final DebertaConfig config;
        final List<Entry> entries = new ArrayList<>();

        Builder(String prefix, DebertaConfig config) {
            this.prefix = prefix;
            this.config = config;
        }

        void add(Entry e) {
            entries.add(e);
        }

        /** A backbone tensor named as DeBERTa names it; stored under the family's name. */
        void backbone(String name, Init init, long... shape) {
            add(new Entry(prefix + config.family.weightName(name), shape, init, false, 0));
        }

        void head(String name, Init init, long... shape) {
            add(new Entry(name, shape, init, false, 0));
        }

        void linear(String name, long out, long in) {
            backbone(name + ".weight", Init.NORMAL, out, in);
            backbone(name + ".bias", Init.ZEROS, out);
        }

        void layerNorm(String name, long size) {
            backbone(name + ".weight", Init.ONES, size);
            backbone(name + ".bias", Init.ZEROS, size);
        }

        void embedding(String name, boolean hasPadding, long rows, long cols) {
            backbone(name, hasPadding ? Init.EMBEDDING_WITH_PADDING : Init.NORMAL, rows, cols);
        }
    }
}
