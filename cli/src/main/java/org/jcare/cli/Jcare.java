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
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.",
            "Environment: JCARE_DEVICE (default device), JCARE_KERNEL_CACHE (compiled kernels; 'off' disables),",
            "JCARE_DEBUG=1 (stack traces), JCARE_NO_PROGRESS_BAR=1 (log lines instead of a bar),",
            "JCARE_TUNED_CACHE (the tuned file jcare tune writes; default ~/.cache/jcare/tuned/tuned.json).",
            "Start with 'jcare demo' (about a minute), or 'jcare COMMAND --help'."},
        subcommands = {DemoCommand.class, DatagenCommand.class, TrainCommand.class, PredictCommand.class,
            EvaluateCommand.class, ImportCommand.class, ExportCommand.class, SynthCommand.class,
            DeconvolveCommand.class, ResolutionCommand.class, ErrormapCommand.class, BenchCommand.class,
            DevicesCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
public final class Jcare {
    /** Exit code for runtime failures. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Whether progress bars may redraw a terminal line (false: plain progress lines, as in logs and tests). */
    final boolean interactive;

    Jcare(boolean interactive) {
        this.interactive = interactive;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        boolean interactive = System.console() != null && System.getenv("JCARE_NO_PROGRESS_BAR") == null;
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), interactive));
    }

    /** Runs the command line with the given streams, without progress bars; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    /**
     * Runs the command line with the given streams; returns the exit code.
     *
     * @param interactive whether progress bars may redraw the terminal (only when {@code err} is a terminal)
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, boolean interactive) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Jcare(interactive));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(name(c) + ": " + ParameterMessages.of(ex, argv) + " (see '" + name(c) + " --help')");
            c.getErr().flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = ExitCodes.of(ex);
            commandLine.getErr().println(name(commandLine) + ": " + ExitCodes.message(ex));
            if ("1".equals(System.getenv("JCARE_DEBUG"))) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return code;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // the command's arrays are unreachable now: there is room for one line
            err.println(commandName(cl) + ": " + ExitCodes.outOfMemory());
            code = EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The subcommand that ran, as far as parsing got. */
    private static String commandName(CommandLine cl) {
        try {
            CommandLine.ParseResult r = cl.getParseResult();
            while (r != null && r.subcommand() != null) {
                r = r.subcommand();
            }
            return r == null ? "jcare" : name(r.commandSpec().commandLine());
        } catch (RuntimeException e) {
            return "jcare";
        }
    }

    private static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }
}
