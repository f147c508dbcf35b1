package byteback.client.source;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.sender.SendResult;
import byteback.rsync.server.RsyncServer;
import java.util.Arrays;
import java.util.List;

/** For tests: "rsync --server --sender ARGS" on stdin/stdout, sending from this machine's files through LocalSourceTree. */
public final class LocalSenderMain {
    public static void main(String[] args) throws Exception {
        // the remote shell passes: host rsync --server --sender ...
        List<String> a = Arrays.asList(args);
        int i = a.indexOf("--server");
        try (LocalSourceTree tree = new LocalSourceTree(System.getProperty("root", "/").getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            SendResult r = RsyncServer.runSender(a.subList(i, a.size()), System.in, System.out, System.err, tree,
                    MemoryBudget.UNLIMITED);
            System.out.flush();
            System.exit(r.exitCode());
        }
    }
}
