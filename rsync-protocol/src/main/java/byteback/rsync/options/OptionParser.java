package byteback.rsync.options;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.compress.Compression;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a server's argument vector into {@link ServerOptions} (rsync: options.c parse_arguments
 * with {@code am_server}). The fields mirror rsync's globals of the same meaning; the defaults
 * are rsync's. Options byteback does not implement are refused the way rsync refuses them.
 */
final class OptionParser implements ArgumentScanner.Sink {

    /** More words than any real client sends (rsync: MAX_SERVER_ARGS is a few dozen). */
    static final int MAX_ARGS = 1024;
    /** Longer than any path or option value rsync accepts (rsync: MAXPATHLEN-sized buffers). */
    static final int MAX_ARG_LENGTH = 8192;

    /** rsync: rsync.h MAX_BLOCK_SIZE for protocol 30 and later. */
    static final int MAX_BLOCK_SIZE = 1 << 17;
    /** rsync: rsync.h OLD_MAX_BLOCK_SIZE, for a server forced to protocol 29 or older. */
    static final int OLD_MAX_BLOCK_SIZE = 1 << 29;

    /**
     * Options rsync knows that this server does not implement. Each is refused with rsync's
     * "The server does not support --name (-x)" (rsync: options.c create_refuse_error), never
     * ignored. The "no-" forms that merely turn such a feature off are accepted.
     *
     * <p>The second group are options the receiver could honour but does not yet: take one out
     * of this set in the same change that makes the receiver honour it.
     */
    static final Set<RsyncOption> REFUSED = EnumSet.of(
            // not yet honoured by the receiver
            RsyncOption.UPDATE, RsyncOption.EXISTING, RsyncOption.IGNORE_NON_EXISTING,
            RsyncOption.IGNORE_EXISTING, RsyncOption.MAX_DELETE, RsyncOption.MKPATH,
            RsyncOption.SAFE_LINKS, RsyncOption.OMIT_LINK_TIMES, RsyncOption.FSYNC,
            // not implemented

            RsyncOption.HELP, RsyncOption.VERSION,
            RsyncOption.DRY_RUN,
            RsyncOption.OLD_DIRS, RsyncOption.OLD_D,
            RsyncOption.EXECUTABILITY,
            RsyncOption.ATIMES, RsyncOption.CRTIMES,
            RsyncOption.COPY_DEVICES, RsyncOption.WRITE_DEVICES, RsyncOption.DROP_D,
            RsyncOption.CONFINE_ROOT,
            RsyncOption.COPY_LINKS, RsyncOption.INSECURE_LINKS, RsyncOption.MUNGE_LINKS,
            RsyncOption.COPY_DIRLINKS, RsyncOption.KEEP_DIRLINKS,
            RsyncOption.CHMOD,
            RsyncOption.MAX_SIZE, RsyncOption.MIN_SIZE,
            RsyncOption.PREALLOCATE,
            RsyncOption.APPEND, RsyncOption.APPEND_VERIFY,
            RsyncOption.DELETE_MISSING_ARGS,
            RsyncOption.REMOVE_SENT_FILES, RsyncOption.REMOVE_SOURCE_FILES,
            RsyncOption.SHORT_F, RsyncOption.FILTER, RsyncOption.EXCLUDE, RsyncOption.INCLUDE,
            RsyncOption.EXCLUDE_FROM, RsyncOption.INCLUDE_FROM,
            RsyncOption.COMPARE_DEST, RsyncOption.COPY_DEST, RsyncOption.LINK_DEST,
            RsyncOption.FUZZY,
            RsyncOption.COMPRESS_THREADS, RsyncOption.ZT,
            RsyncOption.PARTIAL_DIR, RsyncOption.DELAY_UPDATES,
            RsyncOption.PRUNE_EMPTY_DIRS,
            RsyncOption.LOG_FILE, RsyncOption.LOG_FILE_FORMAT,
            RsyncOption.BACKUP, RsyncOption.BACKUP_DIR, RsyncOption.SUFFIX,
            RsyncOption.LIST_ONLY,
            RsyncOption.READ_BATCH, RsyncOption.WRITE_BATCH, RsyncOption.ONLY_WRITE_BATCH,
            RsyncOption.FILES_FROM,
            RsyncOption.OLD_ARGS, RsyncOption.TRUST_SENDER,
            RsyncOption.USERMAP, RsyncOption.GROUPMAP, RsyncOption.CHOWN,
            RsyncOption.CONTIMEOUT,
            RsyncOption.STOP_AFTER, RsyncOption.TIME_LIMIT, RsyncOption.STOP_AT,
            RsyncOption.RSYNC_PATH, RsyncOption.TEMP_DIR, RsyncOption.ICONV,
            RsyncOption.IPV4, RsyncOption.IPV6,
            RsyncOption.COPY_AS, RsyncOption.ADDRESS, RsyncOption.PORT, RsyncOption.SOCKOPTS,
            RsyncOption.PASSWORD_FILE, RsyncOption.EARLY_INPUT,
            RsyncOption.REMOTE_OPTION,
            RsyncOption.CONFIG, RsyncOption.DAEMON, RsyncOption.DPARAM, RsyncOption.DETACH,
            RsyncOption.NO_DETACH);

    // --- state, named after rsync's globals ---
    boolean amServer;
    boolean amSender;
    /** --dry-run, accepted for a sender only (rsync: do_xfers = 0). */
    boolean dryRun;
    boolean secludedPhase;
    int protectArgs;
    String clientInfo;
    int protocolVersion;
    int verbose;
    int quiet;
    boolean doStats;
    String stdoutFormat;
    int itemizeChanges;
    int msgs2stderr = 2;
    final List<String> infoWords = new ArrayList<>();
    final List<String> debugWords = new ArrayList<>();
    int recurse;
    boolean allowIncRecurse = true;
    int xferDirs = -1;
    boolean preservePerms;
    int preserveAcls;
    int preserveXattrs;
    boolean preserveMtimes;
    boolean openNoatime;
    boolean omitDirTimes;
    boolean omitLinkTimes;
    int modifyWindow;
    boolean modifyWindowSet;
    int amRoot;
    boolean preserveUid;
    boolean preserveGid;
    boolean preserveDevices;
    boolean preserveSpecials;
    boolean preserveLinks;
    boolean copyUnsafeLinks;
    boolean safeSymlinks;
    int preserveHardLinks;
    int relativePaths = -1;
    boolean impliedDirs = true;
    boolean ignoreTimes;
    boolean sizeOnly;
    int oneFileSystem;
    boolean updateOnly;
    boolean ignoreNonExisting;
    boolean ignoreExisting;
    String maxAllocArg;
    boolean sparseFiles;
    boolean inplace;
    boolean deleteMode;
    boolean deleteBefore;
    int deleteDuring;
    boolean deleteAfter;
    boolean deleteExcluded;
    boolean ignoreMissingArgs;
    boolean forceDelete;
    boolean ignoreErrors;
    int maxDelete = Integer.MIN_VALUE;
    int wholeFile = -1;
    boolean alwaysChecksum;
    String checksumChoice;
    int blockSize;
    int doCompression;
    String compressChoice;
    String skipCompress;
    Integer compressionLevel;
    boolean doProgress;
    boolean keepPartial;
    boolean eolNulls;
    boolean cvsExclude;
    boolean numericIds;
    int ioTimeout;
    boolean doFsync;
    boolean mkpath;
    boolean useQsort;
    int checksumSeed;
    int bwlimit;
    final List<String> positional = new ArrayList<>();

    // --- results of the final checks ---
    ChecksumAlgorithm transferChecksum;
    ChecksumAlgorithm fileChecksum;
    Compression compression;
    long maxAlloc;

    private OptionParser(boolean secludedPhase) {
        this.secludedPhase = secludedPhase;
        this.protocolVersion = 0;
    }

    static ServerOptions parse(List<String> args, boolean secludedPhase) throws OptionException {
        if (args.size() > MAX_ARGS) {
            throw OptionException.syntax("too many arguments (" + args.size() + ")");
        }
        for (String a : args) {
            if (a.length() > MAX_ARG_LENGTH) {
                throw OptionException.syntax("argument too long (" + a.length() + " bytes)");
            }
            if (a.indexOf('\0') >= 0) {
                throw OptionException.syntax("argument contains a NUL byte");
            }
        }
        OptionParser p = new OptionParser(secludedPhase);
        ArgumentScanner.scan(args, p, p.positional);
        if (!p.amServer) {
            throw OptionException.syntax("this program only runs as an rsync server (--server)");
        }
        p.finish();
        return new ServerOptions(p, args);
    }

    @Override
    public String errorPrefix() {
        return amServer ? "on remote machine: " : "";
    }

    /**
     * Refused options a sending server takes all the same: they only change what the client's
     * receiving side does (-u, --existing, --ignore-existing, --list-only) or, for --dry-run, make
     * the sender echo requests without sending data.
     */
    static final Set<RsyncOption> SENDER_ACCEPTS = EnumSet.of(RsyncOption.UPDATE, RsyncOption.EXISTING,
            RsyncOption.IGNORE_NON_EXISTING, RsyncOption.IGNORE_EXISTING, RsyncOption.LIST_ONLY, RsyncOption.DRY_RUN);

    @Override
    public boolean option(RsyncOption o, String value, String token) throws OptionException {
        if (amSender && SENDER_ACCEPTS.contains(o)) {
            if (o == RsyncOption.DRY_RUN) {
                dryRun = true;
            }
            return false;
        }
        if (REFUSED.contains(o)) {
            throw OptionException.syntax("The server does not support " + o.displayName());
        }
        switch (o) {
            case SERVER -> {
                if (!amServer) {
                    amServer = true;
                    return true; // rsync restarts popt on the first --server
                }
            }
            case SENDER -> {
                if (!amServer) {
                    throw OptionException.syntax("--sender is only valid after --server");
                }
                amSender = true;
            }
            case VERBOSE -> verbose++;
            case NO_VERBOSE, NO_V_LOWER -> verbose = 0;
            case INFO -> infoWords.add(value);
            case DEBUG -> debugWords.add(value);
            case STDERR -> {
                int len = value.length();
                if (len > 0 && "errors".startsWith(value)) {
                    msgs2stderr = 2;
                } else if (len > 0 && "all".startsWith(value)) {
                    msgs2stderr = 1;
                } else if (len > 0 && "client".startsWith(value)) {
                    msgs2stderr = 0;
                } else {
                    throw OptionException.syntax("--stderr mode \"" + value
                            + "\" is not one of errors, all, or client");
                }
            }
            case MSGS2STDERR -> msgs2stderr = 1;
            case NO_MSGS2STDERR -> msgs2stderr = 0;
            case QUIET -> quiet++;
            case MOTD, NO_MOTD, HUMAN_READABLE, NO_HUMAN_READABLE, NO_H_LOWER, EIGHT_BIT_OUTPUT,
                    NO_EIGHT_BIT_OUTPUT, NO_EIGHT, BLOCKING_IO, NO_BLOCKING_IO, OUTBUF,
                    NO_DROP_D, NO_WRITE_DEVICES, NO_INSECURE_LINKS, NO_MUNGE_LINKS, NO_ICONV,
                    NO_BACKUP, NO_DELAY_UPDATES, NO_PRUNE_EMPTY_DIRS, NO_M_LOWER, NO_FUZZY,
                    NO_Y_LOWER, NO_ATIMES, NO_U_UPPER, NO_CRTIMES, NO_N_UPPER,
                    NO_APPEND, NO_CONTIMEOUT, NO_OLD_ARGS -> {
                // Output cosmetics of the client, or turning off something we never do.
            }
            case STATS -> doStats = true;
            case ARCHIVE -> {
                if (recurse == 0) {
                    recurse = 1;
                }
                preserveLinks = true;
                preservePerms = true;
                preserveMtimes = true;
                preserveGid = true;
                preserveUid = true;
                preserveDevices = true;
                preserveSpecials = true;
            }
            case RECURSIVE -> recurse = 2;
            case NO_RECURSIVE, NO_R_LOWER -> recurse = 0;
            case INC_RECURSIVE, I_R -> allowIncRecurse = true;
            case NO_INC_RECURSIVE, NO_I_R -> allowIncRecurse = false;
            case DIRS -> xferDirs = 2;
            case NO_DIRS, NO_D_LOWER -> xferDirs = 0;
            case PERMS -> preservePerms = true;
            case NO_PERMS, NO_P_LOWER -> preservePerms = false;
            case ACLS -> {
                preserveAcls = 1;
                preservePerms = true;
            }
            case NO_ACLS, NO_A_UPPER -> preserveAcls = 0;
            case XATTRS -> preserveXattrs++;
            case NO_XATTRS, NO_X_UPPER -> preserveXattrs = 0;
            case TIMES -> preserveMtimes = true;
            case NO_TIMES, NO_T_LOWER -> preserveMtimes = false;
            case OPEN_NOATIME -> openNoatime = true;
            case NO_OPEN_NOATIME -> openNoatime = false;
            case OMIT_DIR_TIMES -> omitDirTimes = true;
            case NO_OMIT_DIR_TIMES, NO_O_UPPER -> omitDirTimes = false;
            case OMIT_LINK_TIMES -> omitLinkTimes = true;
            case NO_OMIT_LINK_TIMES, NO_J_UPPER -> omitLinkTimes = false;
            case MODIFY_WINDOW -> {
                modifyWindow = integer(value, token);
                modifyWindowSet = true;
            }
            case SUPER -> amRoot = 2;
            case NO_SUPER -> amRoot = 0;
            case FAKE_SUPER -> amRoot = -1;
            case OWNER -> preserveUid = true;
            case NO_OWNER, NO_O_LOWER -> preserveUid = false;
            case GROUP -> preserveGid = true;
            case NO_GROUP, NO_G_LOWER -> preserveGid = false;
            case SHORT_D -> preserveDevices = preserveSpecials = true;
            case NO_D_UPPER -> preserveDevices = preserveSpecials = false;
            case DEVICES -> preserveDevices = true;
            case NO_DEVICES -> preserveDevices = false;
            case SPECIALS -> preserveSpecials = true;
            case NO_SPECIALS -> preserveSpecials = false;
            case LINKS -> preserveLinks = true;
            case NO_LINKS, NO_L_LOWER -> preserveLinks = false;
            case COPY_UNSAFE_LINKS -> copyUnsafeLinks = true;
            case SAFE_LINKS -> safeSymlinks = true;
            case HARD_LINKS -> preserveHardLinks++;
            case NO_HARD_LINKS, NO_H_UPPER -> preserveHardLinks = 0;
            case RELATIVE -> relativePaths = 1;
            case NO_RELATIVE, NO_R_UPPER -> relativePaths = 0;
            case IMPLIED_DIRS, I_D -> impliedDirs = true;
            case NO_IMPLIED_DIRS, NO_I_D -> impliedDirs = false;
            case IGNORE_TIMES -> ignoreTimes = true;
            case SIZE_ONLY -> sizeOnly = true;
            case ONE_FILE_SYSTEM -> oneFileSystem++;
            case NO_ONE_FILE_SYSTEM, NO_X_LOWER -> oneFileSystem = 0;
            case UPDATE -> updateOnly = true;
            case EXISTING, IGNORE_NON_EXISTING -> ignoreNonExisting = true;
            case IGNORE_EXISTING -> ignoreExisting = true;
            case MAX_ALLOC -> maxAllocArg = value;
            case SPARSE -> sparseFiles = true;
            case NO_SPARSE, NO_S_UPPER -> sparseFiles = false;
            case INPLACE -> inplace = true;
            case NO_INPLACE -> inplace = false;
            case DEL -> deleteDuring = 1;
            case DELETE -> deleteMode = true;
            case DELETE_BEFORE -> deleteBefore = true;
            case DELETE_DURING -> deleteDuring = 1;
            case DELETE_DELAY -> deleteDuring = 2;
            case DELETE_AFTER -> deleteAfter = true;
            case DELETE_EXCLUDED -> deleteExcluded = true;
            case IGNORE_MISSING_ARGS -> ignoreMissingArgs = true;
            case FORCE -> forceDelete = true;
            case NO_FORCE -> forceDelete = false;
            case IGNORE_ERRORS -> ignoreErrors = true;
            case NO_IGNORE_ERRORS -> ignoreErrors = false;
            case MAX_DELETE -> maxDelete = integer(value, token);
            case WHOLE_FILE -> wholeFile = 1;
            case NO_WHOLE_FILE, NO_W_UPPER -> wholeFile = 0;
            case CHECKSUM -> alwaysChecksum = true;
            case NO_CHECKSUM, NO_C_LOWER -> alwaysChecksum = false;
            case CHECKSUM_CHOICE, CC -> checksumChoice = value;
            case BLOCK_SIZE -> {
                int max = protocolVersion != 0 && protocolVersion < 30 ? OLD_MAX_BLOCK_SIZE : MAX_BLOCK_SIZE;
                blockSize = (int) SizeArgument.parse(value, 'b', "block-size", 0, max, false);
            }
            case COMPRESS -> doCompression++;
            case OLD_COMPRESS -> compressChoice = "zlib";
            case NEW_COMPRESS -> compressChoice = "zlibx";
            case NO_COMPRESS, NO_Z_LOWER -> {
                doCompression = 0;
                compressChoice = null;
            }
            case COMPRESS_CHOICE, ZC -> compressChoice = value;
            case SKIP_COMPRESS -> skipCompress = value;
            case COMPRESS_LEVEL, ZL -> compressionLevel = integer(value, token);
            case SHORT_P, PROGRESS -> doProgress = true;
            case NO_PROGRESS -> doProgress = false;
            case PARTIAL -> keepPartial = true;
            case NO_PARTIAL -> keepPartial = false;
            case OUT_FORMAT, LOG_FORMAT -> stdoutFormat = value;
            case ITEMIZE_CHANGES -> itemizeChanges++;
            case NO_ITEMIZE_CHANGES, NO_I_LOWER -> itemizeChanges = 0;
            case BWLIMIT -> {
                long size = SizeArgument.parse(value, 'K', "bwlimit", 512, -1, true);
                bwlimit = (int) Math.min(Integer.MAX_VALUE, (size + 512) / 1024);
            }
            case NO_BWLIMIT -> bwlimit = 0;
            case CVS_EXCLUDE -> cvsExclude = true;
            case FROM0 -> eolNulls = true;
            case NO_FROM0 -> eolNulls = false;
            case SECLUDED_ARGS, PROTECT_ARGS -> protectArgs = 1;
            case NO_SECLUDED_ARGS, NO_PROTECT_ARGS, NO_S_LOWER -> protectArgs = 0;
            case NUMERIC_IDS -> numericIds = true;
            case NO_NUMERIC_IDS -> numericIds = false;
            case TIMEOUT -> ioTimeout = integer(value, token);
            case NO_TIMEOUT -> ioTimeout = 0;
            case FSYNC -> doFsync = true;
            case RSH -> clientInfo = value;
            case MKPATH -> mkpath = true;
            case NO_MKPATH -> mkpath = false;
            case QSORT -> useQsort = true;
            case PROTOCOL -> protocolVersion = integer(value, token);
            case CHECKSUM_SEED -> checksumSeed = integer(value, token);
            default -> throw new IllegalStateException("option table out of step: " + o);
        }
        return false;
    }

    /** popt: POPT_ARG_INT via strtoll(value, &end, 0), then an int range check. */
    private int integer(String value, String token) throws OptionException {
        int i = 0;
        while (i < value.length() && isCSpace(value.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (value.regionMatches(true, i, "0x", 0, 2) && i + 2 < value.length()
                && Character.digit(value.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < value.length() && value.charAt(i) == '0') {
            radix = 8;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        while (i < value.length() && value.charAt(i) < 128 && Character.digit(value.charAt(i), radix) >= 0) {
            if (v > (Long.MAX_VALUE - radix) / radix) {
                overflow = true;
            } else {
                v = v * radix + Character.digit(value.charAt(i), radix);
            }
            i++;
        }
        boolean converted = i > digitsStart;
        if (converted ? i < value.length() : !value.isEmpty()) {
            throw ArgumentScanner.popt(this, token, "invalid numeric value");
        }
        if (negative) {
            v = -v;
        }
        if (overflow || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ArgumentScanner.popt(this, token, "number too large or too small");
        }
        return (int) v;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    /** The checks and implications at the end of rsync's parse_arguments. */
    private void finish() throws OptionException {
        if (protectArgs == 1 && secludedPhase) {
            protectArgs = 2;
        }
        if (maxAllocArg != null) {
            // 0 means unlimited: the rsync 3.5.0 binary accepts it (its source's later
            // "must be greater than zero" check is not in the release).
            maxAlloc = SizeArgument.parse(maxAllocArg, 'B', "max-alloc", 1024 * 1024, -1, true);
        }
        parseChecksumChoice();
        if (compressChoice == null && doCompression > 1) {
            compressChoice = "zlibx";
        }
        if (compressChoice != null && !compressChoice.equalsIgnoreCase("auto")) {
            compression = Compression.byWireName(compressChoice.toLowerCase(Locale.ROOT));
            if (compression == null) {
                // rsync: compat.c parse_compress_choice, printed without the "rsync: " prefix
                throw new OptionException("unknown compress name: " + compressChoice,
                        OptionException.RERR_UNSUPPORTED);
            }
            if (compression == Compression.NONE) {
                doCompression = 0;
                compression = null;
            } else {
                doCompression = 1;
            }
        } else {
            compressChoice = null;
            compression = null; // negotiated, when compressing at all
        }
        if (compressionLevel != null && doCompression == 0 && compressChoice == null) {
            doCompression = 1; // rsync: CPRES_AUTO
        }
        if (protectArgs == 1) {
            return; // the rest of the arguments arrive over the protocol
        }
        if (cvsExclude && amSender) {
            // A receiver gets the client's CVS rules over the wire (rsync: exclude.c
            // send_filter_list); a sender would have to add its own ":C" and "-C".
            throw OptionException.syntax("The server does not support " + RsyncOption.CVS_EXCLUDE.displayName());
        }
        if (preserveXattrs > 1) {
            // Our store is always --fake-super, which rsync refuses to combine with -XX.
            throw OptionException.syntax("--fake-super conflicts with -XX");
        }
        if (maxDelete < 0 && maxDelete != Integer.MIN_VALUE) {
            maxDelete = 0; // negative numbers mean "no deletions"
        }
        if (recurse != 0) {
            xferDirs = 1;
        } else if (xferDirs < 0) {
            xferDirs = 0;
        }
        if (relativePaths < 0) {
            relativePaths = 0;
        }
        if (relativePaths == 0) {
            impliedDirs = false;
        }
        int whens = (deleteBefore ? 1 : 0) + (deleteDuring != 0 ? 1 : 0) + (deleteAfter ? 1 : 0);
        if (whens > 1) {
            throw OptionException.syntax("You may not combine multiple --delete-WHEN options.");
        }
        if (whens == 1 || deleteExcluded) {
            deleteMode = true;
        }
        if (xferDirs == 0 && deleteMode) {
            throw OptionException.syntax(
                    "--delete does not work without --recursive (-r) or --dirs (-d).");
        }
        if (stdoutFormat == null && itemizeChanges > 0) {
            stdoutFormat = "%i %n%L";
        }
        if (inplace) {
            keepPartial = false; // rsync: --inplace clears keep_partial for its internal logic
        }
    }

    /** rsync: checksum.c parse_checksum_choice / parse_csum_name. */
    private void parseChecksumChoice() throws OptionException {
        if (checksumChoice == null || checksumChoice.equalsIgnoreCase("auto")
                || checksumChoice.equalsIgnoreCase("auto,auto")) {
            checksumChoice = null;
            return;
        }
        int comma = checksumChoice.indexOf(',');
        if (comma >= 0) {
            // rsync prints the name from its start to the end of the whole string
            transferChecksum = checksumName(checksumChoice.substring(0, comma), checksumChoice);
            fileChecksum = checksumName(checksumChoice.substring(comma + 1), checksumChoice.substring(comma + 1));
        } else {
            transferChecksum = fileChecksum = checksumName(checksumChoice, checksumChoice);
        }
    }

    private static ChecksumAlgorithm checksumName(String name, String shown) throws OptionException {
        if (name.equalsIgnoreCase("auto")) {
            return null; // decided by the protocol version
        }
        ChecksumAlgorithm a = ChecksumAlgorithm.byWireName(name.toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new OptionException("unknown checksum name: " + shown, OptionException.RERR_UNSUPPORTED);
        }
        return a;
    }
}
