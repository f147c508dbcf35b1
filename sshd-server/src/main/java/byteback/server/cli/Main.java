package byteback.server.cli;

import byteback.server.prune.AllowGrowthCommand;
import byteback.server.prune.PruneCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** byteback-server: the SSH server and the administrator's commands. */
@Command(name = "byteback-server", mixinStandardHelpOptions = true, version = "byteback-server 0.1",
        description = "The byteback backup server and its administration.",
        subcommands = {
            ServeCommand.class,
            EnrolCommand.class,
            InviteCommand.class,
            RevokeCommand.class,
            ClientsCommand.class,
            SnapshotCommand.class,
            SnapshotsCommand.class,
            StatusCommand.class,
            PruneCommand.class,
            AllowGrowthCommand.class,
            DiffCommand.class,
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the operation failed (the message says why)", "2:invalid command line"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            // plain `java -jar byteback-server.jar serve`: restart on frugal JVM options (byteback.server.jvm)
            byteback.server.jvm.Reexec.ifNeeded(Main.class.getName(), args);
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("byteback-server " + cmd.getCommandName() + ": " + message(e));
                    return ExitCodes.FAILED;
                });
        if (StatusCommand.isNagiosCheck(args)) {
            // a monitoring system reads exit 2 as CRITICAL: a bad command line is UNKNOWN (3) to it
            cli.setParameterExceptionHandler((e, a) -> StatusCommand.nagiosUsage(e.getMessage()));
        }
        return cli.execute(args);
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
