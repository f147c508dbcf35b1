package byteback.client.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.client.config.Destination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path dir;

    @Test
    void firstValueWinsAndPatternsMatch() throws Exception {
        SshConfig c = SshConfig.parse("""
                # comment
                Host backup
                  HostName backup.example.com
                  Port 2222
                Host *.example.com !secret.example.com
                  User ops
                  Port 23
                Host *
                  User nobody
                  Port=24
                """, dir);
        assertEquals(new SshConfig.Values("backup.example.com", 2222, "nobody"), c.lookup("backup"));
        assertEquals(new SshConfig.Values(null, 23, "ops"), c.lookup("db.example.com"));
        assertEquals(new SshConfig.Values(null, 24, "nobody"), c.lookup("secret.example.com"));
    }

    @Test
    void includeAndPercentH() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "Host b*\n  HostName %h.internal\n");
        SshConfig c = SshConfig.parse("Include conf.d/*.conf\nHost *\n  Port 2200\n", dir);
        assertEquals(new SshConfig.Values("bk.internal", 2200, null), c.lookup("bk"));
    }

    @Test
    void matchBlocksAreSkipped() throws Exception {
        SshConfig c = SshConfig.parse("Match host x exec \"true\"\n  Port 1\nMatch all\n  Port 2\n", dir);
        assertEquals(2, c.lookup("x").port());
    }

    @Test
    void userFileBeforeSystemFile() throws Exception {
        Path user = dir.resolve("user");
        Path sys = dir.resolve("sys");
        Files.writeString(user, "Host h\n  Port 1000\n");
        Files.writeString(sys, "Host *\n  Port 22\n  User root\n");
        SshConfig c = SshConfig.read(List.of(user, dir.resolve("missing"), sys));
        assertEquals(new SshConfig.Values(null, 1000, "root"), c.lookup("h"));
    }

    @Test
    void destinationWinsOverConfig() throws Exception {
        SshConfig.Values v = new SshConfig.Values("real", 2222, "cfguser");
        assertEquals(new SshTarget("alias", "real", 2222, "cfguser"), SshTarget.resolve(Destination.parse("alias:"), v));
        assertEquals(new SshTarget("alias", "real", 3333, "me"), SshTarget.resolve(Destination.parse("ssh://me@alias:3333"), v));
        assertEquals(new SshTarget("h", "h", 22, "byteback"),
                SshTarget.resolve(Destination.parse("h:"), new SshConfig.Values(null, null, null)));
    }

    @Test
    void wordsAndGlobs() {
        assertEquals(List.of("HostName", "a b"), SshConfig.words("HostName \"a b\" # c"));
        assertEquals(List.of("Port", "22"), SshConfig.words("Port=22"));
        assertTrue(SshConfig.hostMatches(List.of("a?c,x*"), "abc"));
        assertFalse(SshConfig.hostMatches(List.of("*", "!abc"), "abc"));
        assertNull(SshConfig.words("").isEmpty() ? null : "x");
    }
}
