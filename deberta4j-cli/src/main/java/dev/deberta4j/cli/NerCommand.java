package dev.deberta4j.cli;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.TokenClassifier;
import dev.deberta4j.pipeline.TokenEntity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code deberta4j ner}: token classification with entity aggregation. */
@Command(name = "ner", mixinStandardHelpOptions = true,
        description = {"Label tokens with a token-classification model and group them into entities.",
                "Offsets (start, end) are code-point positions in the text, as Python counts them.",
                "File lines are texts, or JSONL objects with \"text\"."})
public final class NerCommand extends PipelineCommand {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to label.")
    List<String> texts = new ArrayList<>();

    @Mixin ModelOption model;

    @Option(names = "--aggregation", paramLabel = "S", defaultValue = "simple",
            description = "none, simple, first, average or max (default: ${DEFAULT-VALUE}), as transformers' aggregation_strategy.")
    String aggregation;

    @Option(names = "--ignore-labels", paramLabel = "L", split = ",", defaultValue = "O",
            description = "Labels left out of the output (default: O); --ignore-labels= keeps all.")
    List<String> ignoreLabels;

    @Mixin TruncateOption truncation;

    @Override
    void execute() {
        AggregationStrategy strategy = AggregationStrategy.parse(aggregation);
        List<InputRecord> inputs = inputs(texts);
        TokenClassifier ner = new TokenClassifier(
                PipelineModel.load(model.directory(), HeadType.TOKEN_CLASSIFICATION),
                run.pipelineOptions(truncation.truncate), strategy,
                Set.copyOf(ignoreLabels.stream().filter(l -> !l.isEmpty()).toList()));
        inChunks(inputs, chunk -> {
            List<String> batch = field(chunk, "text");
            List<List<TokenEntity>> results = ner.classify(batch);
            for (int i = 0; i < batch.size(); i++) print(batch.get(i), results.get(i));
        });
    }

    private void print(String text, List<TokenEntity> entities) {
        if (!run.json()) {
            out().println(text);
            for (TokenEntity e : entities) {
                out().printf(Locale.ROOT, "  %s\t%.4f\t%d-%d\t%s%n", e.label(), e.score(), e.start(), e.end(), e.word());
            }
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (TokenEntity e : entities) {
            // transformers' keys: "entity" and "index" per token, "entity_group" per group
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(e.isGroup() ? "entity_group" : "entity", e.label());
            m.put("score", e.score());
            if (!e.isGroup()) m.put("index", e.index());
            m.put("word", e.word());
            m.put("start", e.start());
            m.put("end", e.end());
            list.add(m);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("text", text);
        line.put("entities", list);
        printJson(line);
    }
}
