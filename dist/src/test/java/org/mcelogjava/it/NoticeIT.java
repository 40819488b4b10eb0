package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tree and the tarball carry the license, a NOTICE that names exactly the third-party jars in lib/
 * (so that neither can drift from the other), and the documentation, whose links resolve inside the tree.
 */
class NoticeIT {

    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final Pattern NAMED_JAR = Pattern.compile("\\blib/([\\w.+-]+\\.jar)\\b");
    private static final Pattern NAMED_NATIVE = Pattern.compile("\\blib/native/([\\w.+-]+/[\\w.+-]+\\.so)\\b");

    @Test
    void noticeNamesEveryThirdPartyJarInLibAndNoOther() throws IOException {
        Set<String> bundled = new TreeSet<>();
        try (Stream<Path> lib = Files.list(HOME.resolve("lib"))) {
            lib.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar") && !n.startsWith("mcelog-"))
                    .forEach(bundled::add);
        }
        assertTrue(bundled.size() > 5, "lib/ holds the third-party jars: " + bundled);
        Set<String> named = new TreeSet<>();
        Matcher m = NAMED_JAR.matcher(Files.readString(HOME.resolve("NOTICE")));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(bundled, named, "jars in " + HOME.resolve("lib") + " against those NOTICE names");
    }

    @Test
    void noticeNamesEveryNativeLibraryInLibNativeAndNoOther() throws IOException {
        Path natives = HOME.resolve("lib/native");
        Set<String> bundled = new TreeSet<>();
        try (Stream<Path> files = Files.walk(natives)) {
            files.filter(Files::isRegularFile).map(p -> natives.relativize(p).toString()).forEach(bundled::add);
        }
        assertTrue(bundled.size() >= 3, "lib/native holds Netty's, sqlite-jdbc's and jffi's libraries: " + bundled);
        Set<String> named = new TreeSet<>();
        Matcher m = NAMED_NATIVE.matcher(Files.readString(HOME.resolve("NOTICE")));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(bundled, named, "files in " + natives + " against those NOTICE names");
    }

    @Test
    void theTreeCarriesTheApacheLicenseTheNoticeAndTheReadmeAsInTheRepository() throws IOException {
        for (String file : List.of("LICENSE", "NOTICE", "README.md", "protocol/PROTOCOL.md")) {
            assertArrayEquals(Files.readAllBytes(REPO.resolve(file)), Files.readAllBytes(HOME.resolve(file)), file);
        }
        String license = Files.readString(HOME.resolve("LICENSE"));
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004")
                && license.contains("END OF TERMS AND CONDITIONS"), "LICENSE is the full Apache License 2.0");
    }

    @Test
    void theTarballCarriesThemToo() throws Exception {
        Path tarball;
        try (Stream<Path> target = Files.list(HOME.getParent())) {
            tarball = target.filter(p -> p.getFileName().toString().matches("mcelog-java-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no mcelog-java-*.tar.gz beside " + HOME));
        }
        Process tar = new ProcessBuilder("tar", "tzf", tarball.toString()).redirectErrorStream(true).start();
        List<String> entries = new String(tar.getInputStream().readAllBytes()).lines()
                .map(e -> e.substring(e.indexOf('/') + 1)).toList();
        assertEquals(0, tar.waitFor());
        for (String file : List.of("LICENSE", "NOTICE", "README.md", "protocol/PROTOCOL.md")) {
            assertTrue(entries.contains(file), file + " in " + tarball);
        }
        if (Files.isDirectory(REPO.resolve("docs"))) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith("docs/") && e.endsWith(".md")), "docs/ in " + tarball);
        }
    }

    @Test
    void theDocumentationsLinksResolveInsideTheTree() {
        List<Path> docs = Markdown.filesUnder(HOME);
        assertTrue(docs.contains(HOME.resolve("README.md")), "README.md in the tree: " + docs);
        assertEquals(List.of(), Markdown.brokenLinks(HOME, docs));
    }
}
