/**
 * Pieces shared by the resumable HTTP downloaders ({@code dev.deberta4j.hub} for models,
 * {@code dev.deberta4j.benchmark.source} for benchmark data): appending a response body to a partial file under a
 * stall watchdog, the content digests (SHA-256, git blob id) downloads are verified against, and the
 * {@link dev.deberta4j.download.DownloadListener} both report progress to, so neither downloader depends on the other,
 * and {@link dev.deberta4j.download.DownloadException}, the base of both downloaders' user-facing errors.
 *
 * <p><b>API</b>: {@link dev.deberta4j.download.DownloadListener} and
 * {@link dev.deberta4j.download.DownloadException}; the transfer and digest classes are internal (README, "Java API").
 */
package dev.deberta4j.download;
