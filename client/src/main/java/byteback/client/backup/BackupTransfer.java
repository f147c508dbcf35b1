package byteback.client.backup;

import byteback.client.ClientException;
import byteback.client.Reporter;
import byteback.client.ssh.SshConnection;
import java.io.IOException;

/** One rsync run of a backup over the connection. */
public interface BackupTransfer {
    TransferOutcome run(SshConnection ssh, BackupPlan plan, Reporter reporter) throws IOException, ClientException;
}
