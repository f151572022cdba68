package dev.deberta4j.benchmark;

import dev.deberta4j.data.DataTable;

import java.nio.file.Path;

/**
 * The splits of one benchmark task as read from the data directory.
 *
 * @param train        the training rows the recipe keeps (limited to --max-train), or null when the file is absent
 * @param trainPath    where the training file was looked for (the plain name; NAME.gz is accepted too)
 * @param droppedTrain training rows skipped for an empty sentence (PAWS, Question Pair)
 * @param dev          the dev rows (limited to --max-test), or null where the task has no dev split
 * @param test         the test rows (limited to --max-test)
 */
public record TaskData(DataTable train, Path trainPath, int droppedTrain, DataTable dev, DataTable test) {

    public boolean hasTrainingData() {
        return train != null;
    }
}
