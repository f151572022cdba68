/**
 * {@link dev.deberta4j.concurrent.ThreadPool}: the fixed worker pool that the kernels, the model's per-head loops,
 * training and the server share, sized by {@code --threads}. Apart from the kernels because its users are every
 * layer above them (a pool is not a kernel), and the kernels depend on it, never the other way round. Internal.
 */
package dev.deberta4j.concurrent;
