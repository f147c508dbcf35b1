package byteback.rsync.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments a {@code -s} ({@code --secluded-args}) client sends over the connection before
 * the protocol starts (rsync: main.c main with protect_args, io.c read_args with rl_nulls): words
 * ending in NUL, closed by an empty word, the first being the program name. Bounded: a word must
 * be shorter than rsync's buffer (MAXPATHLEN), and a client cannot send more than
 * {@link #MAX_WORDS} words or {@link #MAX_BYTES} bytes in all.
 */
final class SecludedArgs {
    /** rsync: main.c reads each word into a MAXPATHLEN buffer. */
    static final int MAX_WORD = 4096;
    static final int MAX_WORDS = 1024;
    static final int MAX_BYTES = 256 * 1024;

    private SecludedArgs() {}

    /** Reads the words, one byte at a time (nothing after the closing empty word is consumed). */
    static List<String> read(InputStream in) throws IOException {
        List<String> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        long total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed while reading the --secluded-args words");
            }
            if (++total > MAX_BYTES) {
                throw new IOException("the --secluded-args words exceed " + MAX_BYTES + " bytes");
            }
            if (b != 0) {
                if (word.size() >= MAX_WORD - 1) {
                    throw new IOException("a --secluded-args word is longer than " + (MAX_WORD - 1) + " bytes");
                }
                word.write(b);
                continue;
            }
            if (word.size() == 0) {
                return words;
            }
            if (words.size() >= MAX_WORDS) {
                throw new IOException("more than " + MAX_WORDS + " --secluded-args words");
            }
            words.add(word.toString(StandardCharsets.UTF_8));
            word.reset();
        }
    }
}
