package byteback.server.status;

import java.util.Locale;

/** A minimal JSON writer for {@code status --json}: objects, arrays, strings, numbers, booleans, null. */
final class Json {
    private final StringBuilder b = new StringBuilder();
    private boolean first = true;

    Json open() {
        comma();
        b.append('{');
        first = true;
        return this;
    }

    Json open(String key) {
        key(key);
        b.append('{');
        first = true;
        return this;
    }

    Json close() {
        b.append('}');
        first = false;
        return this;
    }

    Json array(String key) {
        key(key);
        b.append('[');
        first = true;
        return this;
    }

    Json closeArray() {
        b.append(']');
        first = false;
        return this;
    }

    Json put(String key, String value) {
        key(key);
        if (value == null) b.append("null");
        else string(value);
        return this;
    }

    Json put(String key, long value) {
        key(key);
        b.append(value);
        return this;
    }

    Json put(String key, double value) {
        key(key);
        b.append(String.format(Locale.ROOT, "%.2f", value));
        return this;
    }

    Json put(String key, boolean value) {
        key(key);
        b.append(value);
        return this;
    }

    Json putNull(String key) {
        key(key);
        b.append("null");
        return this;
    }

    private void key(String key) {
        comma();
        string(key);
        b.append(':');
        first = false;
    }

    private void comma() {
        if (!first) b.append(',');
        first = false;
    }

    private void string(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
