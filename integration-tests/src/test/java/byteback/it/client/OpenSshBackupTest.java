package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * byteback-backup with the jar (no rsync or ssh on its PATH) into an original byteback server's
 * shape: OpenSSH's sshd, the client's key a forced command that (as the original byteback-receive
 * does) answers --ping and --complete and runs the client's rsync command, stock rsync 3.5.0
 * --fake-super, with its destination replaced by the client's store. The stored tree of a nasty
 * source equals what stock rsync (byteback's flags, -HA) stores from it; the connection uses
 * AES-GCM.
 */
class OpenSshBackupTest {
    @TempDir
    Path dir;

    @Test
    void aNastyTreeIsStoredAsStockRsyncStoresIt() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path completed = dir.resolve("completed");
        Path receive = receiveScript(dir, store, completed);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path key = conf.resolve("key");
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", key.toString())).ok();
        String s = dir.resolve("src").toString();
        ClientBackupTest.nastyTree(s);
        ClientJar jar = new ClientJar(dir);
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                "command=\"" + receive + "\",no-pty " + Files.readString(Path.of(key + ".pub")), true)) {
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Files.writeString(conf.resolve("rsync_flags"), "--hard-links --acls\n");
            Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
            Cmd.Result r = jar.run("backup", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(),
                    "--lock-file", dir.resolve("lock").toString(), "--source", s, "--exclude", s + "/junk", "-r", "0", "-v");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(Files.exists(completed), "--complete asked: " + r);
            assertTrue(r.err().contains("snapshot taken (stand-in)"), r.toString());
            // AES-GCM, not MINA's default first choice chacha20-poly1305 (pure Java, ~10x the CPU per byte)
            assertTrue(sshd.log().contains("kex: client->server cipher: aes128-gcm@openssh.com"), sshd.log());
        }
        ClientBackupTest.assertStoredAsStockRsyncStores(dir, s, store);
    }

    /**
     * The forced command of an original byteback server's shape, written as {@code dir/receive}: answers
     * --ping, marks --complete by creating {@code completed}, runs stock rsync for the client's rsync command
     * with its destination replaced by {@code store}, and refuses anything else.
     */
    static Path receiveScript(Path dir, Path store, Path completed) throws Exception {
        Path receive = dir.resolve("receive");
        Files.writeString(receive, "#!/bin/bash\ncase \"$SSH_ORIGINAL_COMMAND\" in\n"
                + "  'byteback-receive --ping'*) exit 0 ;;\n"
                + "  'byteback-receive --complete'*) : > " + completed + "; echo 'snapshot taken (stand-in)' ;;\n"
                + "  'rsync --fake-super --server '*) read -ra a <<<\"$SSH_ORIGINAL_COMMAND\"; a[0]=/usr/bin/rsync; a[-1]=" + store
                + "; exec \"${a[@]}\" ;;\n"
                + "  *) echo \"refused: $SSH_ORIGINAL_COMMAND\" >&2; exit 9 ;;\nesac\n");
        receive.toFile().setExecutable(true);
        return receive;
    }
}
