package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.finetune.FineTuneOptions;

/**
 * How one task is fine-tuned and scored under a named recipe (see recipes.json): AdamW with linear decay from
 * the learning rate to 0 after {@code warmupRatio} of the steps, global-norm clipping, and an evaluation plus a
 * checkpoint every {@code saveSteps} steps (0: every epoch) and at the end.
 *
 * @param maxTrain first training rows to keep (null: all)
 * @param maxTest  first dev and test rows to keep (null: all)
 */
public record Recipe(String name, BenchmarkTask task, int maxLength, int batchSize, int evalBatchSize,
                     double learningRate, int epochs, int saveSteps, double warmupRatio, double weightDecay,
                     double adamEpsilon, double maxGradNorm, long seed, Integer maxTrain, Integer maxTest) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Recipe {
        String where = "recipe " + name + ", task " + task.cliName() + ": ";
        if (maxLength < 3 || batchSize < 1 || evalBatchSize < 1 || epochs < 1 || saveSteps < 0) {
            throw new IllegalArgumentException(where + "expected max_seq_len >= 3, batch sizes and epochs >= 1 and "
                    + "save_steps >= 0, found " + maxLength + ", " + batchSize + "/" + evalBatchSize + ", " + epochs
                    + ", " + saveSteps);
        }
        if ((maxTrain != null && maxTrain < 1) || (maxTest != null && maxTest < 1)) {
            throw new IllegalArgumentException(where + "row limits must be >= 1, found " + maxTrain + ", " + maxTest);
        }
    }

    /** The recipe with the given values replaced (null fields of {@code o} keep the recipe's). */
    public Recipe with(RecipeOverrides o) {
        return new Recipe(name, task, or(o.maxLength(), maxLength), or(o.batchSize(), batchSize),
                or(o.evalBatchSize(), evalBatchSize), or(o.learningRate(), learningRate), or(o.epochs(), epochs),
                or(o.saveSteps(), saveSteps), warmupRatio, weightDecay, adamEpsilon, maxGradNorm, or(o.seed(), seed),
                o.maxTrain() != null ? o.maxTrain() : maxTrain, o.maxTest() != null ? o.maxTest() : maxTest);
    }

    public FineTuneOptions fineTuneOptions() {
        return new FineTuneOptions(epochs, batchSize, learningRate, warmupRatio, weightDecay, maxLength, seed,
                saveSteps, saveSteps, evalBatchSize, maxGradNorm, adamEpsilon);
    }

    /** The values under recipes.json's names (written to results.json; a resumed run must match them). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode().put("recipe", name).put("max_seq_len", maxLength)
                .put("train_batch_size", batchSize).put("eval_batch_size", evalBatchSize)
                .put("learning_rate", learningRate).put("num_train_epochs", epochs).put("save_steps", saveSteps)
                .put("warmup_proportion", warmupRatio).put("weight_decay", weightDecay)
                .put("adam_epsilon", adamEpsilon).put("max_grad_norm", maxGradNorm).put("seed", seed);
        if (maxTrain != null) o.put("max_train", maxTrain);
        if (maxTest != null) o.put("max_test", maxTest);
        return o;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
