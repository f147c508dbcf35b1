package byteback.server.prune;

/** Why a pruning decision is asked for; it decides which of the SPEC's safeguards apply. */
public enum PruneMode {
    /** After a snapshot, on the timer, {@code prune --prune}: every safeguard applies. */
    SCHEDULED,
    /**
     * A backup is about to write into the last free space: only the hysteresis marks and "never a
     * client's newest snapshot" apply, so that a receive never fails for lack of space while a
     * deletable snapshot exists.
     */
    LOW_SPACE_DURING_BACKUP,
    /** {@code prune --prune-force}: delete the least important deletable snapshot regardless. */
    FORCED
}
