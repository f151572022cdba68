package dev.deberta4j.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which files of a repo to download. By default only what deberta4j reads: the config, the tokenizer files and the
 * weights, preferring safetensors (single file or index + shards) and taking pytorch_model.bin (or its index +
 * shards) only when the repo has no safetensors; flax, TF, rust_model.ot and ONNX files are never taken.
 * Include globs replace the default, like huggingface_hub's {@code allow_patterns}: fnmatch syntax, where
 * {@code *} also matches {@code /}, and a glob ending in {@code /} means everything below that folder.
 */
public final class FileSelection {

    private static final Set<String> CONFIG_AND_TOKENIZER = configAndTokenizer();
    private static final Pattern SAFETENSORS =
            Pattern.compile("model\\.safetensors|model\\.safetensors\\.index\\.json|model-\\d+-of-\\d+\\.safetensors");
    private static final Pattern PYTORCH =
            Pattern.compile("pytorch_model\\.bin|pytorch_model\\.bin\\.index\\.json|pytorch_model-\\d+-of-\\d+\\.bin");

    private FileSelection() { }

    private static Set<String> configAndTokenizer() {
        Set<String> files = new java.util.HashSet<>(dev.deberta4j.tokenizer.Tokenizer.FILES);
        files.add("config.json");
        return Set.copyOf(files);
    }

    /** The files of {@code repoFiles} to download, in repo order; an empty glob list means the default choice. */
    public static List<String> select(List<String> repoFiles, List<String> includeGlobs) {
        if (!includeGlobs.isEmpty()) {
            List<Pattern> patterns = includeGlobs.stream().map(FileSelection::globToRegex).toList();
            return filter(repoFiles, f -> patterns.stream().anyMatch(p -> p.matcher(f).matches()));
        }
        boolean hasSafetensors = repoFiles.stream().anyMatch(f -> SAFETENSORS.matcher(f).matches());
        Pattern weights = hasSafetensors ? SAFETENSORS : PYTORCH;
        return filter(repoFiles, f -> CONFIG_AND_TOKENIZER.contains(f) || weights.matcher(f).matches());
    }

    private static List<String> filter(List<String> files, Predicate<String> keep) {
        List<String> chosen = new ArrayList<>();
        for (String f : files) {
            if (keep.test(f)) {
                chosen.add(f);
            }
        }
        return chosen;
    }

    /** fnmatch semantics: {@code *} any run (including '/'), {@code ?} one character, {@code [...]} a class. */
    static Pattern globToRegex(String glob) {
        String g = glob.endsWith("/") ? glob + "*" : glob;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int close = g.indexOf(']', i + 2);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String body = g.substring(i + 1, close);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        regex.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
