package io.tessera.it.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.it.isolation.IsolationSpec.Await;
import io.tessera.it.isolation.IsolationSpec.Run;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The isolation spec format: what parses, what is refused, and that every shipped spec parses and has an expected output. */
class IsolationSpecTest {
    private static final String HEADER = "# Invariant: something holds.\n";

    @Test
    void parsesSetupSessionsStepsBlockingMarkersAndContinuations() {
        IsolationSpec spec = IsolationSpec.parse("x.spec", HEADER + """
                # more invariant text

                setup    create table t(id int,
                           v int)
                teardown drop table t
                session s1
                session s2
                s1: begin
                s2: update t
                      set v = 1 &
                s1: commit
                await s2
                """);
        assertEquals("Invariant: something holds.\nmore invariant text", spec.invariant());
        assertEquals(List.of("create table t(id int,\nv int)"), spec.setup());
        assertEquals(List.of("drop table t"), spec.teardown());
        assertEquals(List.of("s1", "s2"), spec.sessions());
        assertEquals(List.of(new Run("s1", "begin", false, 9), new Run("s2", "update t\nset v = 1", true, 10),
                new Run("s1", "commit", false, 12), new Await("s2", 13)), spec.steps());
    }

    @Test
    void refusesASpecWithoutItsInvariant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsolationSpec.parse("x.spec", "session s1\ns1: select 1\n"));
        assertTrue(e.getMessage().contains("invariant"), e.getMessage());
    }

    @Test
    void refusesABlockingStepThatIsNeverAwaited() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsolationSpec.parse("x.spec",
                HEADER + "session s1\nsession s2\ns1: begin\ns2: update t set v = 1 &\ns1: commit\n"));
        assertEquals("x.spec:5: the blocking step of s2 is never awaited", e.getMessage());
    }

    @Test
    void refusesAStepOfASessionThatStillWaits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsolationSpec.parse("x.spec",
                HEADER + "session s1\nsession s2\ns2: update t set v = 1 &\ns1: commit\ns2: select 1\nawait s2\n"));
        assertTrue(e.getMessage().startsWith("x.spec:6: session s2 still waits"), e.getMessage());
    }

    @Test
    void refusesAnAwaitWithNothingInBetweenToReleaseTheStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsolationSpec.parse("x.spec",
                HEADER + "session s1\nsession s2\ns2: update t set v = 1 &\nawait s2\n"));
        assertTrue(e.getMessage().contains("some other step must release it"), e.getMessage());
    }

    @Test
    void refusesUndeclaredSessions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsolationSpec.parse("x.spec", HEADER + "session s1\ns3: select 1\n"));
        assertEquals("x.spec:3: undeclared session 's3'", e.getMessage());
    }

    @Test
    void theDiffMarksLinesOfEitherSide() {
        assertEquals("--- a\n+++ b\n  step s1: begin\n- UPDATE 1\n+ ERROR: 40001\n  step s1: commit\n",
                TextDiff.unified("a", "step s1: begin\nUPDATE 1\nstep s1: commit\n", "b",
                        "step s1: begin\nERROR: 40001\nstep s1: commit\n"));
    }

    @Test
    void everyShippedSpecParsesAndHasAnExpectedOutput() throws IOException, URISyntaxException {
        Path dir = Path.of(IsolationSpecTest.class.getResource("/isolation").toURI());
        List<Path> specs;
        try (Stream<Path> s = Files.list(dir)) {
            specs = s.filter(p -> p.toString().endsWith(".spec")).sorted().toList();
        }
        assertTrue(specs.size() >= 10, "specs: " + specs);
        for (Path p : specs) {
            String file = p.getFileName().toString();
            IsolationSpec spec = IsolationSpec.parse(file, Files.readString(p));
            assertTrue(spec.sessions().size() <= 3 && spec.steps().size() <= 12, file + " is not small");
            Path expected = dir.resolve("expected").resolve(file.replace(".spec", ".out"));
            assertTrue(Files.exists(expected), "missing " + expected);
        }
    }
}
