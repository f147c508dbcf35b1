package byteback.client.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuotedPrintableTest {
    @Test
    void asTheOriginalEncodesPatterns() {
        assertEquals("/home/patch/.bash*", QuotedPrintable.encode("/home/patch/.bash*"));
        assertEquals("/a=20b/c=3Dd", QuotedPrintable.encode("/a b/c=d"));
        assertEquals("/caf=C3=A9", QuotedPrintable.encode("/café"));
        assertEquals("/x=0Ay=09", QuotedPrintable.encode("/x\ny\t"));
    }

    @Test
    void expandsRelativePatterns() {
        String cwd = System.getProperty("user.dir");
        assertEquals(cwd + "/a/*", RestoreCommand.expand("a/./*"));
        assertEquals("/etc/passwd", RestoreCommand.expand("/etc/../etc/passwd"));
    }
}
