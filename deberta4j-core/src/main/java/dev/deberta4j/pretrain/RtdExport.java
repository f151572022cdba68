package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.io.AtomicDirectory;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.train.Parameter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Between an {@link RtdModel} and Hugging Face model directories: the export (discriminator/ as a DebertaV2Model
 * directory with E_D = E_G + E_Δ as its word embeddings and the RTD head under discriminator_predictions.*, which
 * task models ignore; generator/ as a DebertaV2ForMaskedLM directory) and the continued-pre-training start from a
 * discriminator directory (the generator from its embeddings and lower layers, E_Δ = 0).
 */
final class RtdExport {
    static final String DISCRIMINATOR_DIR = "discriminator";
    static final String GENERATOR_DIR = "generator";
    private static final String BACKBONE = "deberta.";
    private static final String WORDS = "embeddings.word_embeddings.weight";

    private RtdExport() {
    }

    static void export(RtdModel model, Path out, Path tokenizerDir) {
        InMemoryTensorSource discriminator = new InMemoryTensorSource(out.resolve(DISCRIMINATOR_DIR));
        InMemoryTensorSource generator = new InMemoryTensorSource(out.resolve(GENERATOR_DIR));
        Parameter sharedWords = model.parameter(RtdModel.GENERATOR + BACKBONE + "embeddings.word_embeddings.weight");
        Parameter delta = model.parameter(RtdModel.DELTA_WORD_EMBEDDINGS);
        float[] words = new float[delta.size()];
        for (int i = 0; i < words.length; i++) words[i] = sharedWords.data()[i] + delta.data()[i];
        discriminator.putFloats(BACKBONE + "embeddings.word_embeddings.weight", words, delta.longShape());
        for (Parameter p : model.parameters()) {
            if (p.name().startsWith(RtdModel.DISCRIMINATOR)) {
                discriminator.putFloats(p.name().substring(RtdModel.DISCRIMINATOR.length()), p.data().clone(),
                        p.longShape());
            } else if (p.name().startsWith(RtdModel.GENERATOR)) {
                generator.putFloats(p.name().substring(RtdModel.GENERATOR.length()), p.data().clone(), p.longShape());
            }
        }
        write(out.resolve(DISCRIMINATOR_DIR), model.discriminatorConfig(), HeadType.BASE, discriminator, tokenizerDir);
        write(out.resolve(GENERATOR_DIR), model.generatorConfig(), HeadType.MASKED_LM, generator, tokenizerDir);
    }

    static void write(Path dir, DebertaConfig config, HeadType head, InMemoryTensorSource weights,
                      Path tokenizerDir) {
        AtomicDirectory.replace(dir, "exported " + head.architecture(config.family),
                staging -> ModelDirectory.write(staging, config, head, weights, tokenizerDir));
    }

    /**
     * The weights of a continued pre-training start: the discriminator (and its RTD head when the directory has
     * one, e.g. our own export) from {@code hfDir}; the generator's embeddings, relative embeddings and its
     * layers 0..n-1 copied from the discriminator's; what the directory lacks (the MLM head, the RTD head of a
     * plain discriminator) freshly initialised; E_Δ = 0.
     */
    static RtdModel fromDiscriminator(Path hfDir, DebertaConfig generatorOrNull, RtdOptions options, long seed) {
        DebertaConfig discriminator = DebertaConfig.load(hfDir);
        DebertaConfig generator = generatorOrNull != null ? generatorOrNull : RtdModel.defaultGenerator(discriminator);
        if (generator.hiddenSize != discriminator.hiddenSize || generator.numHiddenLayers > discriminator.numHiddenLayers) {
            throw new IllegalArgumentException(hfDir + ": the generator (hidden " + generator.hiddenSize + ", "
                    + generator.numHiddenLayers + " layers) must have the discriminator's width ("
                    + discriminator.hiddenSize + ") and at most its " + discriminator.numHiddenLayers + " layers");
        }
        InMemoryTensorSource w = new InMemoryTensorSource(hfDir);
        float[] words = readDiscriminator(hfDir, w, generator.numHiddenLayers);
        w.putFloats(RtdModel.GENERATOR + BACKBONE + WORDS, words, wordsShape(discriminator));
        InMemoryTensorSource freshHead = WeightInitializer.initialise(generator, HeadType.MASKED_LM, seed);
        for (String name : freshHead.names()) {
            if (name.startsWith("cls.") && !w.contains(RtdModel.GENERATOR + name)) {
                w.putFloats(RtdModel.GENERATOR + name, freshHead.readFloats(name), freshHead.info(name).shape());
            }
        }
        RtdModel.withFreshExtras(w, discriminator, generator, options, seed);
        return RtdModel.fromWeights(discriminator, generator, options, w, seed);
    }

    /**
     * Continued pre-training from an earlier export (or any discriminator + DebertaV2ForMaskedLM pair of one
     * vocabulary): the generator whole from {@code generatorDir} (E_G its word embeddings), the discriminator from
     * {@code discriminatorDir} with E_Δ = E_D − E_G, so the pair predicts as it did when exported (E_G + E_Δ
     * rounds back to E_D within a float32 ulp). Only AdamW's moments start afresh.
     */
    static RtdModel fromExport(Path discriminatorDir, Path generatorDir, RtdOptions options, long seed) {
        DebertaConfig discriminator = DebertaConfig.load(discriminatorDir);
        DebertaConfig generator = DebertaConfig.load(generatorDir);
        InMemoryTensorSource w = new InMemoryTensorSource(discriminatorDir);
        try (TensorSource source = Checkpoints.open(generatorDir)) {
            RtdModel.copyPrefixed(source, "", RtdModel.GENERATOR, w);
        }
        List<String> missing = new ArrayList<>();
        for (ParameterLayout.Entry e : RtdModel.layout(discriminator, generator, options)) {
            if (e.name().startsWith(RtdModel.GENERATOR) && !e.name().equals(RtdModel.EMD_POSITION_EMBEDDINGS)
                    && !w.contains(e.name())) {
                missing.add(e.name().substring(RtdModel.GENERATOR.length()));
            }
        }
        if (!missing.isEmpty()) {   // the EMD's position table alone may start fresh (--emd added on the way)
            throw new IllegalArgumentException(generatorDir + ": expected a DebertaV2ForMaskedLM checkpoint, missing "
                    + missing.size() + " of its weights: " + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                    + (missing.size() > 3 ? ", ..." : ""));
        }
        float[] words = readDiscriminator(discriminatorDir, w, 0);
        String generatorWords = RtdModel.GENERATOR + BACKBONE + WORDS;
        if (!w.contains(generatorWords) || !Arrays.equals(w.info(generatorWords).shape(), wordsShape(discriminator))) {
            throw new IllegalArgumentException(generatorDir + ": " + BACKBONE + WORDS + " must have the "
                    + "discriminator's shape " + Arrays.toString(wordsShape(discriminator)) + ", found "
                    + (w.contains(generatorWords) ? Arrays.toString(w.info(generatorWords).shape()) : "none"));
        }
        float[] shared = w.readFloats(generatorWords);
        for (int i = 0; i < words.length; i++) words[i] -= shared[i];
        w.putFloats(RtdModel.DELTA_WORD_EMBEDDINGS, words, wordsShape(discriminator));
        RtdModel.withFreshExtras(w, discriminator, generator, options, seed);
        return RtdModel.fromWeights(discriminator, generator, options, w, seed);
    }

    /**
     * Puts the discriminator's backbone (and RTD head, when the directory has one) of {@code hfDir} into {@code w}
     * under the model's names, with its layers below {@code generatorLayers} (and its embeddings but the word
     * table, when that is above 0) also as the generator's; a masked-LM head found there goes to the generator.
     *
     * @return the discriminator's word embeddings
     */
    private static float[] readDiscriminator(Path hfDir, InMemoryTensorSource w, int generatorLayers) {
        float[] words = null;
        try (TensorSource source = Checkpoints.open(hfDir)) {
            String prefix = source.names().stream().anyMatch(n -> n.startsWith(BACKBONE)) ? BACKBONE : "";
            for (String name : source.names()) {
                if (!source.info(name).dtype().isFloatingPoint()) continue;
                float[] data = source.readFloats(name);
                long[] shape = source.info(name).shape();
                if (name.startsWith("discriminator_predictions.")) {
                    w.putFloats(RtdModel.DISCRIMINATOR + name, data, shape);
                    continue;
                }
                if (name.startsWith("cls.predictions.") && !name.contains("decoder")) {
                    if (generatorLayers > 0) w.putFloats(RtdModel.GENERATOR + name, data, shape);   // a masked-LM head
                    continue;
                }
                if (!name.startsWith(prefix)) continue;
                String local = name.substring(prefix.length());
                if (local.equals(WORDS)) {
                    words = data;
                    continue;
                }
                w.putFloats(RtdModel.DISCRIMINATOR + BACKBONE + local, data, shape);
                if (generatorLayers > 0 && inGenerator(local, generatorLayers)) {
                    w.putFloats(RtdModel.GENERATOR + BACKBONE + local, data.clone(), shape);
                }
            }
        }
        if (words == null) throw new IllegalArgumentException(hfDir + ": no " + WORDS + " weight");
        return words;
    }

    private static long[] wordsShape(DebertaConfig d) {
        return new long[] {d.vocabSize, d.embeddingSize};
    }

    /** Whether a backbone weight of the discriminator also initialises the generator (everything but upper layers). */
    private static boolean inGenerator(String local, int generatorLayers) {
        if (!local.startsWith("encoder.layer.")) return true;
        int end = local.indexOf('.', "encoder.layer.".length());
        return Integer.parseInt(local.substring("encoder.layer.".length(), end)) < generatorLayers;
    }
}
