package byteback.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An ed25519 key pair made with ssh-keygen, as a client would have in /etc/byteback/key. */
public record ClientKey(Path file) {
    public static ClientKey create(Path dir, String name) throws IOException, InterruptedException {
        Path f = dir.resolve(name);
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", f.toString())).ok();
        return new ClientKey(f);
    }

    public Path pub() {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    public String publicLine() throws IOException {
        return Files.readString(pub()).strip();
    }
}
