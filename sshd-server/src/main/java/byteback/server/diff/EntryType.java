package byteback.server.diff;

import byteback.rsync.protocol.FileMode;

/** A file's type on the client, as the fake-super {@code %stat} records it. */
public enum EntryType {
    FILE("file", '-'), DIRECTORY("dir", 'd'), SYMLINK("symlink", 'l'), CHAR_DEVICE("chardev", 'c'),
    BLOCK_DEVICE("blockdev", 'b'), FIFO("fifo", 'p'), SOCKET("socket", 's'), UNKNOWN("unknown", '?');

    private final String word;
    private final char letter;

    EntryType(String word, char letter) {
        this.word = word;
        this.letter = letter;
    }

    public String word() {
        return word;
    }

    /** The letter {@code ls -l} shows. */
    public char letter() {
        return letter;
    }

    public static EntryType of(int mode) {
        return switch (FileMode.type(mode)) {
            case FileMode.S_IFREG -> FILE;
            case FileMode.S_IFDIR -> DIRECTORY;
            case FileMode.S_IFLNK -> SYMLINK;
            case FileMode.S_IFCHR -> CHAR_DEVICE;
            case FileMode.S_IFBLK -> BLOCK_DEVICE;
            case FileMode.S_IFIFO -> FIFO;
            case FileMode.S_IFSOCK -> SOCKET;
            default -> UNKNOWN;
        };
    }
}
