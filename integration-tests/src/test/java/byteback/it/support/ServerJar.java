package byteback.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shaded server jar the build made, run as operators run it. */
public final class ServerJar {
    private ServerJar() {}

    public static Path path() {
        Path jar = Path.of("..", "sshd-server", "target", "byteback-server.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) throw new AssertionError(jar + " is missing: build sshd-server first (mvn package)");
        return jar;
    }

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
