/**
 * A model's config.json read with transformers' defaults ({@link dev.deberta4j.config.DebertaConfig}) and the
 * model families deberta4j loads ({@link dev.deberta4j.config.ModelFamily}).
 *
 * <p><b>API</b> (README, "Java API").
 */
package dev.deberta4j.config;
