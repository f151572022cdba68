package dev.deberta4j.benchmark.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a task's file is used for in the fine-tuning recipe. */
public enum FileRole {
    /** Fine-tuning data. */
    TRAIN,
    /** Evaluated during training. */
    DEV,
    /** The split whose score is reported. */
    TEST,
    /** Published with the task but not used by the recipe (raw originals, SNLI); fetched only on request. */
    EXTRA;

    /** The lower-case name the manifest uses. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FileRole fromJson(String value, String where) {
        for (FileRole role : values()) {
            if (role.jsonName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException(where + ": field 'role' should be one of "
                + Arrays.stream(values()).map(FileRole::jsonName).collect(Collectors.joining(", "))
                + ", found '" + value + "'");
    }
}
