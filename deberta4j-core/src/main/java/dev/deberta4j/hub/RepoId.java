package dev.deberta4j.hub;

import java.util.regex.Pattern;

/**
 * A Hub model repository named {@code org/name}, validated with huggingface_hub's rules
 * (letters, digits, {@code - _ .}; no {@code --} or {@code ..}; no {@code .git} suffix; at most 96 characters).
 */
public record RepoId(String owner, String name) {

    private static final Pattern PART = Pattern.compile("[\\w.\\-]+");
    private static final int MAX_LENGTH = 96;

    public RepoId {
        checkPart(owner, owner + "/" + name);
        checkPart(name, owner + "/" + name);
    }

    /** Parses {@code org/name}; throws {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static RepoId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("repo id is empty: expected 'org/name'");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("repo id '" + text + "' must have the form 'org/name' (found "
                    + (parts.length - 1) + " '/')");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("repo id '" + text + "' is longer than " + MAX_LENGTH + " characters");
        }
        return new RepoId(parts[0], parts[1]);
    }

    /** Whether {@code text} parses as a repo id. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The cache folder name huggingface_hub uses: {@code models--org--name}. */
    public String cacheFolderName() {
        return "models--" + owner + "--" + name;
    }

    @Override
    public String toString() {
        return owner + "/" + name;
    }

    private static void checkPart(String part, String whole) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException("repo id '" + whole + "' has an empty org or name: expected 'org/name'");
        }
        if (!PART.matcher(part).matches()) {
            throw new IllegalArgumentException("repo id '" + whole + "': '" + part
                    + "' may only contain letters, digits, '-', '_' and '.'");
        }
        if (part.startsWith("-") || part.startsWith(".") || part.endsWith("-") || part.endsWith(".")) {
            throw new IllegalArgumentException("repo id '" + whole + "': '" + part
                    + "' must not start or end with '-' or '.'");
        }
        if (part.contains("--") || part.contains("..")) {
            throw new IllegalArgumentException("repo id '" + whole + "' must not contain '--' or '..'");
        }
        if (part.endsWith(".git")) {
            throw new IllegalArgumentException("repo id '" + whole + "' must not end with '.git'");
        }
    }
}
