package byteback.server.restore;

import byteback.rsync.protocol.FileMode;

/** {@code ls}-style mode strings ({@code drwxr-xr-x}), as restore_file.rb modestring writes them. Pure. */
final class ModeString {
    private ModeString() {}

    static String of(int mode) {
        char[] s = new char[10];
        s[0] = typeLetter(mode);
        s[1] = (mode & 0400) != 0 ? 'r' : '-';
        s[2] = (mode & 0200) != 0 ? 'w' : '-';
        s[3] = exec(mode & 0100, mode & 04000, 's');
        s[4] = (mode & 040) != 0 ? 'r' : '-';
        s[5] = (mode & 020) != 0 ? 'w' : '-';
        s[6] = exec(mode & 010, mode & 02000, 's');
        s[7] = (mode & 04) != 0 ? 'r' : '-';
        s[8] = (mode & 02) != 0 ? 'w' : '-';
        s[9] = exec(mode & 01, mode & 01000, 't');
        return new String(s);
    }

    private static char exec(int x, int special, char letter) {
        if (special != 0) return x != 0 ? letter : Character.toUpperCase(letter);
        return x != 0 ? 'x' : '-';
    }

    static char typeLetter(int mode) {
        return switch (FileMode.type(mode)) {
            case FileMode.S_IFREG -> '-';
            case FileMode.S_IFDIR -> 'd';
            case FileMode.S_IFBLK -> 'b';
            case FileMode.S_IFCHR -> 'c';
            case FileMode.S_IFLNK -> 'l';
            case FileMode.S_IFIFO -> 'p';
            case FileMode.S_IFSOCK -> 's';
            default -> '?';
        };
    }
}
