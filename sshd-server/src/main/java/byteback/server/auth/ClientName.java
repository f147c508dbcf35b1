package byteback.server.auth;

import java.util.regex.Pattern;

/** Client names become directory names under ROOT: only a safe, plain name is accepted. */
public final class ClientName {
    private ClientName() {}

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@+-]{0,254}");

    public static boolean isValid(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** @throws IllegalArgumentException saying what is wrong with the name */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid client name \"" + name + "\": use letters, digits"
                    + " and . _ - @ + (not first), at most 255 characters");
        }
        return name;
    }
}
