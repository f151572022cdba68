package dev.deberta4j.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the golden fixtures copied into src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource fixtures/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
