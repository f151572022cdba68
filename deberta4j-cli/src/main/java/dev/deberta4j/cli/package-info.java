/**
 * The {@code deberta4j} command (picocli): {@code Main} and one {@code *Command} class per subcommand.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.cli;
