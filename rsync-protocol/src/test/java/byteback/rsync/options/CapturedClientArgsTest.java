package byteback.rsync.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.compress.Compression;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The argument vectors stock rsync 3.5.0 really sends to the remote server. Each was captured by
 * running {@code rsync -e CAPTURE <flags> src/ h:dest/} where CAPTURE is a script that writes its
 * argv to a file and exits; the words after "h rsync" are below.
 */
class CapturedClientArgsTest {

    private static ServerOptions parse(String line) throws OptionException {
        return ServerOptions.parse(Arrays.asList(line.split(" ")));
    }

    /** byteback-backup: --archive --xattrs --numeric-ids --delete-excluded --delete-during --inplace --relative --timeout 300 /abs/src */
    @Test
    void bytebackOwnFlags() throws OptionException {
        ServerOptions o = parse("--server -logDtpXrRe.iLsfxCIvu --timeout=300 --delete-during"
                + " --delete-excluded --numeric-ids --inplace . dest/");
        assertEquals(Role.RECEIVER, o.role());
        assertTrue(o.recursive() && o.links() && o.perms() && o.times() && o.group() && o.owner());
        assertTrue(o.devices() && o.specials());
        assertTrue(o.xattrs());
        assertEquals(1, o.xattrsLevel());
        assertFalse(o.acls());
        assertFalse(o.hardLinks());
        assertTrue(o.relative());
        assertTrue(o.impliedDirs());
        assertTrue(o.numericIds());
        assertTrue(o.inplace());
        assertFalse(o.partial());
        assertTrue(o.delete());
        assertTrue(o.deleteExcluded());
        assertEquals(Optional.of(DeleteMode.DURING), o.requestedDeleteMode());
        assertEquals(DeleteMode.DURING, o.deleteMode(29));
        assertEquals(300, o.timeoutSeconds());
        assertEquals(".iLsfxCIvu", o.capabilities().raw());
        assertTrue(o.capabilities().incRecurse());
        assertTrue(o.capabilities().varintFlistFlags());
        assertTrue(o.capabilities().id0Names());
        assertFalse(o.capabilities().legacyVarintByte());
        assertEquals(0, o.capabilities().preReleaseProtocol());
        assertFalse(o.compress());
        assertFalse(o.checksum());
        assertEquals(List.of(".", "dest/"), o.args());
        assertEquals("dest/", o.destination());
        assertTrue(o.readsFilterList(32));
        assertTrue(o.incrementalRecursion());
        assertEquals(OptionalInt.empty(), o.protocolVersion());
        assertEquals(OptionalInt.empty(), o.maxDelete());
    }

    /** byteback-backup sends this through --rsync-path "rsync --fake-super". */
    @Test
    void fakeSuperBeforeServer() throws OptionException {
        ServerOptions o = parse("--fake-super --server -logDtpre.iLsfxCIvu . dest/");
        assertTrue(o.fakeSuper());
        assertFalse(o.superUser());
        assertEquals(List.of(".", "dest/"), o.args());
        // -M--fake-super puts it after the cluster
        assertTrue(parse("--server -logDtpre.iLsfxCIvu --fake-super . dest/").fakeSuper());
    }

    /** -aHAX --delete */
    @Test
    void hardLinksAclsXattrsDelete() throws OptionException {
        ServerOptions o = parse("--server -lHogDtpAXre.iLsfxCIvu --delete . dest/");
        assertTrue(o.hardLinks() && o.acls() && o.xattrs() && o.perms());
        assertTrue(o.delete());
        assertFalse(o.deleteExcluded());
        assertEquals(Optional.empty(), o.requestedDeleteMode());
        assertEquals(DeleteMode.DURING, o.deleteMode(30));
        assertEquals(DeleteMode.DURING, o.deleteMode(32));
        assertEquals(DeleteMode.BEFORE, o.deleteMode(29));
        assertFalse(o.relative());
        assertFalse(o.impliedDirs());
    }

    /** -az: negotiated compression. */
    @Test
    void compressNegotiated() throws OptionException {
        ServerOptions o = parse("--server -logDtprze.iLsfxCIvu . dest/");
        assertTrue(o.compress());
        assertNull(o.compressChoice());
        assertNull(o.compressLevel());
    }

    /** -az --zc=zstd | lz4 | zlibx | zlib: the client drops 'z' except for zlib. */
    @Test
    void compressChoices() throws OptionException {
        ServerOptions zstd = parse("--server -logDtpre.iLsfxCIvu --compress-choice=zstd . dest/");
        assertTrue(zstd.compress());
        assertEquals(Compression.ZSTD, zstd.compressChoice());
        ServerOptions lz4 = parse("--server -logDtpre.iLsfxCIvu --compress-choice=lz4 . dest/");
        assertEquals(Compression.LZ4, lz4.compressChoice());
        ServerOptions zlibx = parse("--server -logDtpre.iLsfxCIvu --new-compress . dest/");
        assertTrue(zlibx.compress());
        assertEquals(Compression.ZLIBX, zlibx.compressChoice());
        ServerOptions zlib = parse("--server -logDtprze.iLsfxCIvu --old-compress . dest/");
        assertTrue(zlib.compress());
        assertEquals(Compression.ZLIB, zlib.compressChoice());
        // -zz and --zc=zlibx without -z
        assertEquals(Compression.ZLIBX, parse("--server -zze.iLsfxCIvu . d").compressChoice());
        // -az --zl=3
        ServerOptions level = parse("--server -logDtprze.iLsfxCIvu --compress-level=3 . dest/");
        assertEquals(3, level.compressLevel());
        assertNull(level.compressChoice());
        // -a --compress-level=0 (no -z): compression is on, at level 0, negotiated
        ServerOptions level0 = parse("--server -logDtpre.iLsfxCIvu --compress-level=0 . dest/");
        assertTrue(level0.compress());
        assertEquals(0, level0.compressLevel());
        // --zc=none
        assertFalse(parse("--server -logDtprze.iLsfxCIvu --compress-choice=none . d").compress());
        // case-insensitive, as rsync's get_nni_by_name
        assertEquals(Compression.ZSTD, parse("--server -r --zc=ZSTD . d").compressChoice());
    }

    /** --checksum, --cc=xxh3, --checksum-seed */
    @Test
    void checksums() throws OptionException {
        ServerOptions c = parse("--server -logDtprce.iLsfxCIvu . dest/");
        assertTrue(c.checksum());
        assertNull(c.transferChecksum());
        ServerOptions cc = parse("--server -logDtpre.iLsfxCIvu --checksum-choice=xxh3 . dest/");
        assertEquals(ChecksumAlgorithm.XXH3, cc.transferChecksum());
        assertEquals(ChecksumAlgorithm.XXH3, cc.fileChecksum());
        assertEquals("xxh3", cc.checksumChoice());
        ServerOptions two = parse("--server -r --cc=md5,xxh128 . d");
        assertEquals(ChecksumAlgorithm.MD5, two.transferChecksum());
        assertEquals(ChecksumAlgorithm.XXH128, two.fileChecksum());
        assertNull(parse("--server -r --cc=auto . d").checksumChoice());
        assertEquals(5, parse("--server -logDtprce.iLsfxCIvu --checksum-seed=5 . dest/").checksumSeed());
    }

    /** --partial, --sparse, --inplace --sparse */
    @Test
    void partialAndSparse() throws OptionException {
        ServerOptions p = parse("--server -logDtpre.iLsfxCIvu --partial . dest/");
        assertTrue(p.partial());
        assertFalse(p.inplace());
        ServerOptions s = parse("--server -logDtprSe.iLsfxCIvu . dest/");
        assertTrue(s.sparse());
        ServerOptions is = parse("--server -logDtprSe.iLsfxCIvu --inplace . dest/");
        assertTrue(is.sparse() && is.inplace());
    }

    /** --protocol=30 and 31 on the client change nothing in the arguments; --protocol=29 drops -e. */
    @Test
    void protocolOverrides() throws OptionException {
        ServerOptions p30 = parse("--server -logDtpre.iLsfxCIvu . dest/");
        assertEquals(".iLsfxCIvu", p30.capabilities().raw());
        ServerOptions p29 = parse("--server -logDtpr . dest/");
        assertEquals(ClientCapabilities.NONE, p29.capabilities());
        assertFalse(p29.capabilities().incRecurse());
        assertFalse(p29.incrementalRecursion());
    }

    /** Other real vectors that must be accepted. */
    @Test
    void otherAcceptedVectors() throws OptionException {
        ServerOptions v = parse("--server -vvvlogDtpre.iLsfxCIvu --stats . dest/");
        assertEquals(3, v.verbosity());
        assertTrue(v.stats());
        ServerOptions del = parse("--server -logDtpre.iLsfxCIvu --delete-after --force --ignore-errors . dest/");
        assertEquals(DeleteMode.AFTER, del.deleteMode(32));
        assertTrue(del.force() && del.ignoreErrors());
        assertFalse(del.incrementalRecursion());
        ServerOptions w = parse("--server -lWogDtpre.iLsfxCIvu . dest/");
        assertEquals(Optional.of(true), w.wholeFile());
        ServerOptions b = parse("--server -logDtpre.iLsfxCIvu -B8192 --bwlimit=100 --modify-window=2 . dest/");
        assertEquals(8192, b.blockSize());
        assertEquals(100, b.bwlimitKiB());
        assertEquals(2, b.modifyWindow());
        ServerOptions si = parse("--server -logDtprIe.iLsfxCIvu --size-only . dest/");
        assertTrue(si.ignoreTimes() && si.sizeOnly());
        ServerOptions oj = parse("--server -lOogDtprxxe.iLsfxCIvu . dest/");
        assertTrue(oj.omitDirTimes());
        assertEquals(2, oj.oneFileSystem());
        ServerOptions cvs = parse("--server -logDtprCe.iLsfxCIvu . dest/");
        assertTrue(cvs.cvsExclude());
        assertEquals(1, parse("--server -qlogDtpre.iLsfxCIvu . dest/").quiet());
        ServerOptions i = parse("--server -logDtpre.iLsfxCIvu --log-format=%i . dest/");
        assertTrue(i.itemize());
        assertEquals(DeleteMode.DURING, parse("--server -logDtpre.iLsfxCIvu --delete-during . dest/").deleteMode(32));
        assertEquals(DeleteMode.BEFORE, parse("--server -logDtpre.iLsfxCIvu --delete-before . dest/").deleteMode(32));
        assertEquals(DeleteMode.DELAY, parse("--server -logDtpre.iLsfxCIvu --delete-delay . dest/").deleteMode(32));
        ServerOptions ex = parse("--server -logDtpre.iLsfxCIvu --delete-excluded . dest/");
        assertTrue(ex.delete() && ex.deleteExcluded());
        assertEquals(DeleteMode.DURING, ex.deleteMode(31));
        assertTrue(ex.readsFilterList(29));
        assertFalse(ex.readsFilterList(28));
        assertTrue(parse("--server -logDtpre.iLsfxCIvu --super . dest/").superUser());
        ServerOptions nid = parse("--server -logDtprRe.iLsfxCIvu --no-implied-dirs . dest/");
        assertTrue(nid.relative());
        assertFalse(nid.impliedDirs());
        ServerOptions sp = parse("--server -ltre.iLsfxCIvu --specials . dest/");
        assertTrue(sp.specials());
        assertFalse(sp.devices());
        assertFalse(sp.perms());
        ServerOptions ns = parse("--server -logDtpre.iLsfxCIvu --no-specials . dest/");
        assertTrue(ns.devices());
        assertFalse(ns.specials());
        ServerOptions dirs = parse("--server -ldogDtpe.LsfxCIvu --no-r --delete . dest/");
        assertFalse(dirs.recursive());
        assertTrue(dirs.dirs());
        assertTrue(dirs.delete());
        assertTrue(parse("--server -logDtpre.iLsfxCIvu --copy-unsafe-links . dest/").copyUnsafeLinks());
        assertTrue(parse("--server -logDtpre.iLsfxCIvu --msgs2stderr . dest/").msgs2stderr() == 1);
        assertTrue(parse("--server -logDtpre.iLsfxCIvu --no-msgs2stderr . dest/").msgs2stderr() == 0);
        assertTrue(parse("--server -logDtpre.LsfxCIvu --qsort . dest/").qsort());
    }

    /**
     * -s (rsync -s -a --delete src/ "h:dest dir/"): the command line is only
     * "--server -slogDtpre.iLsfxCIvu"; the stream then carries
     * "rsync\0--delete\0.\0dest dir/\0\0" (captured from the client's stdout).
     */
    @Test
    void secludedArgs() throws OptionException {
        ServerOptions first = parse("--server -slogDtpre.iLsfxCIvu");
        assertTrue(first.secludedArgs());
        assertEquals(List.of(), first.args());
        assertFalse(first.delete());
        ServerOptions second = first.withSecludedArgs(List.of("rsync", "--delete", ".", "dest dir/"));
        assertFalse(second.secludedArgs());
        assertEquals("dest dir/", second.destination());
        assertTrue(second.delete());
        assertTrue(second.recursive() && second.links() && second.perms());
        assertEquals(".iLsfxCIvu", second.capabilities().raw());
        OptionException e = assertThrows(OptionException.class,
                () -> first.withSecludedArgs(List.of("rsync", "--bogus", ".", "d")));
        assertEquals("rsync: on remote machine: --bogus: unknown option", e.getMessage());
        assertThrows(IllegalStateException.class, () -> second.withSecludedArgs(List.of("rsync")));
    }

    /** A restore: the client receives, the server sends. */
    @Test
    void sender() throws OptionException {
        ServerOptions o = parse("--server --sender -logDtpre.iLsfxCIvu . current/etc snap/x");
        assertEquals(Role.SENDER, o.role());
        assertEquals(List.of("current/etc", "snap/x"), o.sources());
        assertTrue(o.readsFilterList(32));
    }

    /** What stock rsync 3.5.0 sends for options we refuse, and what we answer. */
    @Test
    void refusedRealVectors() {
        assertRefused("--server -logDtpre.iLsfxCIvu --iconv=latin1 . dest/",
                "rsync: The server does not support --iconv");
        assertRefused("--server -blogDtpre.iLsfxCIvu --backup-dir /bk --suffix=.x . dest/",
                "rsync: The server does not support --backup (-b)");
        assertRefused("--server -logDtpre.iLsfxCIvu --link-dest /x . dest/",
                "rsync: The server does not support --link-dest");
        assertRefused("--server -logDtpre.iLsfxCIvu --remove-source-files . dest/",
                "rsync: The server does not support --remove-source-files");
        assertRefused("--server -nlogDtpre.iLsfxCIvu . dest/",
                "rsync: The server does not support --dry-run (-n)");
        assertRefused("--server -logDtpre.iLsfxCIvu --partial-dir .p --delay-updates . dest/",
                "rsync: The server does not support --partial-dir");
        assertRefused("--server -logDtpre.iLsfxCIvu --append . dest/",
                "rsync: The server does not support --append");
        assertRefused("--server -logDtpre.iLsfxCIvu --temp-dir /tmp --fsync --preallocate . dest/",
                "rsync: The server does not support --temp-dir (-T)");
        assertRefused("--server --sender -logDtprCe.iLsfxCIvu . src/",
                "rsync: The server does not support --cvs-exclude (-C)");
        // options the receiver does not honour yet
        assertRefused("--server -logDtpre.iLsfxCIvu --max-delete=5 --delete-after --force --ignore-errors . dest/",
                "rsync: The server does not support --max-delete");
        assertRefused("--server -logDtprIe.iLsfxCIvu --size-only --ignore-existing --existing . dest/",
                "rsync: The server does not support --ignore-existing");
        assertRefused("--server -unlogDtpre.iLsfxCIvu . dest/", "rsync: The server does not support --update (-u)");
        assertRefused("--server -lOJogDtprxxe.iLsfxCIvu . dest/",
                "rsync: The server does not support --omit-link-times (-J)");
        assertRefused("--server -logDtpre.iLsfxCIvu --mkpath . dest/", "rsync: The server does not support --mkpath");
        assertRefused("--server -logDtpre.iLsfxCIvu --copy-unsafe-links --safe-links . dest/",
                "rsync: The server does not support --safe-links");
        assertRefused("--server -logDtpre.iLsfxCIvu --temp-dir /tmp --fsync --preallocate . dest/",
                "rsync: The server does not support --temp-dir (-T)");
        assertRefused("--server -lKogDtpre.iLsfxCIvu . dest/",
                "rsync: The server does not support --keep-dirlinks (-K)");
        assertRefused("--server -logDtpre.iLsfxCIvu --usermap=*:1 --groupmap=*:1 . dest/",
                "rsync: The server does not support --usermap");
        assertRefused("--server -lmyogDtpre.iLsfxCIvu . dest/",
                "rsync: The server does not support --prune-empty-dirs (-m)");
        assertRefused("--server -logDtpre.iLsfxCIvu --min-size=1 --max-size=1048576 . dest/",
                "rsync: The server does not support --min-size");
        assertRefused("--server -logDtpre.iLsfxCIvu --delete-missing-args . dest/",
                "rsync: The server does not support --delete-missing-args");
        // rsync 3.5.0's client sends --use-qsort for --qsort, which its own server does not know
        OptionException q = assertThrows(OptionException.class,
                () -> parse("--server -logDtpre.LsfxCIvu --use-qsort . dest/"));
        assertEquals("rsync: on remote machine: --use-qsort: unknown option", q.getMessage());
        assertRefused("--server -logDtEre.iLsfxCIvu . dest/",
                "rsync: The server does not support --executability (-E)");
    }

    static void assertRefused(String line, String message) {
        OptionException e = assertThrows(OptionException.class, () -> parse(line));
        assertEquals(message, e.getMessage());
        assertEquals(1, e.exitCode());
    }
}
