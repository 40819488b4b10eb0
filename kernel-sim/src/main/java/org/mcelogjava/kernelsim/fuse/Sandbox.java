package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mce-sim sandbox}: runs a command in a private mount namespace where the files of a mounted
 * simulator ({@code mce-sim run --mount DIR}) are bind-mounted over the real {@code /dev/mcelog},
 * {@code /proc/cpuinfo}, {@code /proc/interrupts}, {@code /sys/devices/system/{machinecheck,cpu}},
 * {@code /sys/devices/system/memory/*_offline_page} and {@code /sys/firmware/dmi}, so an unmodified
 * program sees the simulated machine, and what it writes there (page or CPU offlining) reaches the
 * simulator. The namespace comes from util-linux's {@code unshare --mount --propagation private};
 * the bind mounts from {@code sandbox.sh}, run by {@code sh} inside it, which ends by exec'ing the
 * command. Needs root (CAP_SYS_ADMIN for the namespace and the mounts).
 */
public final class Sandbox {

    private static final String SCRIPT = "sandbox.sh";

    private final Path machine;

    /** @param machine where {@code mce-sim run --mount} mounted the machine */
    public Sandbox(Path machine) {
        this.machine = machine.toAbsolutePath().normalize();
    }

    /**
     * Checks what the sandbox needs: the mounted machine, and a mount namespace this process may
     * create.
     *
     * @throws SandboxUnavailableException naming what is missing and why
     */
    public void check() throws SandboxUnavailableException, InterruptedException {
        Path device = machine.resolve("dev/mcelog");
        if (!Files.exists(device)) {
            throw new SandboxUnavailableException("no simulated machine at " + machine + ": " + device
                    + ": No such file or directory (is mce-sim run --mount " + machine + " running?)");
        }
        Process probe;
        try {
            probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create a mount namespace: unshare: " + e.getMessage()
                    + " (install util-linux)");
        }
        String said;
        try (InputStream out = probe.getInputStream()) {
            said = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            said = e.getMessage();
        }
        if (probe.waitFor() != 0) {
            throw new SandboxUnavailableException("cannot create a mount namespace: " + said
                    + " (needs root with CAP_SYS_ADMIN, and namespaces allowed in this container)");
        }
    }

    /** The command line that runs {@code command} in the sandbox. */
    public List<String> commandLine(List<String> command) throws IOException {
        List<String> line = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", script(), "mce-sim-sandbox", machine.toString()));
        line.addAll(command);
        return line;
    }

    /**
     * Runs {@code command} in the sandbox with this process's standard streams; returns its exit
     * status (1 with a message on stderr when the sandbox could not be made). A SIGTERM or SIGINT to
     * this process is passed on to the command (unshare and sh exec it, so it is the child itself),
     * which is then waited for, so stopping the sandbox stops what runs in it.
     */
    public int run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(commandLine(command)).inheritIO().start();
        Thread passOn = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mce-sim-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(passOn);
        int status = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(passOn);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and waits for the same child
        }
        return status;
    }

    private static String script() throws IOException {
        try (InputStream in = Sandbox.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the kernel-sim jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The sandbox cannot be made here; the message says what is missing. */
    public static final class SandboxUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        SandboxUnavailableException(String message) {
            super(message);
        }
    }
}
