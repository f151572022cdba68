/**
 * The memory estimate of inference and training ({@code deberta4j estimate-memory}).
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.memory;
