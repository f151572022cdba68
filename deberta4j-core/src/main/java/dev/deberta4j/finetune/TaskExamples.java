package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.data.DataFormatException;
import dev.deberta4j.data.DataTable;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.train.Batch;
import dev.deberta4j.train.CrossEntropyLoss;
import dev.deberta4j.train.Labels;
import dev.deberta4j.train.TrainingData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A data file encoded once for a task: token ids truncated to a maximum length (longest-first for pairs, as the
 * Korean fine-tuning recipes do) and label ids or scores. Batches are right-padded to their longest row.
 */
public final class TaskExamples implements TrainingData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextTask task;
    private final int padId;
    private final int[][] ids;
    private final int[][] typeIds;
    private final int[] classes;      // single / pair
    private final float[] scores;     // regression
    private final int[][] tokenTags;  // token: per token, -100 where ignored

    private TaskExamples(TextTask task, int padId, int[][] ids, int[][] typeIds, int[] classes, float[] scores,
                         int[][] tokenTags) {
        this.task = task;
        this.padId = padId;
        this.ids = ids;
        this.typeIds = typeIds;
        this.classes = classes;
        this.scores = scores;
        this.tokenTags = tokenTags;
    }

    /**
     * Encodes every row. An empty or null text encodes as just the special tokens (NSMC has a few empty reviews);
     * a missing column, an unknown label or a non-numeric score is an exception naming the file and line.
     *
     * @param labels the classes (ignored for regression)
     */
    public static TaskExamples encode(DataTable table, TextTask task, TaskColumns columns, LabelSet labels,
                                      Tokenizer tokenizer, int maxLength) {
        if (maxLength < 3) throw new IllegalArgumentException("max length must be >= 3, found " + maxLength);
        if (task == TextTask.PAIR && columns.pair() == null) {
            throw new IllegalArgumentException("task pair needs a text-pair column");
        }
        List<String> texts = table.column(columns.text());
        List<String> pairs = columns.pair() == null ? null : table.column(columns.pair());
        List<String> labelValues = table.column(columns.label());
        EncodeOptions options = EncodeOptions.defaults()
                .withTruncation(EncodeOptions.Truncation.longestFirst(maxLength));
        int n = table.size();
        int[][] ids = new int[n][];
        int[][] types = new int[n][];
        int[] classes = task == TextTask.SINGLE || task == TextTask.PAIR ? new int[n] : null;
        float[] scores = task == TextTask.REGRESSION ? new float[n] : null;
        int[][] tags = task == TextTask.TOKEN ? new int[n][] : null;
        for (int i = 0; i < n; i++) {
            String where = table.source() + " line " + table.lines()[i];
            Encoding e;
            if (task == TextTask.TOKEN) {
                List<String> words = list(texts.get(i), where, columns.text());
                List<String> wordTags = list(labelValues.get(i), where, columns.label());
                if (words.size() != wordTags.size()) {
                    throw new DataFormatException(table.source(), "line " + table.lines()[i] + ": " + words.size()
                            + " words but " + wordTags.size() + " tags");
                }
                e = tokenizer.encode(String.join(" ", words), null, options);
                tags[i] = alignTags(e, wordTags, labels, where);
            } else {
                e = tokenizer.encode(orEmpty(texts.get(i)), pairs == null ? null : orEmpty(pairs.get(i)), options);
                if (classes != null) classes[i] = labels.id(labelValues.get(i), where);
                else scores[i] = score(labelValues.get(i), where);
            }
            ids[i] = e.ids();
            types[i] = e.typeIds();
        }
        return new TaskExamples(task, Math.max(0, tokenizer.padId()), ids, types, classes, scores, tags);
    }

    /** Every tag of a token-task label column, in order (to collect the label set). */
    public static List<String> tags(DataTable table, String column) {
        List<String> out = new ArrayList<>();
        List<String> values = table.column(column);
        for (int i = 0; i < values.size(); i++) {
            out.addAll(list(values.get(i), table.source() + " line " + table.lines()[i], column));
        }
        return out;
    }

    /** The first sub-token of each word carries the word's tag; other sub-tokens and specials are ignored. */
    private static int[] alignTags(Encoding e, List<String> wordTags, LabelSet labels, String where) {
        int[] out = new int[e.length()];
        Arrays.fill(out, CrossEntropyLoss.IGNORE_INDEX);
        int previous = -1;
        for (int t = 0; t < e.length(); t++) {
            int w = e.wordIds()[t];
            if (w >= 0 && w != previous) {
                if (w >= wordTags.size()) {
                    throw new IllegalArgumentException(where + ": the tokenizer split the text into more words ("
                            + (w + 1) + ") than it has tags (" + wordTags.size() + ")");
                }
                out[t] = labels.id(wordTags.get(w), where);
            }
            previous = w;
        }
        return out;
    }

    private static List<String> list(String value, String where, String column) {
        if (value == null) throw new IllegalArgumentException(where + ": column \"" + column + "\" is null");
        String v = value.strip();
        if (!v.startsWith("[")) return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
        try {
            JsonNode array = JSON.readTree(v);
            List<String> out = new ArrayList<>();
            for (JsonNode x : array) out.add(x.asText());
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": column \"" + column + "\" is not a JSON array: "
                    + e.getMessage(), e);
        }
    }

    private static float score(String value, String where) {
        try {
            return Float.parseFloat(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": expected a number as the regression target, found \""
                    + value + "\"");
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    public TextTask task() {
        return task;
    }

    @Override
    public int size() {
        return ids.length;
    }

    /** The encoded token ids of an example (with special tokens). */
    public int[] ids(int example) {
        return ids[example];
    }

    /** Gold class of a single/pair example. */
    public int goldClass(int example) {
        return classes[example];
    }

    /** Gold score of a regression example. */
    public float goldScore(int example) {
        return scores[example];
    }

    /** Gold tag per token of a token-task example (-100 where ignored). */
    public int[] goldTags(int example) {
        return tokenTags[example];
    }

    @Override
    public Batch batch(int[] exampleIndices) {
        List<int[]> seqs = new ArrayList<>(exampleIndices.length);
        List<int[]> types = new ArrayList<>(exampleIndices.length);
        for (int i : exampleIndices) {
            seqs.add(ids[i]);
            types.add(typeIds[i]);
        }
        ModelInput input = ModelInput.of(seqs, types, padId);
        return new Batch(input, labels(exampleIndices, input.seqLen()));
    }

    private Labels labels(int[] rows, int seqLen) {
        return switch (task) {
            case SINGLE, PAIR -> {
                int[] l = new int[rows.length];
                for (int b = 0; b < rows.length; b++) l[b] = classes[rows[b]];
                yield new Labels.Classes(l);
            }
            case REGRESSION -> {
                float[] l = new float[rows.length];
                for (int b = 0; b < rows.length; b++) l[b] = scores[rows[b]];
                yield new Labels.Regression(l);
            }
            case TOKEN -> {
                int[] l = new int[rows.length * seqLen];
                Arrays.fill(l, CrossEntropyLoss.IGNORE_INDEX);
                for (int b = 0; b < rows.length; b++) {
                    System.arraycopy(tokenTags[rows[b]], 0, l, b * seqLen, tokenTags[rows[b]].length);
                }
                yield new Labels.Classes(l);
            }
        };
    }
}
