package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in every Markdown file of the repository (README.md, protocol/PROTOCOL.md,
 * BENCHMARKS.md, docs/, the test resources' READMEs) resolves to a file, and every #anchor to a heading;
 * so do relative paths written out in prose ({@code ../x.md}). NoticeIT checks the same in the
 * installed tree.
 */
class MarkdownLinksTest {

    static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkInTheRepositoryResolves() {
        List<Path> files = Markdown.filesUnder(REPO);
        assertTrue(files.contains(REPO.resolve("README.md")) && files.contains(REPO.resolve("protocol/PROTOCOL.md")),
                "the repository's Markdown files are found: " + files);
        assertEquals(List.of(), Markdown.brokenLinks(REPO, files));
    }

    @Test
    void aMissingFileAnUnknownAnchorAndAPathInProseAreReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.md"), """
                # Title here
                ## Second `part`, again
                See [b](b.md), [the part](#second-part-again), [top](a.md#title-here), [web](https://example.org/x).
                [gone](missing.md) and [no such](#nowhere), as ../spec/x.md says; `../code/is.md` is code.
                ```sh
                cat ../not/a/link.md [x](neither.md)
                ```
                [ref]: other/missing.md
                """);
        Files.writeString(dir.resolve("b.md"), "# B\n");
        assertEquals(List.of(
                "a.md:4: missing.md: no such file missing.md",
                "a.md:4: #nowhere: no heading with that anchor in a.md",
                "a.md:4: ../spec/x.md: no such file ../spec/x.md",
                "a.md:8: other/missing.md: no such file other/missing.md"),
                Markdown.brokenLinks(dir, List.of(dir.resolve("a.md"), dir.resolve("b.md"))));
    }
}
