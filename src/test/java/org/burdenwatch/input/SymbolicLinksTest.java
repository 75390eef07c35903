package org.burdenwatch.input;

import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in an input folder are checked, not followed blindly: a dangling one (an unmounted
 * share) stops the run instead of dropping a county's records, one that leaves the input is
 * refused (its content would land in quarantine), a loop is named instead of being read forty
 * levels deep, and a named pipe is refused instead of waited on forever. Links that stay inside, a
 * type folder that is a link to a share, and an editor's hidden lock link are read as before.
 */
class SymbolicLinksTest {
    @TempDir
    Path dir;
    Path input;

    private static final String DOC = "{\"doc_id\":\"D1\",\"issuer\":\"x\",\"issuer_level\":\"county\","
            + "\"county_code\":\"533401\",\"issued_on\":\"2024-03-05\"}\n";

    @BeforeEach
    void input() {
        input = Fixtures.inputWithDivisions(dir.resolve("in"));
        write(input, "documents/a.jsonl", DOC);
    }

    private String refusal() {
        return assertThrows(InputProblem.class, () -> InputInventory.inspect(new Configuration(), input.toString()))
                .getMessage();
    }

    private List<String> documents() {
        return InputInventory.inspect(new Configuration(), input.toString()).of(RecordType.DOCUMENTS).files().stream()
                .map(f -> Path.of(java.net.URI.create(f.path())).getFileName().toString()).toList();
    }

    @Test
    void aDanglingLinkStopsTheRunNamingIt() throws Exception {
        Files.createSymbolicLink(input.resolve("documents/b.jsonl"), dir.resolve("share/b.jsonl"));
        String message = refusal();
        assertTrue(message.contains("documents/b.jsonl") && message.contains("does not exist"), message);
    }

    @Test
    void aTypeFolderThatIsADanglingLinkStopsTheRunInsteadOfCountingAsNotSupplied() throws Exception {
        Files.createSymbolicLink(input.resolve("meetings"), dir.resolve("unmounted/meetings"));
        String message = refusal();
        assertTrue(message.contains("meetings") && message.contains("does not exist"), message);
    }

    @Test
    void aLinkOutOfTheInputIsRefused() throws Exception {
        Path key = write(dir, "secrets/api-key.jsonl", "{\"key\":\"SECRET\"}\n");
        Files.createSymbolicLink(input.resolve("documents/key.jsonl"), key);
        String message = refusal();
        assertTrue(message.contains("outside the input folder"), message);
    }

    @Test
    void aLoopIsNamedNotReadFortyLevelsDeep() throws Exception {
        Files.createSymbolicLink(input.resolve("documents/loop"), input.resolve("documents"));
        String message = refusal();
        assertTrue(message.contains("documents/loop") && message.contains("loop"), message);
    }

    @Test
    void aNamedPipeIsRefusedNotWaitedOn() throws Exception {
        Path pipe = input.resolve("documents/pipe.jsonl");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        String message = refusal();
        assertTrue(message.contains("pipe.jsonl") && message.contains("not a file"), message);
    }

    @Test
    void linksThatStayInsideAreRead() throws Exception {
        // a year kept in an archive folder of the input, linked into documents/
        write(input, "archive/2023/old.jsonl", DOC.replace("D1", "D0"));
        Files.createSymbolicLink(input.resolve("documents/2023"), input.resolve("archive/2023"));
        // an editor's lock link: hidden, dangling by design
        Files.createSymbolicLink(input.resolve("documents/.#a.jsonl"), Path.of("user@host.4711"));
        assertEquals(List.of("old.jsonl", "a.jsonl"), documents(), "in path order: documents/2023/old.jsonl first");
    }

    @Test
    void aTypeFolderLinkedToAShareIsRead() throws Exception {
        Path share = write(dir, "share/meetings/m.csv", "meeting_id,organizer,organizer_level,county_code,started_at,"
                + "duration_minutes,attendees\nM1,x,county,533401,2024-03-05 09:00,60,20\n").getParent();
        Files.createSymbolicLink(input.resolve("meetings"), share);
        assertEquals(1, InputInventory.inspect(new Configuration(), input.toString()).of(RecordType.MEETINGS).files()
                .size());
        assertFalse(documents().isEmpty());
    }
}
