/**
 * Fine-tuning a model directory on a text task: {@link dev.deberta4j.finetune.FineTuning} builds the training run
 * from a starting model, a {@link dev.deberta4j.finetune.TextTask} and its examples, evaluates, and writes model
 * directories; {@code TrainingStepRunner} is the step {@code deberta4j bench-train} times.
 *
 * <p><b>API</b>: {@link dev.deberta4j.finetune.FineTuning}, {@link dev.deberta4j.finetune.FineTuneOptions},
 * {@link dev.deberta4j.finetune.TextTask}; the rest is internal (README, "Java API").
 */
package dev.deberta4j.finetune;
