package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.train.Parameter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ELECTRA's pre-training pair for {@link RtdModel} (KoELECTRA's recipe): an ElectraForMaskedLM generator and an
 * ElectraForPreTraining discriminator that share one embeddings module (word, position and token type tables and
 * their LayerNorm, ELECTRA's {@code electra/embeddings} scope) with ordinary gradient flow: both losses reach the
 * shared tables and their gradients add up. No GDES, no E_Δ. Each network keeps its own {@code embeddings_project}
 * (embedding_size → its hidden_size).
 *
 * <p>State-dict names: {@code discriminator.} + ElectraForPreTraining's names (the shared tables live here, as in
 * ELECTRA's TensorFlow checkpoints), {@code generator.} + ElectraForMaskedLM's names without
 * {@code electra.embeddings.*}.
 */
final class ElectraPair {
    static final String BACKBONE = ModelFamily.ELECTRA.backbonePrefix();
    private static final String SHARED = BACKBONE + "embeddings.";

    private ElectraPair() {
    }

    static boolean isElectra(DebertaConfig d) {
        return d.family == ModelFamily.ELECTRA;
    }

    /**
     * ELECTRA's generator fraction of the discriminator's hidden size (the paper's table 6): 1/3 for base
     * (hidden 768), 1/4 otherwise (small, large).
     */
    static double defaultHiddenFraction(DebertaConfig d) {
        return d.hiddenSize == 768 ? 1.0 / 3 : 0.25;
    }

    /**
     * ELECTRA's get_generator_config: hidden_size × fraction (rounded), intermediate 4 × hidden, max(1, hidden/64)
     * heads, the discriminator's layers and embedding_size.
     */
    static DebertaConfig defaultGenerator(DebertaConfig d, double hiddenFraction) {
        if (!(hiddenFraction > 0 && hiddenFraction <= 1)) {
            throw new IllegalArgumentException("--generator-hidden-fraction must be in (0, 1], found " + hiddenFraction);
        }
        int hidden = Math.max(1, (int) Math.round(d.hiddenSize * hiddenFraction));
        int heads = Math.max(1, hidden / 64);
        if (hidden % heads != 0) heads = 1;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("hidden_size", hidden);
        o.put("intermediate_size", 4 * hidden);
        o.put("num_attention_heads", heads);
        o.put("embedding_size", d.embeddingSize);
        return d.with(o);
    }

    /** Every trainable tensor: the discriminator whole, then the generator without the shared embeddings. */
    static List<ParameterLayout.Entry> layout(DebertaConfig d, DebertaConfig g, RtdOptions options) {
        if (options.emd()) {
            throw new IllegalArgumentException("the Enhanced Mask Decoder (--emd) is DeBERTa's; ELECTRA's generator "
                    + "is the plain ElectraForMaskedLM");
        }
        List<ParameterLayout.Entry> out = new ArrayList<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(d, HeadType.REPLACED_TOKEN_DETECTION).entries()) {
            if (!e.buffer()) out.add(RtdModel.renamed(e, RtdModel.DISCRIMINATOR + e.name()));
        }
        for (ParameterLayout.Entry e : ParameterLayout.of(g, HeadType.MASKED_LM).entries()) {
            if (!e.buffer() && !e.name().startsWith(SHARED)) out.add(RtdModel.renamed(e, RtdModel.GENERATOR + e.name()));
        }
        return out;
    }

    /** The shared tables under the generator's names, for its ParameterSet. */
    static Map<String, Parameter> sharedForGenerator(List<Parameter> discriminator) {
        Map<String, Parameter> shared = new LinkedHashMap<>();
        String prefix = RtdModel.DISCRIMINATOR + SHARED;
        for (Parameter p : discriminator) {
            if (p.name().startsWith(prefix)) {
                shared.put(RtdModel.GENERATOR + p.name().substring(RtdModel.DISCRIMINATOR.length()), p);
            }
        }
        return shared;
    }

    /** The pair must be ELECTRA on both sides and agree on everything the shared embeddings module holds. */
    static void checkCompatible(DebertaConfig d, DebertaConfig g) {
        for (DebertaConfig c : List.of(d, g)) {
            if (!isElectra(c)) {
                throw new IllegalArgumentException((c.source() == null ? "config" : c.source().toString())
                        + ": ELECTRA pre-training needs model_type electra for both networks, found model_type "
                        + c.family.modelType());
            }
        }
        String[] fields = {"vocab_size", "embedding_size", "max_position_embeddings", "type_vocab_size",
                "pad_token_id", "layer_norm_eps"};
        double[] dv = {d.vocabSize, d.embeddingSize, d.maxPositionEmbeddings, d.typeVocabSize, d.padTokenId, d.layerNormEps};
        double[] gv = {g.vocabSize, g.embeddingSize, g.maxPositionEmbeddings, g.typeVocabSize, g.padTokenId, g.layerNormEps};
        for (int i = 0; i < fields.length; i++) {
            if (dv[i] != gv[i]) {
                throw new IllegalArgumentException("ELECTRA shares the embeddings: the generator's " + fields[i] + " "
                        + format(gv[i]) + " differs from the discriminator's " + format(dv[i]));
            }
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Writes {@code out/discriminator/} (ElectraForPreTraining) and {@code out/generator/} (ElectraForMaskedLM, the
     * shared embeddings copied in, its decoder tied to them), each atomically, with config.json and the tokenizer
     * files: what transformers' from_pretrained and our engine load.
     */
    static void export(RtdModel model, Path out, Path tokenizerDir) {
        InMemoryTensorSource discriminator = new InMemoryTensorSource(out.resolve(RtdExport.DISCRIMINATOR_DIR));
        InMemoryTensorSource generator = new InMemoryTensorSource(out.resolve(RtdExport.GENERATOR_DIR));
        for (Parameter p : model.parameters()) {
            if (p.name().startsWith(RtdModel.DISCRIMINATOR)) {
                String name = p.name().substring(RtdModel.DISCRIMINATOR.length());
                discriminator.putFloats(name, p.data().clone(), p.longShape());
                if (name.startsWith(SHARED)) generator.putFloats(name, p.data().clone(), p.longShape());
            } else {
                generator.putFloats(p.name().substring(RtdModel.GENERATOR.length()), p.data().clone(), p.longShape());
            }
        }
        RtdExport.write(out.resolve(RtdExport.DISCRIMINATOR_DIR), model.discriminatorConfig(),
                HeadType.REPLACED_TOKEN_DETECTION, discriminator, tokenizerDir);
        RtdExport.write(out.resolve(RtdExport.GENERATOR_DIR), model.generatorConfig(), HeadType.MASKED_LM, generator,
                tokenizerDir);
    }

    /**
     * Continued pre-training from published ELECTRA checkpoints (KoELECTRA's discriminator and generator, or our
     * own export): the discriminator (and its RTD head, if there) from {@code discriminatorDir}, which also gives
     * the shared embeddings; the generator's own weights from {@code generatorDirOrNull} (its copy of the
     * embeddings is not read: ELECTRA's are one module), or a fresh generator of {@code generatorConfigOrNull}
     * (null: {@link #defaultGenerator}). What the directories lack (the RTD head of a plain ElectraModel) starts fresh.
     */
    static RtdModel fromPretrained(Path discriminatorDir, Path generatorDirOrNull, DebertaConfig generatorConfigOrNull,
                                   RtdOptions options, long seed) {
        DebertaConfig d = DebertaConfig.load(discriminatorDir);
        InMemoryTensorSource w = new InMemoryTensorSource(discriminatorDir);
        DebertaConfig g;
        if (generatorDirOrNull != null) {
            g = DebertaConfig.load(generatorDirOrNull);
            copyOwn(generatorDirOrNull, RtdModel.GENERATOR, true, w);
        } else {
            g = generatorConfigOrNull != null ? generatorConfigOrNull : defaultGenerator(d, defaultHiddenFraction(d));
            RtdModel.copyPrefixed(WeightInitializer.initialise(g, HeadType.MASKED_LM, seed), "", RtdModel.GENERATOR, w);
        }
        copyOwn(discriminatorDir, RtdModel.DISCRIMINATOR, false, w);
        RtdModel.withFreshExtras(w, d, g, options, seed);
        return RtdModel.fromWeights(d, g, options, w, seed);
    }

    /** Puts a checkpoint's tensors under {@code scope}, its backbone under {@code electra.} whether or not it had it. */
    private static void copyOwn(Path dir, String scope, boolean skipShared, InMemoryTensorSource w) {
        try (TensorSource source = Checkpoints.open(dir)) {
            boolean prefixed = source.names().stream().anyMatch(n -> n.startsWith(BACKBONE));
            for (String name : source.names()) {
                if (!source.info(name).dtype().isFloatingPoint()) continue;
                boolean head = name.startsWith("discriminator_predictions.") || name.startsWith("generator_");
                String local = head || prefixed ? name : BACKBONE + name;
                if (skipShared && local.startsWith(SHARED)) continue;
                w.putFloats(scope + local, source.readFloats(name), source.info(name).shape());
            }
        }
    }
}
