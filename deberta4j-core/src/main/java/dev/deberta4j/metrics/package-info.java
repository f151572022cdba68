/**
 * Evaluation metrics: classification (accuracy, F1) and correlations.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.metrics;
