package dev.deberta4j.cli;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.models.BundledModels;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.ScoreFunction;
import dev.deberta4j.pipeline.TextClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code deberta4j classify}: text (or sentence-pair) classification. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify texts with a sequence-classification model (softmax, or sigmoid for multi-label "
                + "models, labels from id2label).",
                "File lines are texts, or JSONL objects with \"text\" and optionally \"text_pair\"."})
public final class ClassifyCommand extends PipelineCommand {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify.")
    List<String> texts = new ArrayList<>();

    @Mixin BundledModelOption model = new BundledModelOption(BundledModels.KOREAN_SENTIMENT);

    @Option(names = "--pair", paramLabel = "TEXT", description = "Second text of a sentence pair, for every text argument.")
    String pair;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "1", description = "Labels per text (default: 1).")
    int topK;

    @Option(names = "--function", paramLabel = "F",
            description = "softmax, sigmoid or none (default: as transformers picks from the config's problem_type).")
    String function;

    @Mixin TruncateOption truncation;

    @Override
    void execute() {
        atLeastOne("--top-k", topK);
        List<InputRecord> inputs = inputs(texts);
        PipelineModel pm = PipelineModel.load(model.directory(), HeadType.SEQUENCE_CLASSIFICATION);
        // --json lists every label's probability, so rank them all and print the top K
        int ranked = run.json() ? Math.max(topK, pm.model().config().numLabels) : topK;
        TextClassifier classifier = function == null
                ? new TextClassifier(pm, run.pipelineOptions(truncation.truncate))
                : new TextClassifier(pm, run.pipelineOptions(truncation.truncate), ScoreFunction.parse(function));
        inChunks(inputs, chunk -> {
            List<String> first = field(chunk, "text");
            List<String> second = chunk.stream().map(r -> r.json() == null ? pair : r.optionalField("text_pair")).toList();
            boolean pairs = second.stream().anyMatch(s -> s != null);
            if (pairs && second.contains(null)) {
                throw new IllegalArgumentException(chunk.get(second.indexOf(null)).where()
                        + ": missing \"text_pair\" (inputs of one run are all single texts or all pairs)");
            }
            List<List<LabelScore>> results = pairs ? classifier.classifyPairs(first, second, ranked) : classifier.classify(first, ranked);
            for (int i = 0; i < chunk.size(); i++) print(first.get(i), pairs ? second.get(i) : null, results.get(i));
        });
    }

    private void print(String text, String textPair, List<LabelScore> labels) {
        if (!run.json()) {
            for (LabelScore l : labels.subList(0, Math.min(topK, labels.size()))) out().printf(Locale.ROOT, "%s\t%.4f\t%s%n", l.label(), l.score(), text);
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("text", text);
        if (textPair != null) line.put("text_pair", textPair);
        if (topK == 1) {
            line.put("label", labels.getFirst().label());
            line.put("score", labels.getFirst().score());
        } else {
            line.put("labels", labels.subList(0, Math.min(topK, labels.size())).stream()
                    .map(l -> Map.of("label", l.label(), "score", l.score())).toList());
        }
        Map<String, Object> probabilities = new LinkedHashMap<>();
        for (LabelScore l : labels) probabilities.put(l.label(), l.score());
        line.put("probabilities", probabilities);
        printJson(line);
    }
}
