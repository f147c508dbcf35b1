package byteback.client;

import byteback.client.backup.BackupCommand;
import byteback.client.restore.RestoreCommand;
import byteback.client.setup.SetupClientCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar byteback-client.jar backup|restore|setup-client [options]}. */
@Command(name = "byteback-client", mixinStandardHelpOptions = true, version = "byteback client 0.1",
        description = "Back this machine up to a byteback server, list and restore its files, and enrol it. "
                + "Needs neither rsync nor ssh: both are built in.",
        subcommands = {BackupCommand.class, RestoreCommand.class, SetupClientCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; every failure becomes a message and an exit status, never a stack trace. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ClientException c) {
                System.err.println("*** " + commandLine.getCommandName() + ": " + c.getMessage());
                return c.exitCode();
            }
            System.err.println("*** " + commandLine.getCommandName() + ": internal error: " + e);
            if (System.getenv("BYTEBACK_DEBUG") != null) e.printStackTrace();
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("*** " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return ExitCodes.USAGE;
    }
}
