package org.mcelogjava.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A copy of the built tree that every user can reach, for the tests that run a command as another
 * user (nobody): the checkout may lie below a directory only root may enter ({@code /root} is 0700
 * on Debian), where the build's own tree is out of such a user's reach before any file of the test
 * is. One copy per test JVM, under the temporary directory, removed when the JVM ends.
 */
final class TreeForAll {

    private static Path copy;

    private TreeForAll() {
    }

    /** The copy's top directory, made on first use. */
    static synchronized Path home() {
        if (copy == null) {
            try {
                Path dir = Files.createTempDirectory("mcelog-java-tree-");
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path tree = dir.resolve("mcelog-java");
                Process cp = new ProcessBuilder("cp", "-R", InstalledCommands.HOME.toString(), tree.toString())
                        .inheritIO().start();
                if (cp.waitFor() != 0) {
                    throw new IOException("cp -R " + InstalledCommands.HOME + " " + tree + " exited " + cp.exitValue());
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(dir)));
                copy = tree;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the built tree for another user", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying the built tree", e);
            }
        }
        return copy;
    }

    private static void remove(Path dir) {
        try {
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("cannot remove " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
