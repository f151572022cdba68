package dev.deberta4j.benchmark;

import dev.deberta4j.data.DataFiles;
import dev.deberta4j.data.DataFormat;
import dev.deberta4j.data.DataTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a task's canonical files from a data directory laid out as {@code DIR/<task>/<file>} (plain or
 * {@code .gz}): tab-separated with a header line, LF or CRLF, an optional BOM. Applies the recipes' row rules
 * (PAWS and Question Pair skip training rows with an empty sentence) and the row limits.
 */
public final class BenchmarkData {
    private final Path dataDir;

    public BenchmarkData(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * @param maxTrain training rows to keep after the recipe's skips (null: all)
     * @param maxTest  dev and test rows to keep (null: all)
     * @throws IllegalArgumentException when the test file (or the dev file of a task that has one) is absent
     */
    public TaskData read(BenchmarkTask task, Integer maxTrain, Integer maxTest) {
        Path trainPath = plainPath(task, task.trainFile());
        DataTable train = null;
        int dropped = 0;
        Path trainFile = locate(trainPath);
        if (trainFile != null) {
            DataTable all = DataFiles.read(trainFile, DataFormat.TSV);
            DataTable kept = task.dropsEmptySentences() ? all.filter(row -> hasBothSentences(task, row)) : all;
            dropped = all.size() - kept.size();
            train = limit(kept, maxTrain);
        }
        DataTable dev = task.devFile() == null ? null : limit(required(task, task.devFile(), "dev"), maxTest);
        DataTable test = limit(required(task, task.testFile(), "test"), maxTest);
        return new TaskData(train, trainPath, dropped, dev, test);
    }

    /** The file as named in the data README, whether or not it exists. */
    public Path plainPath(BenchmarkTask task, String file) {
        return dataDir.resolve(task.directory()).resolve(file);
    }

    private DataTable required(BenchmarkTask task, String file, String split) {
        Path plain = plainPath(task, file);
        Path found = locate(plain);
        if (found == null) {
            throw new IllegalArgumentException(task.cliName() + ": no " + split + " data: neither " + plain + " nor "
                    + plain + ".gz exists");
        }
        return DataFiles.read(found, DataFormat.TSV);
    }

    /** The plain file, else its .gz copy, else null. */
    public static Path locate(Path plain) {
        if (Files.isRegularFile(plain)) return plain;
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** A row short of a column is kept, so that encoding reports it with its line instead of skipping it. */
    private static boolean hasBothSentences(BenchmarkTask task, Map<String, String> row) {
        return !"".equals(row.get(task.columns().text())) && !"".equals(row.get(task.columns().pair()));
    }

    private static DataTable limit(DataTable table, Integer max) {
        return max == null ? table : table.head(max);
    }
}
