package byteback.client.backup;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import byteback.client.Reporter;
import byteback.client.ssh.SshConnection;

/** The backup's rsync exchange with the jar as the client sender (waits for the sender role). */
final class RsyncBackupTransfer implements BackupTransfer {
    @Override
    public TransferOutcome run(SshConnection ssh, BackupPlan plan, Reporter reporter) throws ClientException {
        throw new ClientException("the rsync sender is not built into this client yet", ExitCodes.FAILURE);
    }
}
