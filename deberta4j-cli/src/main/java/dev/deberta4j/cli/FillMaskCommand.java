package dev.deberta4j.cli;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.models.BundledModels;
import dev.deberta4j.pipeline.MaskFiller;
import dev.deberta4j.pipeline.MaskPrediction;
import dev.deberta4j.pipeline.MaskSlot;
import dev.deberta4j.pipeline.PipelineModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code deberta4j fill-mask}: the most probable tokens for each mask token. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = {"Predict the tokenizer's mask token ([MASK]) in texts with a masked-LM model.",
                "File lines are texts, or JSONL objects with \"text\"."})
public final class FillMaskCommand extends PipelineCommand {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts with one or more mask tokens.")
    List<String> texts = new ArrayList<>();

    @Mixin BundledModelOption model = new BundledModelOption(BundledModels.KOREAN_GENERATOR);

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5", description = "Candidates per mask (default: 5).")
    int topK;

    @Mixin TruncateOption truncation;

    @Override
    void execute() {
        atLeastOne("--top-k", topK);
        List<InputRecord> inputs = inputs(texts);
        MaskFiller filler = new MaskFiller(PipelineModel.load(model.directory(), HeadType.MASKED_LM),
                run.pipelineOptions(truncation.truncate));
        for (InputRecord r : inputs) {
            if (!r.field("text").contains(filler.maskToken())) {
                throw new IllegalArgumentException(r.where() + ": no mask token " + filler.maskToken() + " in \""
                        + r.field("text") + "\"");
            }
        }
        inChunks(inputs, chunk -> {
            List<String> batch = field(chunk, "text");
            List<List<MaskSlot>> results = filler.fill(batch, topK);
            for (int i = 0; i < batch.size(); i++) print(batch.get(i), results.get(i));
        });
    }

    private void print(String text, List<MaskSlot> slots) {
        if (!run.json()) {
            out().println(text);
            for (int s = 0; s < slots.size(); s++) {
                for (MaskPrediction p : slots.get(s).predictions()) {
                    out().printf(Locale.ROOT, "  %s%.4f\t%s\t%s%n", slots.size() > 1 ? "mask " + (s + 1) + "\t" : "",
                            p.score(), p.tokenStr(), p.sequence());
                }
            }
            return;
        }
        List<List<Map<String, Object>>> masks = new ArrayList<>();
        for (MaskSlot slot : slots) {
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (MaskPrediction p : slot.predictions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("score", p.score());
                m.put("token", p.token());
                m.put("token_str", p.tokenStr());
                m.put("sequence", p.sequence());
                candidates.add(m);
            }
            masks.add(candidates);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("text", text);
        line.put("masks", masks);
        printJson(line);
    }
}
