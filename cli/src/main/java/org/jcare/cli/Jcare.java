package org.jcare.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jcare} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input; failures print
 * one clear line on stderr (the stack trace only with {@code JCARE_DEBUG=1}).
 */
@Command(name = "jcare", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Content-aware image restoration (CARE) for fluorescence microscopy, on any OpenCL device.",
        subcommands = {DevicesCommand.class, CommandLine.HelpCommand.class})
public final class Jcare {
    /** Exit code for runtime failures. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Jcare());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = ExitCodes.of(ex);
            commandLine.getErr().println("jcare " + commandLine.getCommandName() + ": " + ExitCodes.message(ex));
            if ("1".equals(System.getenv("JCARE_DEBUG"))) {
                ex.printStackTrace(commandLine.getErr());
            }
            return code;
        });
        return cl.execute(args);
    }
}
