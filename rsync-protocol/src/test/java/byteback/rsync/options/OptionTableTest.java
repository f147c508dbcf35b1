package byteback.rsync.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every option rsync knows is either handled or refused with rsync's refusal message. */
class OptionTableTest {

    @Test
    void everyOptionIsHandledOrRefused() {
        for (RsyncOption o : RsyncOption.values()) {
            List<String> args = new ArrayList<>(List.of("--server", "-r"));
            String word = o.longName != null ? "--" + o.longName : "-" + o.shortName;
            switch (o.arg) {
                case NONE -> args.add(word);
                case INT -> args.add(word + "=1");
                case STRING -> args.add(word + "=" + sampleValue(o));
            }
            args.add(".");
            args.add("dest");
            try {
                ServerOptions.parse(args);
                assertTrue(!OptionParser.REFUSED.contains(o), o + " is refused but parsed");
            } catch (OptionException e) {
                if (OptionParser.REFUSED.contains(o)) {
                    assertEquals("rsync: The server does not support " + o.displayName(), e.getMessage());
                } else if (o == RsyncOption.XATTRS) {
                    fail("-X alone must parse");
                } else {
                    fail(o + " rejected: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                fail(o + " is neither handled nor refused: " + e);
            }
        }
    }

    private static String sampleValue(RsyncOption o) {
        return switch (o) {
            case STDERR -> "all";
            case BLOCK_SIZE -> "1024";
            case BWLIMIT -> "100";
            case MAX_ALLOC -> "1G";
            case CHECKSUM_CHOICE, CC -> "md5";
            case COMPRESS_CHOICE, ZC -> "zstd";
            default -> "x";
        };
    }

    @Test
    void refusalNamesShortLetter() {
        assertEquals("--backup (-b)", RsyncOption.BACKUP.displayName());
        assertEquals("--iconv", RsyncOption.ICONV.displayName());
        assertEquals("-F", RsyncOption.SHORT_F.displayName());
    }
}
