package byteback.rsync.options;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.compress.Compression;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options a stock rsync client gave this server, parsed as rsync's parse_arguments does with
 * {@code am_server} set, implications applied ({@code -a} = {@code -rlptgoD}, {@code -A} implies
 * {@code -p}, {@code --delete-excluded} implies {@code --delete}, {@code --inplace} clears
 * {@code --partial}, ...). Immutable.
 *
 * <p>Every option accepted here is one the server must honour; options byteback does not
 * implement are refused by {@link #parse} with rsync's own message (see {@link OptionException}).
 * Accepted options that only change the client's own output (e.g. {@code --info}, {@code -h}) or
 * only turn something off are listed in {@code OptionParser}.
 */
public final class ServerOptions {
    private final Role role;
    private final boolean secludedArgs;
    private final ClientCapabilities capabilities;
    private final int protocolVersion;
    private final int verbosity;
    private final int quiet;
    private final boolean stats;
    private final String logFormat;
    private final int msgs2stderr;
    private final List<String> info;
    private final List<String> debug;
    private final boolean recursive;
    private final boolean dirs;
    private final boolean incRecursiveAllowed;
    private final boolean links;
    private final boolean perms;
    private final boolean times;
    private final boolean group;
    private final boolean owner;
    private final boolean devices;
    private final boolean specials;
    private final int xattrs;
    private final boolean acls;
    private final int hardLinks;
    private final boolean numericIds;
    private final boolean relative;
    private final boolean impliedDirs;
    private final boolean omitDirTimes;
    private final boolean omitLinkTimes;
    private final int modifyWindow;
    private final boolean modifyWindowSet;
    private final boolean fakeSuper;
    private final boolean superUser;
    private final boolean copyUnsafeLinks;
    private final boolean safeLinks;
    private final boolean ignoreTimes;
    private final boolean sizeOnly;
    private final int oneFileSystem;
    private final boolean update;
    private final boolean existing;
    private final boolean ignoreExisting;
    private final boolean sparse;
    private final boolean inplace;
    private final boolean partial;
    private final boolean delete;
    private final DeleteMode requestedDeleteMode;
    private final boolean deleteExcluded;
    private final boolean force;
    private final boolean ignoreErrors;
    private final int maxDelete;
    private final boolean ignoreMissingArgs;
    private final Boolean wholeFile;
    private final boolean checksum;
    private final String checksumChoice;
    private final ChecksumAlgorithm transferChecksum;
    private final ChecksumAlgorithm fileChecksum;
    private final int checksumSeed;
    private final int blockSize;
    private final boolean compress;
    private final Compression compressChoice;
    private final Integer compressLevel;
    private final String skipCompress;
    private final int bwlimitKiB;
    private final int timeoutSeconds;
    private final boolean fsync;
    private final boolean mkpath;
    private final boolean openNoatime;
    private final boolean qsort;
    private final boolean fromZero;
    private final boolean cvsExclude;
    private final long maxAlloc;
    private final List<String> args;
    private final List<String> sourceArgs;
    private final boolean dryRun;

    ServerOptions(OptionParser p, List<String> sourceArgs) {
        this.sourceArgs = List.copyOf(sourceArgs);
        dryRun = p.dryRun;
        role = p.amSender ? Role.SENDER : Role.RECEIVER;
        secludedArgs = p.protectArgs == 1;
        capabilities = p.clientInfo == null ? ClientCapabilities.NONE : ClientCapabilities.of(p.clientInfo);
        protocolVersion = p.protocolVersion;
        verbosity = p.verbose;
        quiet = p.quiet;
        stats = p.doStats;
        logFormat = p.stdoutFormat;
        msgs2stderr = p.msgs2stderr;
        info = List.copyOf(p.infoWords);
        debug = List.copyOf(p.debugWords);
        recursive = p.recurse != 0;
        dirs = p.xferDirs > 0;
        incRecursiveAllowed = p.allowIncRecurse;
        links = p.preserveLinks;
        perms = p.preservePerms;
        times = p.preserveMtimes;
        group = p.preserveGid;
        owner = p.preserveUid;
        devices = p.preserveDevices;
        specials = p.preserveSpecials;
        xattrs = p.preserveXattrs;
        acls = p.preserveAcls != 0;
        hardLinks = p.preserveHardLinks;
        numericIds = p.numericIds;
        relative = p.relativePaths > 0;
        impliedDirs = p.impliedDirs;
        omitDirTimes = p.omitDirTimes;
        omitLinkTimes = p.omitLinkTimes;
        modifyWindow = p.modifyWindow;
        modifyWindowSet = p.modifyWindowSet;
        fakeSuper = p.amRoot < 0;
        superUser = p.amRoot > 1;
        copyUnsafeLinks = p.copyUnsafeLinks;
        safeLinks = p.safeSymlinks;
        ignoreTimes = p.ignoreTimes;
        sizeOnly = p.sizeOnly;
        oneFileSystem = p.oneFileSystem;
        update = p.updateOnly;
        existing = p.ignoreNonExisting;
        ignoreExisting = p.ignoreExisting;
        sparse = p.sparseFiles;
        inplace = p.inplace;
        partial = p.keepPartial;
        delete = p.deleteMode;
        requestedDeleteMode = p.deleteBefore ? DeleteMode.BEFORE
                : p.deleteDuring == 2 ? DeleteMode.DELAY
                : p.deleteDuring == 1 ? DeleteMode.DURING
                : p.deleteAfter ? DeleteMode.AFTER
                : null;
        deleteExcluded = p.deleteExcluded;
        force = p.forceDelete;
        ignoreErrors = p.ignoreErrors;
        maxDelete = p.maxDelete;
        ignoreMissingArgs = p.ignoreMissingArgs;
        wholeFile = p.wholeFile < 0 ? null : p.wholeFile > 0;
        checksum = p.alwaysChecksum;
        checksumChoice = p.checksumChoice;
        transferChecksum = p.transferChecksum;
        fileChecksum = p.fileChecksum;
        checksumSeed = p.checksumSeed;
        blockSize = p.blockSize;
        compress = p.doCompression != 0;
        compressChoice = p.compression;
        compressLevel = p.compressionLevel;
        skipCompress = p.skipCompress;
        bwlimitKiB = p.bwlimit;
        timeoutSeconds = p.ioTimeout;
        fsync = p.doFsync;
        mkpath = p.mkpath;
        openNoatime = p.openNoatime;
        qsort = p.useQsort;
        fromZero = p.eolNulls;
        cvsExclude = p.cvsExclude;
        maxAlloc = p.maxAlloc;
        args = List.copyOf(p.positional);
    }

    /**
     * Parses the words after the program name, e.g.
     * {@code ["--server", "-logDtpre.iLsfxCIvu", "--delete", ".", "dest/"]}; words before
     * {@code --server} (as in {@code rsync --fake-super --server ...}) are allowed.
     *
     * <p>When the result has {@link #secludedArgs()} ({@code -s}), the client sends the rest of
     * its arguments over the connection before anything else (rsync: main.c, read_args): words
     * ending in NUL, closed by an empty word, the first being the program name, e.g.
     * {@code ["rsync", "--delete", ".", "dest dir/"]}. Read them and call
     * {@link #withSecludedArgs}.
     *
     * @throws OptionException with rsync's message when the arguments are invalid or ask for
     *                         something this server does not do
     */
    public static ServerOptions parse(List<String> args) throws OptionException {
        return OptionParser.parse(args, false);
    }

    /**
     * The options once the words a {@code -s} client sent over the connection are added
     * (rsync parses them on top of the command line's options). {@code streamArgs} starts with
     * the program name, which is skipped.
     */
    public ServerOptions withSecludedArgs(List<String> streamArgs) throws OptionException {
        if (!secludedArgs) {
            throw new IllegalStateException("the client did not use -s");
        }
        List<String> all = new java.util.ArrayList<>(sourceArgs);
        all.addAll(streamArgs.isEmpty() ? streamArgs : streamArgs.subList(1, streamArgs.size()));
        return OptionParser.parse(all, true);
    }

    /** {@code --dry-run} (a sender only: requests are echoed, no data is sent; rsync: do_xfers = 0). */
    public boolean dryRun() {
        return dryRun;
    }

    /** Receiver (a backup, the default) or sender ({@code --sender}, a restore). */
    public Role role() {
        return role;
    }

    /** {@code -s}: the real arguments follow over the connection; {@link #args()} is empty. */
    public boolean secludedArgs() {
        return secludedArgs;
    }

    /** The {@code -e} capability string; {@link ClientCapabilities#NONE} when absent. */
    public ClientCapabilities capabilities() {
        return capabilities;
    }

    /** {@code --protocol=N} given to the server (limits the version it offers), if any. */
    public OptionalInt protocolVersion() {
        return protocolVersion == 0 ? OptionalInt.empty() : OptionalInt.of(protocolVersion);
    }

    /** Number of {@code -v}. */
    public int verbosity() {
        return verbosity;
    }

    /** Number of {@code -q}. */
    public int quiet() {
        return quiet;
    }

    /** {@code --stats}. */
    public boolean stats() {
        return stats;
    }

    /** {@code --log-format}/{@code --out-format} (clients send "%i", "%i%I", "%o" or "X"), or null. */
    public String logFormat() {
        return logFormat;
    }

    /** Whether the log format asks for itemized changes ({@code %i}): the receiver then sends iflags. */
    public boolean itemize() {
        return logFormat != null && logFormat.contains("%i");
    }

    /**
     * rsync's stdout_format_has_i on a server: 2 when the client asked for unchanged items too
     * ({@code --log-format=%i%I}, from {@code -ii}), 1 for {@code %i}, else 0.
     */
    public int itemizeLevel() {
        if (logFormat == null) {
            return 0;
        }
        return logFormat.contains("%I") ? 2 : logFormat.contains("%i") ? 1 : 0;
    }

    /**
     * rsync's INFO level NAME (1: changed names, 2: unchanged ones too): from {@code -v} /
     * {@code -vv}, overridden by {@code --info=name[N]} or {@code --info=all[N]} / {@code none}
     * (rsync: options.c set_output_verbosity and parse_output_words).
     */
    public int nameLevel() {
        int level = Math.min(verbosity, 2);
        for (String words : info) {
            for (String word : words.split(",")) {
                String w = word.trim().toLowerCase(java.util.Locale.ROOT);
                int end = w.length();
                while (end > 0 && Character.isDigit(w.charAt(end - 1))) {
                    end--;
                }
                String name = w.substring(0, end);
                int n = end == w.length() ? 1 : Integer.parseInt(w.substring(end, Math.min(w.length(), end + 3)));
                if (name.equals("name") || name.equals("all")) {
                    level = n;
                } else if (name.equals("none")) {
                    level = 0;
                }
            }
        }
        return level;
    }

    /** rsync's msgs2stderr: 2 = default (errors), 1 = {@code --msgs2stderr}, 0 = {@code --no-msgs2stderr}. */
    public int msgs2stderr() {
        return msgs2stderr;
    }

    /** {@code --info=} words, as given. */
    public List<String> info() {
        return info;
    }

    /** {@code --debug=} words, as given. */
    public List<String> debug() {
        return debug;
    }

    /** {@code -r}. */
    public boolean recursive() {
        return recursive;
    }

    /** rsync's xfer_dirs: {@code -d} or implied by {@code -r}. */
    public boolean dirs() {
        return dirs;
    }

    /** Not {@code --no-inc-recursive}. See {@link #incrementalRecursion()}. */
    public boolean incRecursiveAllowed() {
        return incRecursiveAllowed;
    }

    /**
     * Whether this server may use incremental recursion (rsync: compat.c set_allow_inc_recurse):
     * recursive, no {@code --qsort}, not a receiver with delete-before/after, and the client
     * offered 'i' in {@code -e}. The server may still decline it.
     */
    public boolean incrementalRecursion() {
        if (!recursive || qsort || !incRecursiveAllowed) {
            return false;
        }
        if (role == Role.RECEIVER && (requestedDeleteMode == DeleteMode.BEFORE
                || requestedDeleteMode == DeleteMode.AFTER)) {
            return false;
        }
        return capabilities.incRecurse();
    }

    /** {@code -l}. */
    public boolean links() {
        return links;
    }

    /** {@code -p} (also implied by {@code -A}). */
    public boolean perms() {
        return perms;
    }

    /** {@code -t}. */
    public boolean times() {
        return times;
    }

    /** {@code -g}. */
    public boolean group() {
        return group;
    }

    /** {@code -o}. */
    public boolean owner() {
        return owner;
    }

    /** {@code --devices} (part of {@code -D}). */
    public boolean devices() {
        return devices;
    }

    /** {@code --specials} (part of {@code -D}). */
    public boolean specials() {
        return specials;
    }

    /** {@code -X}. */
    public boolean xattrs() {
        return xattrs > 0;
    }

    /** Number of {@code -X} (rsync's preserve_xattrs; 2 is refused: our store is fake-super). */
    public int xattrsLevel() {
        return xattrs;
    }

    /** {@code -A}. */
    public boolean acls() {
        return acls;
    }

    /** {@code -H}. */
    public boolean hardLinks() {
        return hardLinks > 0;
    }

    /** Number of {@code -H} (rsync's preserve_hard_links). */
    public int hardLinksLevel() {
        return hardLinks;
    }

    /** {@code --numeric-ids}. */
    public boolean numericIds() {
        return numericIds;
    }

    /** {@code -R}. */
    public boolean relative() {
        return relative;
    }

    /** With {@code -R}: not {@code --no-implied-dirs}. Always false without {@code -R}. */
    public boolean impliedDirs() {
        return impliedDirs;
    }

    /** {@code -O}. */
    public boolean omitDirTimes() {
        return omitDirTimes;
    }

    /** {@code -J}. Refused for now. */
    public boolean omitLinkTimes() {
        return omitLinkTimes;
    }

    /** {@code --modify-window=N} (or {@code -@N}); 0 when not given. Negative means nanosecond-exact. */
    public int modifyWindow() {
        return modifyWindow;
    }

    /** Whether {@code --modify-window} was given. */
    public boolean modifyWindowSet() {
        return modifyWindowSet;
    }

    /**
     * {@code --fake-super} was given (e.g. by {@code --rsync-path="rsync --fake-super"}). Our store
     * is always fake-super either way.
     */
    public boolean fakeSuper() {
        return fakeSuper;
    }

    /** {@code --super} was given last. Our store is still fake-super: it keeps the same data. */
    public boolean superUser() {
        return superUser;
    }

    /** {@code --copy-unsafe-links} (a sender-side option). */
    public boolean copyUnsafeLinks() {
        return copyUnsafeLinks;
    }

    /** {@code --safe-links}: the receiver ignores symlinks that point outside the tree. Refused for now. */
    public boolean safeLinks() {
        return safeLinks;
    }

    /** {@code -I}: do not skip files that match in size and time. */
    public boolean ignoreTimes() {
        return ignoreTimes;
    }

    /** {@code --size-only}: skip files that match in size. */
    public boolean sizeOnly() {
        return sizeOnly;
    }

    /** Number of {@code -x}. */
    public int oneFileSystem() {
        return oneFileSystem;
    }

    /** {@code -u}: skip files that are newer on the receiver. Refused for now. */
    public boolean update() {
        return update;
    }

    /** {@code --existing}: do not create new files. Refused for now. */
    public boolean existing() {
        return existing;
    }

    /** {@code --ignore-existing}: do not update existing files. Refused for now. */
    public boolean ignoreExisting() {
        return ignoreExisting;
    }

    /** {@code -S}. */
    public boolean sparse() {
        return sparse;
    }

    /** {@code --inplace}. */
    public boolean inplace() {
        return inplace;
    }

    /** {@code --partial} (false with {@code --inplace}, as in rsync). */
    public boolean partial() {
        return partial;
    }

    /** Any deletion option, including {@code --delete-excluded} alone (rsync's delete_mode). */
    public boolean delete() {
        return delete;
    }

    /** The {@code --delete-WHEN} option given, empty for none or plain {@code --delete}. */
    public Optional<DeleteMode> requestedDeleteMode() {
        return Optional.ofNullable(requestedDeleteMode);
    }

    /**
     * When to delete, once the protocol is known: a plain {@code --delete} means before for
     * protocol 29 and older, during for 30 and newer (rsync: compat.c setup_protocol).
     */
    public DeleteMode deleteMode(int protocolVersion) {
        if (!delete) {
            return DeleteMode.NONE;
        }
        if (requestedDeleteMode != null) {
            return requestedDeleteMode;
        }
        return protocolVersion < 30 ? DeleteMode.BEFORE : DeleteMode.DURING;
    }

    /** {@code --delete-excluded}: excluded files on the receiver are deleted too. */
    public boolean deleteExcluded() {
        return deleteExcluded;
    }

    /** {@code --force}. */
    public boolean force() {
        return force;
    }

    /** {@code --ignore-errors}: delete even after I/O errors. */
    public boolean ignoreErrors() {
        return ignoreErrors;
    }

    /** {@code --max-delete=N}: at most N deletions (0: none); empty when unlimited. Refused for now. */
    public OptionalInt maxDelete() {
        return maxDelete == Integer.MIN_VALUE ? OptionalInt.empty() : OptionalInt.of(maxDelete);
    }

    /** {@code --ignore-missing-args} (sent to a sending server). */
    public boolean ignoreMissingArgs() {
        return ignoreMissingArgs;
    }

    /**
     * {@code -W} true, {@code --no-W} false, empty for rsync's default (whole-file only for local
     * copies, i.e. delta transfer for us).
     */
    public Optional<Boolean> wholeFile() {
        return Optional.ofNullable(wholeFile);
    }

    /** {@code -c}. */
    public boolean checksum() {
        return checksum;
    }

    /** {@code --checksum-choice} as given, or null when absent or "auto" (then negotiated). */
    public String checksumChoice() {
        return checksumChoice;
    }

    /**
     * The block/transfer checksum forced by {@code --checksum-choice}, or null to negotiate (or
     * use the protocol's default for old clients).
     */
    public ChecksumAlgorithm transferChecksum() {
        return transferChecksum;
    }

    /** The {@code -c} file checksum forced by {@code --checksum-choice=X,Y} (or X), or null. */
    public ChecksumAlgorithm fileChecksum() {
        return fileChecksum;
    }

    /** {@code --checksum-seed=N}; 0 when absent (then the server picks the seed). */
    public int checksumSeed() {
        return checksumSeed;
    }

    /** {@code -B}: fixed block size in bytes, 0 for rsync's square-root rule. */
    public int blockSize() {
        return blockSize;
    }

    /**
     * Whether the data stream is compressed: {@code -z}, {@code --compress-choice},
     * {@code --old-compress}/{@code --new-compress} or {@code --compress-level}.
     */
    public boolean compress() {
        return compress;
    }

    /**
     * The compressor the client fixed ({@code --compress-choice=zstd}, {@code --old-compress} =
     * zlib, {@code --new-compress} or {@code -zz} = zlibx), or null: negotiate when the client
     * speaks 'v' in {@code -e}, zlib otherwise. Only meaningful when {@link #compress()}.
     */
    public Compression compressChoice() {
        return compressChoice;
    }

    /** {@code --compress-level=N}, or null for the compressor's default. */
    public Integer compressLevel() {
        return compressLevel;
    }

    /** {@code --skip-compress} as given (sent to a sending server), or null. */
    public String skipCompress() {
        return skipCompress;
    }

    /** {@code --bwlimit} in KiB per second, 0 for none. */
    public int bwlimitKiB() {
        return bwlimitKiB;
    }

    /** {@code --timeout=N} in seconds, 0 for none. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** {@code --fsync}: fsync each file written. Refused for now. */
    public boolean fsync() {
        return fsync;
    }

    /** {@code --mkpath}: create missing directories of the destination path. Refused for now. */
    public boolean mkpath() {
        return mkpath;
    }

    /** {@code --open-noatime}. */
    public boolean openNoatime() {
        return openNoatime;
    }

    /** {@code --qsort} (rsync's use_qsort; file-list order is the same either way). */
    public boolean qsort() {
        return qsort;
    }

    /**
     * {@code -C}. Accepted for a receiver only: the client sends its CVS rules (":C" and the
     * expanded default list) as ordinary filter rules.
     */
    public boolean cvsExclude() {
        return cvsExclude;
    }

    /** {@code --from0}. */
    public boolean fromZero() {
        return fromZero;
    }

    /** {@code --max-alloc} in bytes, 0 when not given or unlimited. */
    public long maxAlloc() {
        return maxAlloc;
    }

    /**
     * Whether a receiving server reads the client's filter rules from the connection (rsync:
     * exclude.c recv_filter_list: only for deletions, and not for {@code --delete-excluded} with
     * protocol 28 or older). A sending server always reads them.
     */
    public boolean readsFilterList(int protocolVersion) {
        if (role == Role.SENDER) {
            return true;
        }
        return delete && (!deleteExcluded || protocolVersion >= 29);
    }

    /** The positional arguments, e.g. {@code [".", "dest/"]}; empty with {@link #secludedArgs()}. */
    public List<String> args() {
        return args;
    }

    /**
     * For a receiver, the destination argument (rsync: main.c do_server_recv, the word after the
     * leading "."), or null when absent.
     */
    public String destination() {
        return args.size() >= 2 ? args.get(1) : null;
    }

    /** For a sender, the source arguments after the leading ".". */
    public List<String> sources() {
        return args.size() >= 2 ? args.subList(1, args.size()) : List.of();
    }

    @Override
    public String toString() {
        return "ServerOptions[" + role + ", e" + capabilities.raw() + ", args=" + args + "]";
    }
}
