package dev.deberta4j.cli;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.models.BundledModels;
import dev.deberta4j.pipeline.EmbeddingFiles;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.Pooling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code deberta4j embed}: sentence embeddings. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed texts: CLS or mean pooling of the last hidden state, optionally L2-normalised.",
                "Prints one line per text (the numbers, a tab, the text), JSONL ({\"text\", \"embedding\"}) with --json, "
                        + "or writes a float32 [texts, hidden] matrix with --output.",
                "File lines are texts, or JSONL objects with \"text\"."})
public final class EmbedCommand extends PipelineCommand {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to embed.")
    List<String> texts = new ArrayList<>();

    @Mixin BundledModelOption model = new BundledModelOption(BundledModels.KOREAN_DISCRIMINATOR);

    @Option(names = "--pooling", paramLabel = "P", defaultValue = "mean", description = "mean or cls (default: mean).")
    String pooling;

    @Option(names = "--normalize", description = "L2-normalise every embedding.")
    boolean normalize;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the matrix to FILE.npy or FILE.safetensors (tensor \"embeddings\") instead of printing JSONL.")
    Path output;

    @Mixin TruncateOption truncation;

    @Override
    void execute() {
        Pooling p = switch (pooling.toLowerCase(Locale.ROOT)) {
            case "mean" -> Pooling.MEAN;
            case "cls" -> Pooling.CLS;
            default -> throw new IllegalArgumentException("--pooling: expected mean or cls, found " + pooling);
        };
        if (output != null && !output.toString().endsWith(".npy") && !output.toString().endsWith(".safetensors")) {
            throw new IllegalArgumentException("--output: expected a .npy or .safetensors file name, found " + output);
        }
        List<InputRecord> inputs = inputs(texts);
        Embedder embedder = new Embedder(PipelineModel.load(model.directory(), HeadType.BASE),
                run.pipelineOptions(truncation.truncate), p, normalize);
        List<float[]> matrix = new ArrayList<>();
        inChunks(inputs, chunk -> {
            List<String> batch = field(chunk, "text");
            float[][] vectors = embedder.embed(batch);
            for (int i = 0; i < vectors.length; i++) {
                if (output != null) {
                    matrix.add(vectors[i]);
                } else if (!run.json()) {
                    out().println(plain(vectors[i]) + "\t" + batch.get(i));
                } else {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("text", batch.get(i));
                    line.put("embedding", vectors[i]);
                    printJson(line);
                }
            }
        });
        if (output != null) {
            EmbeddingFiles.write(output, matrix.toArray(float[][]::new));
            err().printf("deberta4j embed: %d x %d float32 -> %s%n", matrix.size(),
                    embedder.dimension(), output);
        }
    }

    /** The vector as space-separated numbers (shortest form that reads back to the same float). */
    private static String plain(float[] vector) {
        StringBuilder line = new StringBuilder(vector.length * 12);
        for (int i = 0; i < vector.length; i++) line.append(i == 0 ? "" : " ").append(vector[i]);
        return line.toString();
    }
}
