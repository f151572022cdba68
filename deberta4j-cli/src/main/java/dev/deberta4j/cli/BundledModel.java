package dev.deberta4j.cli;

import dev.deberta4j.models.BundledModels;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models shipped in the repository ({@code models/ko-deberta-v3-h256l6-nsmc}, the NSMC fine-tune of our
 * pre-trained Korean DeBERTa-V3, the default of classify; {@code models/ko-deberta-v3-h256l6/generator} and
 * {@code .../discriminator}, the pre-trained pair itself, the defaults of fill-mask and embed), found under the checkout's root: the {@code deberta4j.home}
 * system property that bin/deberta4j sets, else the directory three levels above the CLI jar
 * ({@code ROOT/deberta4j-cli/target/deberta4j.jar}); else the copy in the deberta4j-models artifact
 * ({@link BundledModels}).
 */
final class BundledModel {
    static final String RELATIVE_PATH = "models/" + BundledModels.KOREAN_SENTIMENT;
    static final String HOME_PROPERTY = "deberta4j.home";

    private BundledModel() {
    }

    /**
     * A bundled model ({@link BundledModels} names it): the checkout's copy, else the deberta4j-models copy on the
     * class path (the CLI jar carries it), so the jar works outside a checkout too.
     */
    static Path locate(String name) {
        Path home = home();
        Path dir = home == null ? null : home.resolve("models").resolve(name);
        if (dir != null && Files.isRegularFile(dir.resolve("config.json"))) return dir;
        return BundledModels.directory(name);
    }

    private static Path home() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) return Path.of(property);
        try {
            var source = BundledModel.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path jar = Path.of(source.getLocation().toURI()).toAbsolutePath();
            // ROOT/deberta4j-cli/target/deberta4j.jar, or ROOT/deberta4j-cli/target/classes when run from the IDE
            Path target = jar.getParent();
            return target == null || target.getParent() == null ? null : target.getParent().getParent();
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
