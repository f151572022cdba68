package dev.deberta4j.tokenizer;

/** A tokenizer file is malformed or uses something unsupported; the message names the file, field and problem. */
public final class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) { super(message); }

    public TokenizerFormatException(String message, Throwable cause) { super(message, cause); }
}
