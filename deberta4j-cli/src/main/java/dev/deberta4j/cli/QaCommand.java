package dev.deberta4j.cli;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.Answer;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.QaOptions;
import dev.deberta4j.pipeline.QuestionAnswerer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code deberta4j qa}: extractive question answering; long contexts are split into overlapping windows. */
@Command(name = "qa", mixinStandardHelpOptions = true,
        description = {"Answer questions from a context with a question-answering model.",
                "Contexts longer than a window are split into overlapping windows (--max-seq-length, --doc-stride).",
                "Offsets (start, end) are code-point positions in the context.",
                "File lines are JSONL objects with \"question\" and \"context\"."})
public final class QaCommand extends PipelineCommand {
    @Mixin ModelOption model;

    @Option(names = "--question", paramLabel = "TEXT", description = "The question (with --context).")
    String question;

    @Option(names = "--context", paramLabel = "TEXT", description = "The text to find the answer in.")
    String context;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "1", description = "Answers per question (default: 1).")
    int topK;

    @Option(names = "--max-answer-length", paramLabel = "N", defaultValue = "15",
            description = "Longest answer in tokens (default: 15).")
    int maxAnswerLength;

    @Option(names = "--max-seq-length", paramLabel = "N", defaultValue = "0",
            description = "Window length in tokens (default: the smaller of 384 and the model's limit).")
    int maxSeqLength;

    @Option(names = "--doc-stride", paramLabel = "N", defaultValue = "-1",
            description = "Context tokens shared by consecutive windows (default: min(window / 2, 128)).")
    int docStride;

    @Option(names = "--handle-impossible-answer", description = "Allow \"no answer\" (an empty answer at 0-0).")
    boolean handleImpossibleAnswer;

    @Override
    void execute() {
        atLeastOne("--top-k", topK);
        List<InputRecord> inputs;
        if (question != null || context != null) {
            if (question == null || context == null || run.input != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --question with --context, or --input FILE with JSONL objects {\"question\", \"context\"}");
            }
            inputs = List.of(new InputRecord("arguments", null, Json.MAPPER.valueToTree(Map.of("question", question, "context", context))));
        } else {
            inputs = inputs(List.of());
        }
        QaOptions qa = new QaOptions(topK, maxAnswerLength, maxSeqLength, docStride, handleImpossibleAnswer, true);
        QuestionAnswerer answerer = new QuestionAnswerer(
                PipelineModel.load(model.directory(), HeadType.QUESTION_ANSWERING),
                run.pipelineOptions(false), qa);
        inChunks(inputs, chunk -> {
            List<String> questions = field(chunk, "question");
            List<String> contexts = field(chunk, "context");
            List<List<Answer>> results = answerer.answer(questions, contexts);
            for (int i = 0; i < chunk.size(); i++) print(questions.get(i), results.get(i));
        });
    }

    private void print(String q, List<Answer> answers) {
        if (!run.json()) {
            out().println(q);
            for (Answer a : answers) {
                out().printf(Locale.ROOT, "  %.4f\t%d-%d\t%s%n", a.score(), a.start(), a.end(), a.text());
            }
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Answer a : answers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", a.score());
            m.put("start", a.start());
            m.put("end", a.end());
            m.put("answer", a.text());
            list.add(m);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("question", q);
        line.put("answers", list);
        printJson(line);
    }
}
