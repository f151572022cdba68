package dev.deberta4j.benchmark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SourceMirrorTest {

    final URI raw = URI.create(DataSources.RAW_GITHUB + "e9t/nsmc/cc0670e872d4ac27bfe36c87456783004b39ef6c/"
            + "ratings_test.txt");

    @Test
    void replacesTheRawGithubPrefixWithOrWithoutATrailingSlash() {
        URI expected = URI.create("http://mirror.local:8080/gh/e9t/nsmc/cc0670e872d4ac27bfe36c87456783004b39ef6c/"
                + "ratings_test.txt");
        assertThat(SourceMirror.of("http://mirror.local:8080/gh/").rewrite(raw)).isEqualTo(expected);
        assertThat(SourceMirror.of("http://mirror.local:8080/gh").rewrite(raw)).isEqualTo(expected);
    }

    @Test
    void rejectsNonHttpMirrorsAndForeignUrls() {
        assertThatThrownBy(() -> SourceMirror.of("file:///srv/mirror"))
                .hasMessage("mirror URL should start with http:// or https://, found 'file:///srv/mirror'");
        assertThatThrownBy(() -> SourceMirror.of("http://m/").rewrite(URI.create("https://example.org/x")))
                .hasMessageContaining("only https://raw.githubusercontent.com/ URLs can be mirrored");
    }
}
