package dev.deberta4j.benchmark;

/** Recipe values given on the command line; null keeps the recipe's value. Applied to every task. */
public record RecipeOverrides(Integer maxLength, Integer batchSize, Integer evalBatchSize, Double learningRate,
                              Integer epochs, Integer saveSteps, Long seed, Integer maxTrain, Integer maxTest) {
    public static RecipeOverrides none() {
        return new RecipeOverrides(null, null, null, null, null, null, null, null, null);
    }
}
