package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code deberta4j info MODEL}: what a checkpoint is, without running it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model directory (or Hub repo id): architecture, size, dtypes and the heads whose weights it holds.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model directory or Hub repo id.")
    String model;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = ModelDirectories.resolve(model, spec.commandLine().getErr());
        DebertaConfig c = DebertaConfig.load(dir);
        PrintWriter out = spec.commandLine().getOut();
        try (TensorSource weights = Checkpoints.open(dir)) {
            Map<DType, Long> byDtype = new TreeMap<>();
            long total = 0;
            for (String name : weights.names()) {
                var info = weights.info(name);
                byDtype.merge(info.dtype(), info.numel(), Long::sum);
                total += info.numel();
            }
            boolean prefixed = weights.contains(c.family.backbonePrefix() + "embeddings.word_embeddings.weight");
            long backbone = 0;
            for (ParameterLayout.Entry e : ParameterLayout.of(c, HeadType.BASE).entries()) {
                if (!e.buffer()) backbone += e.numel();
            }
            out.printf("model:          %s%n", dir);
            out.printf("weights:        %s%n", weights.path());
            out.printf("model_type:     %s%n", c.family.modelType());
            out.printf("architecture:   %s%n", c.architectures.isEmpty() ? "(none given)" : String.join(", ", c.architectures));
            out.printf("shape:          hidden %d, layers %d, heads %d, intermediate %d, vocab %d, embedding %d%n",
                    c.hiddenSize, c.numHiddenLayers, c.numAttentionHeads, c.intermediateSize, c.vocabSize, c.embeddingSize);
            out.printf("attention:      relative %s, pos_att_type %s, position_buckets %d, max_relative_positions %d, "
                            + "share_att_key %s, norm_rel_ebd %s%n", c.relativeAttention, c.posAttType, c.positionBuckets,
                    c.maxRelativePositions(), c.shareAttKey, String.join("|", c.normRelEbd));
            out.printf("inputs:         max_position_embeddings %d, absolute positions %s, type_vocab_size %d, conv_kernel_size %d%n",
                    c.maxPositionEmbeddings, c.positionBiasedInput, c.typeVocabSize, c.convKernelSize);
            out.printf("parameters:     %,d in the checkpoint (backbone %,d)%n", total, backbone);
            out.printf("dtypes:         %s%n", byDtype);
            out.printf("labels:         %d %s%s%n", c.numLabels, c.id2label.values(),
                    c.problemType == null ? "" : " (" + c.problemType + ")");
            out.printf("heads found:    %s%n", headsFound(weights, prefixed, c));
        }
        return 0;
    }

    /** Which transformers heads a DeBERTa checkpoint holds complete weights for. */
    static String headsFound(TensorSource w, boolean prefixed) {
        return headsFound(w, prefixed, DebertaConfig.parse("{}"));
    }

    /** Which of transformers' heads of the config's family the checkpoint holds complete weights for. */
    static String headsFound(TensorSource w, boolean prefixed, DebertaConfig c) {
        StringBuilder sb = new StringBuilder(prefixed ? "" : "base (backbone-only checkpoint)");
        HeadLayout.Pooled pooled = HeadLayout.pooled(c, false);
        String classifier = pooled.out() + ".weight";
        for (String name : java.util.List.of(classifier, "classifier.weight")) {
            if (w.contains(name) && w.info(name).rank() != 2) {
                throw new dev.deberta4j.io.CheckpointException(w.path(), name + " has shape "
                        + java.util.Arrays.toString(w.info(name).shape()) + ", expected [labels, hidden]");
            }
        }
        if (w.contains(pooled.dense() + ".weight") && w.contains(classifier)) {
            long outputs = w.info(classifier).shape()[0];
            sb.append(outputs == 1 ? "sequence-classification (1 output: regression) or multiple-choice"
                    : "sequence-classification (" + outputs + " labels)");
        } else if (w.contains("classifier.weight")) {
            sb.append("token-classification (").append(w.info("classifier.weight").shape()[0]).append(" labels)");
        }
        if (w.contains("qa_outputs.weight")) sb.append(sb.isEmpty() ? "" : ", ").append("question-answering");
        if (w.contains(HeadLayout.maskedLm(c).dense() + ".weight")) sb.append(sb.isEmpty() ? "" : ", ").append("masked-lm");
        if (c.family == ModelFamily.ELECTRA && w.contains(HeadLayout.discriminator(c).dense() + ".weight")) {
            sb.append(sb.isEmpty() ? "" : ", ").append("replaced-token-detection");
        }
        if (sb.isEmpty()) sb.append("base");
        return sb + "; base always";
    }
}
