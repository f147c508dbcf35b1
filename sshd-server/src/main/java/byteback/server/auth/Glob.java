package byteback.server.auth;

/** OpenSSH's wildcard match: {@code *} any run of characters, {@code ?} any one character. */
final class Glob {
    private Glob() {}

    // openssh: match.c match_pattern (case-sensitive; callers lowercase when OpenSSH does)
    static boolean matches(String s, String pattern) {
        return matches(s, 0, pattern, 0);
    }

    private static boolean matches(String s, int si, String p, int pi) {
        while (true) {
            if (pi == p.length()) return si == s.length();
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') pi++;
                if (pi == p.length()) return true;
                for (int k = si; k <= s.length(); k++) {
                    if (matches(s, k, p, pi)) return true;
                }
                return false;
            }
            if (si == s.length()) return false;
            if (c != '?' && c != s.charAt(si)) return false;
            si++;
            pi++;
        }
    }
}
