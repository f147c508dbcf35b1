package byteback.server.command;

import java.nio.file.Path;

/**
 * The PATH of {@code rsync --server ... . PATH}, as a path relative to the client's current: "",
 * "." and relative paths resolve beneath current; absolute paths and any ".." are refused (the
 * original byteback ignored PATH and always wrote into current; its clients send an empty one).
 */
public final class DestinationPath {
    private DestinationPath() {}

    public static Path resolve(String path) throws CommandSyntaxException {
        if (path.startsWith("/")) {
            throw new CommandSyntaxException("absolute destination \"" + path + "\" refused: backups go into"
                    + " your own store; use an empty or relative path (host: or host:dir)");
        }
        Path out = Path.of("");
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new CommandSyntaxException("destination \"" + path + "\" refused: \"..\" may not leave your store");
            }
            out = out.resolve(part);
        }
        return out;
    }
}
