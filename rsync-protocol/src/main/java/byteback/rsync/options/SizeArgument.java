package byteback.rsync.options;

import java.math.BigDecimal;

/**
 * Size arguments such as {@code -B8192}, {@code --bwlimit=100} or {@code --max-alloc=1G}
 * (rsync: options.c parse_size_arg): digits with an optional fraction, an optional suffix
 * {@code b k m g t p} (powers of 1024, or of 1000 when followed by {@code b}; {@code kib} etc. are
 * powers of 1024), an optional {@code +1}/{@code -1} adjustment.
 */
final class SizeArgument {
    private SizeArgument() {}

    /**
     * @param text       the argument
     * @param defaultSuffix the unit when none is given
     * @param optionName for the error message, e.g. "block-size"
     * @param min        the smallest allowed value
     * @param max        the largest allowed value, or -1 for no limit
     * @param zeroMeansUnlimited whether 0 is allowed below {@code min}
     */
    static long parse(String text, char defaultSuffix, String optionName, long min, long max,
            boolean zeroMeansUnlimited) throws OptionException {
        long sizeMax = max >= 0 ? max : Long.MAX_VALUE / 2;
        int i = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        String number = text.substring(0, i);
        char suffix = defaultSuffix;
        if (i < text.length() && text.charAt(i) != '+' && text.charAt(i) != '-') {
            suffix = text.charAt(i++);
        }
        int reps;
        switch (Character.toLowerCase(suffix)) {
            case 'b' -> reps = 0;
            case 'k' -> reps = 1;
            case 'm' -> reps = 2;
            case 'g' -> reps = 3;
            case 't' -> reps = 4;
            case 'p' -> reps = 5;
            default -> throw invalid(text, optionName, "invalid", null, -1, false);
        }
        long mult;
        if (i < text.length() && (text.charAt(i) == 'b' || text.charAt(i) == 'B')) {
            mult = 1000;
            i++;
        } else if (i == text.length() || text.charAt(i) == '+' || text.charAt(i) == '-') {
            mult = 1024;
        } else if (text.regionMatches(true, i, "ib", 0, 2)) {
            mult = 1024;
            i += 2;
        } else {
            throw invalid(text, optionName, "invalid", null, -1, false);
        }
        long unit = 1;
        while (reps-- > 0) {
            if (unit > sizeMax / mult) {
                throw invalid(text, optionName, "too large", "max", max, zeroMeansUnlimited);
            }
            unit *= mult;
        }
        BigDecimal value;
        try {
            value = number.isEmpty() || number.equals(".") ? BigDecimal.ZERO : new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw invalid(text, optionName, "invalid", null, -1, false);
        }
        BigDecimal scaled = value.multiply(BigDecimal.valueOf(unit));
        if (scaled.compareTo(BigDecimal.valueOf(sizeMax)) > 0
                || (max < 0 && scaled.compareTo(BigDecimal.valueOf(sizeMax)) >= 0)) {
            throw invalid(text, optionName, "too large", "max", max, zeroMeansUnlimited);
        }
        long size = scaled.longValue();
        if (i != 0 && i + 1 < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')
                && text.charAt(i + 1) == '1') {
            size += text.charAt(i) == '+' ? 1 : -1;
            i += 2;
        }
        if (i != text.length()) {
            throw invalid(text, optionName, "invalid", null, -1, false);
        }
        if (size < 0 || (max >= 0 && size > max)) {
            throw invalid(text, optionName, "too large", "max", max, zeroMeansUnlimited);
        }
        if (size < min && (!zeroMeansUnlimited || size != 0)) {
            throw invalid(text, optionName, "too small", "min", min, zeroMeansUnlimited);
        }
        return size;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static OptionException invalid(String text, String optionName, String err, String minMax,
            long limit, boolean zeroMeansUnlimited) {
        StringBuilder sb = new StringBuilder("--").append(optionName).append('=').append(text)
                .append(" is ").append(err);
        if (minMax != null && limit >= 0) {
            sb.append(" (").append(minMax).append(": ").append(humanNumber(limit))
                    .append(zeroMeansUnlimited && minMax.equals("min") ? " or 0 for unlimited" : "")
                    .append(')');
        }
        return OptionException.syntax(sb.toString());
    }

    /** rsync: lib/compat.c do_big_num(num, 3, NULL): 1024-based with two decimals, e.g. "128.00K". */
    static String humanNumber(long num) {
        if (num < 1024) {
            return Long.toString(num);
        }
        double d = num;
        String units = "KMGTP";
        int u = -1;
        while (d >= 1024 && u < units.length() - 1) {
            d /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%c", d, units.charAt(u));
    }
}
