/**
 * The bundled models as class-path resources ({@link dev.deberta4j.models.BundledModels}).
 *
 * <p><b>API</b> (README, "Java API").
 */
package dev.deberta4j.models;
