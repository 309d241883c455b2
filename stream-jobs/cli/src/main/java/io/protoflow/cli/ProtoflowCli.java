package io.protoflow.cli;

import io.protoflow.serving.ServeCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code protoflow} command. */
@Command(
        name = "protoflow",
        mixinStandardHelpOptions = true,
        versionProvider = ProtoflowCli.Version.class,
        description = "Online continual learning on Kafka + Flink.",
        subcommands = {
            LocalCommand.class,
            ServeCommand.class,
            ModelCommand.class,
            io.protoflow.search.SearchServiceMain.class,
            io.protoflow.flink.documents.DocumentJobCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ProtoflowCli {

    private ProtoflowCli() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 ok, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        return run(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                args);
    }

    /** Runs the command line writing to the given streams; returns its exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        LocalCommand.prepareLogging(args);
        CommandLine cmd = new CommandLine(new ProtoflowCli()).setOut(out).setErr(err);
        cmd.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException) {
                        commandLine.getErr().println("protoflow: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
        return cmd.execute(args);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProtoflowCli.class.getPackage().getImplementationVersion();
            return new String[] {"protoflow " + (v == null ? "dev" : v)};
        }
    }
}
