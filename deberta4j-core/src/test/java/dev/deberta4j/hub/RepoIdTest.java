package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoIdTest {

    @Test
    void parsesOrgAndNameAndNamesTheCacheFolder() {
        RepoId id = RepoId.parse("team-lucid/deberta-v3-base-korean");
        assertThat(id.owner()).isEqualTo("team-lucid");
        assertThat(id.name()).isEqualTo("deberta-v3-base-korean");
        assertThat(id.cacheFolderName()).isEqualTo("models--team-lucid--deberta-v3-base-korean");
        assertThat(id).hasToString("team-lucid/deberta-v3-base-korean");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "deberta                 | must have the form 'org/name' (found 0 '/')",
            "a/b/c                   | must have the form 'org/name' (found 2 '/')",
            "/name                   | empty org or name",
            "org/                    | empty org or name",
            "org/na me               | may only contain letters, digits",
            "org/name--x             | must not contain '--' or '..'",
            "org/na..me              | must not contain '--' or '..'",
            "org/-name               | must not start or end",
            "org/name.git            | must not end with '.git'",
    })
    void rejectsMalformedIdsSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> RepoId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining(reason);
        assertThat(RepoId.isValid(text)).isFalse();
    }

    @Test
    void rejectsOverlongIds() {
        assertThatThrownBy(() -> RepoId.parse("o/" + "n".repeat(95))).hasMessageContaining("longer than 96");
    }
}
