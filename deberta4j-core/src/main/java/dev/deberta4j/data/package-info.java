/**
 * Task data tables: CSV/TSV/JSONL files read with strict UTF-8 into a {@link dev.deberta4j.data.DataTable}.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.data;
