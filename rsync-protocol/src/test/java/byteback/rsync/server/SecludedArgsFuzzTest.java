package byteback.rsync.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing (see {@link Fuzz}) of the {@code --secluded-args} words a {@code rsync -s} client sends
 * before the protocol starts: read within their bounds, or refused with an IOException.
 */
class SecludedArgsFuzzTest {
    static final List<byte[]> SEEDS = List.of(
            "rsync\0--server\0-logDtpre.iLsfxCIvu\0--delete-during\0.\0dir name/\0\0".getBytes(StandardCharsets.UTF_8),
            "rsync\0--server\0--sender\0-vlogDtpre.iLsfxC\0.\0current/a b\0\0".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void jazzerSeeds() {
        Fuzz.jazzerSeeds(SecludedArgsFuzzTest.class, "jazzerSecludedArgs", SEEDS);
    }

    @Test
    void mutatedSecludedArgs() {
        Fuzz.run("secluded-args", SEEDS, 20_000, Fuzz.IO_EXCEPTIONS, 4L * SecludedArgs.MAX_BYTES + (1 << 20),
                SecludedArgsFuzzTest::decode);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerSecludedArgs(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, SecludedArgsFuzzTest::decode);
    }

    static void decode(byte[] input) throws Exception {
        List<String> words = SecludedArgs.read(Fuzz.stream(input));
        assertTrue(words.size() <= SecludedArgs.MAX_WORDS);
        for (String w : words) {
            assertTrue(!w.isEmpty() && w.indexOf('\0') < 0);
        }
    }
}
