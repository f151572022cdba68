package dev.deberta4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.Console;
import java.io.PrintWriter;

/**
 * Draws progress bar frames on picocli's err writer, each over the last ({@code \r}), as the library's console
 * consumer draws them on a PrintStream: the commands write through picocli's writers only, so a test that sets
 * them captures the bars too. Every frame is flushed, so a terminal shows it as it is drawn.
 */
final class ProgressFrames implements ProgressBarConsumer {
    /** Only asked for its width: the terminal's less the library's right margin (never draws). */
    private static final ConsoleProgressBarConsumer CONSOLE_WIDTH = new ConsoleProgressBarConsumer(System.err);

    private final PrintWriter err;
    private final int width;

    private ProgressFrames(PrintWriter err, int width) {
        this.err = err;
        this.width = width;
    }

    /** Frames as wide as the terminal. */
    static ProgressFrames on(PrintWriter err) {
        return new ProgressFrames(err, 0);
    }

    /** Frames of {@code width} columns (a log file has room for a long message). */
    static ProgressFrames on(PrintWriter err, int width) {
        return new ProgressFrames(err, width);
    }

    /** Whether stderr is a terminal (since JDK 22 {@link System#console()} exists even when redirected). */
    static boolean terminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public int getMaxRenderedLength() {
        return width > 0 ? width : CONSOLE_WIDTH.getMaxRenderedLength();
    }

    @Override
    public void accept(String frame) {
        int max = getMaxRenderedLength();
        err.print('\r');
        err.print(frame.length() > max ? frame.substring(0, max) : frame);
        err.flush();
    }

    @Override
    public void close() {
        err.println();
        err.flush();
    }
}
