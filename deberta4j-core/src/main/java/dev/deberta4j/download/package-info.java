/**
 * Pieces shared by the resumable HTTP downloaders ({@code dev.deberta4j.hub} for models,
 * {@code dev.deberta4j.tasks.source} for benchmark data): appending a response body to a partial file under a
 * stall watchdog, and the content digests (SHA-256, git blob id) downloads are verified against.
 */
package dev.deberta4j.download;
