/**
 * Raw text corpora for pre-training and tokenizer training: files, directories and {@code .gz} files read as a
 * stream of documents (one per non-blank line), with strict UTF-8 and a content digest for caches.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.corpus;
