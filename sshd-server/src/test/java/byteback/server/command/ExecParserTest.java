package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecParserTest {
    @Test
    void rsyncReceiveWithAndWithoutPath() throws Exception {
        var r = (ExecRequest.RsyncReceive) ExecParser.parse(
                "rsync --fake-super --server -logDtpXre.iLsfxCIvu --delete-during --delete-excluded --timeout=60 . sub/dir");
        assertEquals("sub/dir", r.path());
        assertEquals(List.of("--fake-super", "--server", "-logDtpXre.iLsfxCIvu", "--delete-during", "--delete-excluded",
                "--timeout=60", ".", "sub/dir"), r.args());
        assertEquals(".", ((ExecRequest.RsyncReceive) ExecParser.parse("rsync --server -a . .")).path());
        assertEquals("", ((ExecRequest.RsyncReceive) ExecParser.parse("rsync --server -a . ")).path());
        assertInstanceOf(ExecRequest.RsyncSend.class, ExecParser.parse("rsync --server --sender -a . x"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("rsync -a . x"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("rsync --server -a"));
    }

    @Test
    void bytebackReceiveModes() throws Exception {
        assertInstanceOf(ExecRequest.Ping.class, ExecParser.parse("byteback-receive --ping"));
        assertInstanceOf(ExecRequest.Ping.class, ExecParser.parse("byteback-receive --ping --verbose"));
        assertInstanceOf(ExecRequest.Ping.class, ExecParser.parse("byteback-receive --ping ''"));
        assertInstanceOf(ExecRequest.Complete.class, ExecParser.parse("byteback-receive --complete -v"));
        assertInstanceOf(ExecRequest.ListFiles.class, ExecParser.parse("byteback-receive --list /etc/passwd"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --ping --complete"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --ping extra"));
        assertInstanceOf(ExecRequest.Restore.class, ExecParser.parse("byteback-restore --all"));
    }

    @Test
    void setupJoinsTheKeyWords() throws Exception {
        var s = (ExecRequest.SetupClientReceive) ExecParser.parse(
                "byteback-setup-client-receive web1 ssh-rsa AAAAB3Nza byteback client key");
        assertEquals("web1", s.name());
        assertEquals("ssh-rsa AAAAB3Nza byteback client key", s.publicKey());
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-setup-client-receive web1"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "sh", "bash -c id", "scp -t .", "internal-sftp", "rsync; rm -rf /"}) {
            assertThrows(CommandSyntaxException.class, () -> ExecParser.parse(bad), bad);
        }
    }

    @Test
    void destinationsStayBeneathCurrent() throws Exception {
        assertEquals(Path.of(""), DestinationPath.resolve(""));
        assertEquals(Path.of(""), DestinationPath.resolve("."));
        assertEquals(Path.of(""), DestinationPath.resolve("./"));
        assertEquals(Path.of("a/b"), DestinationPath.resolve("a//./b/"));
        for (String bad : new String[] {"/", "/etc", "..", "../x", "a/../../x", "a/..", "//x"}) {
            assertThrows(CommandSyntaxException.class, () -> DestinationPath.resolve(bad), bad);
        }
    }
}
