/**
 * Hugging Face Hub downloads into the cache Python's {@code huggingface_hub} uses, so Java and Python share files.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.deberta4j.hub.ModelLocator#resolve(String)}: a {@code --model} argument, either a directory or a
 *       repo id {@code org/name}, to a model directory (cache first, download only when missing and not offline).</li>
 *   <li>{@link dev.deberta4j.hub.HubClient}: {@code snapshotDownload} (like Python's {@code snapshot_download}) and
 *       {@code resolveCached} (no network).</li>
 *   <li>{@link dev.deberta4j.hub.HubSettings#fromEnvironment()}: {@code HF_ENDPOINT}, {@code HF_HOME},
 *       {@code HF_HUB_CACHE}, {@code HF_TOKEN} / {@code HF_TOKEN_PATH} / {@code $HF_HOME/token},
 *       {@code HF_HUB_OFFLINE}.</li>
 * </ul>
 *
 * <h2>Protocol</h2>
 * {@code GET /api/models/{repo}/revision/{rev}} gives the commit hash ({@code sha}) and the file list
 * ({@code siblings[].rfilename}); a HEAD on {@code /{repo}/resolve/{commit}/{file}} gives {@code X-Repo-Commit},
 * the ETag ({@code X-Linked-Etag}, the sha256, for LFS files; {@code ETag}, the git blob id, otherwise; quotes and
 * {@code W/} stripped), the size ({@code X-Linked-Size} or {@code Content-Length}) and, for LFS files, the CDN
 * {@code Location}, which HEAD does not follow (relative redirects of renamed repos it does). The GET goes to that
 * location without the token, resumes a {@code .incomplete} blob with {@code Range}, retries a transfer that drops
 * or stays silent for 30 s (5 attempts in all, each from the bytes on disk) and keeps the partial file for the next
 * run after that. LFS blobs are checked against their sha256 ETag, regular files against their git blob id ETag;
 * a mismatch deletes the download, and a file with neither a verifiable ETag nor a size is not kept. The API's JSON
 * must arrive within 120 s and 64 MiB (docs/security.md). When the Hub cannot be reached at all, the cached
 * snapshot is used.
 *
 * <h2>Cache layout</h2>
 * As documented in {@link dev.deberta4j.hub.RepoCache}: {@code models--org--name/blobs/{etag}},
 * {@code snapshots/{commit}/{file}} as relative symlinks (copies where the file system refuses them),
 * {@code refs/{revision}}, {@code blobs/{etag}.incomplete}, {@code .locks/models--org--name/{etag}.lock} held with
 * {@code flock(2)} (the lock Python's {@code filelock} takes) plus an in-JVM semaphore, and {@code CACHEDIR.TAG}.
 *
 * <h2>How the layout was checked against huggingface_hub</h2>
 * With huggingface_hub 1.33.0 (see {@code docs/hub-cache.md} for the commands): deberta4j and Python's
 * {@code snapshot_download} each downloaded the same repo from the test Hub ({@code LoopbackHubMain}) into an empty
 * cache. The two trees (names, file types, symlink targets, {@code refs/main} bytes, lock files) are identical,
 * except that Python 1.x also writes {@code trees/{commit}.json}, a listing cache it does not need to read a snapshot.
 * Python then read the deberta4j cache with {@code HF_HUB_OFFLINE=1}: {@code snapshot_download},
 * {@code hf_hub_download}, {@code try_to_load_from_cache} found every file and {@code scan_cache_dir} reported the
 * repo, its {@code main} ref and 4 files with no warnings. The other direction is a unit test
 * ({@code PythonWrittenCacheTest}) and was also run on the Python-written cache: nothing was transferred again.
 *
 * <p><b>API</b> (README, "Java API").
 */
package dev.deberta4j.hub;
