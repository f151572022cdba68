package dev.deberta4j.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O operation failed, in words. The JDK's file exceptions carry only the path as their message, so
 * "cannot write X: " + e.getMessage() would print the path twice and no reason.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The reason alone (e.g. "no such file or directory"); the caller names the file. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof DirectoryNotEmptyException) return "directory not empty";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) return f.getReason();
            if (f.getOtherFile() != null) return "failed for " + f.getOtherFile();
        }
        if (e instanceof CharacterCodingException) return "not valid UTF-8";
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** "FILE: reason" for an exception that names its file, else the reason. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) return f.getFile() + ": " + reason(e);
        return reason(e);
    }
}
