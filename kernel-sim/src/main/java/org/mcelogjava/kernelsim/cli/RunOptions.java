package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.service.ServiceConfig;

/**
 * {@code mce-sim run} options: a {@code key=value} config file ({@code --config}) overridden by
 * flags, the socket from {@code --socket}, else {@code MCE_SIM_SOCKET}, else the default.
 */
final class RunOptions {

    static final String HELP = """
            usage: mce-sim run [OPTIONS]

            Runs the simulated kernel in the foreground, serving /dev/mcelog and its sysfs/debugfs
            files on a Unix socket, until SIGTERM or SIGINT. It is ready when the socket exists.

            Machine:
              --cpus N               online CPUs, 1..4096 (default 4)
              --cpu-model NAME       skx, spr, kbl-client or zen2 (default skx)
              --profile 6.12|4.0     kernel profile (default 6.12): 6.12 has a log of max(32, CPUs)
                                     128-byte records; 4.0 has 32 slots of 88 bytes
              --clock MODE           wall, or accelerated:FACTOR (simulated seconds per real second)
                                     (default wall)
              --faults none|default  background hardware errors at field-study rates: corrected and
                                     uncorrected memory errors clustered on DIMMs, cache and bus
                                     errors (default none); best with an accelerated clock
              --seed N               the fault generator's seed (default 1); same seed, same errors
              --faults-start boot|open  when the background errors begin: at boot (default), or
                                     when /dev/mcelog is first opened, so that on a fast clock a
                                     reader slower to start than the simulator (a JVM daemon) does
                                     not find the log overflowed by errors raised before it came
              --cec on|off           the kernel's Correctable Errors Collector (CONFIG_RAS_CEC, as
                                     many distribution kernels have it): corrected memory errors
                                     are counted per page and kept from /dev/mcelog until a page
                                     has 2 (Intel; 1023 on AMD), which soft-offlines the page and
                                     lets that one through (default off; profile 6.12)
              --inject-mutex         the mce-inject module serialises /dev/mcelog writes, as Linux
                                     6.12's inject.c does with mce_inject_mutex: the records
                                     mce-inject's per-CPU threads write together (a HOLD record
                                     with IN_PROC/IN_IRQ beside its trigger) raise one after
                                     another, so the trigger's rendezvous times out waiting for
                                     the held record's CPU. By default they raise concurrently and
                                     meet in one #MC rendezvous, as mce-inject and the mce-test
                                     suite expect. Writes through --mount's dev/mcelog, one
                                     write(2) each, are always serialised.
            Serving:
              --socket PATH          the socket; else $MCE_SIM_SOCKET; else /run/mce-sim/mcelog when
                                     run as root, ./mce-sim.sock otherwise
              --admin-uid UID        also treat this uid as root (CAP_SYS_ADMIN); repeatable
              --admin-gid GID        also treat members of this group as root; repeatable
              --device-mode OCTAL    permission bits of /dev/mcelog (default 0600)
              --tcp [HOST:]PORT      also serve the protocol on TCP, on loopback (127.0.0.1) unless
                                     a HOST is named; TCP peers have no credentials and are never
                                     privileged (port 0: any free port, printed at start)
              --mount DIR            also serve the machine as files under DIR (FUSE; needs root,
                                     /dev/fuse and Debian's libfuse2): DIR/dev/mcelog opened, ioctl'd,
                                     polled and read as the kernel's, DIR/proc/cpuinfo,
                                     DIR/proc/interrupts, DIR/sys/devices/system/..., DIR/sys/firmware/dmi;
                                     unmounted at stop; a stale mount of a killed simulator is removed.
                                     mce-sim sandbox runs programs with these over the real paths
                                     (its default DIR: /run/mce-sim/machine)
              --config FILE          read KEY=VALUE lines first; flags override them
              --help                 this text
              --version              the version of mce-sim and of mcelog it is compatible with

            Config file keys (one per line, '#' starts a comment): socket, cpus, cpu-model, profile,
            clock, faults, faults-start, seed, cec, inject-mutex (on or off), admin-uids (comma-separated),
            admin-gids (comma-separated), device-mode, tcp, mount.
            A usage error, an unreadable or invalid file, a socket already served by another simulator:
            one line on stderr, exit status 1. A stale socket left by a killed simulator is replaced.

            Examples:
              mce-sim run --socket /tmp/mce.sock --cpus 8
              mce-sim run --profile 4.0 --clock accelerated:3600
              mce-sim run --faults default --seed 7 --clock accelerated:1440   (a day per minute)
              MCE_SIM_SOCKET=/tmp/mce.sock mce-sim run --config /etc/mce-sim.conf
              mce-inject --socket /tmp/mce.sock corrected.inject
            """;

    private static final Set<String> KEYS = Set.of("socket", "cpus", "cpu-model", "profile", "clock", "faults",
            "faults-start", "seed", "cec", "inject-mutex", "admin-uids", "admin-gids", "device-mode", "tcp", "mount");

    private RunOptions() {
    }

    /**
     * Parses the arguments after {@code run}.
     *
     * @param env   the process environment ({@code MCE_SIM_SOCKET})
     * @param root  whether the process runs as uid 0 (the default socket)
     * @throws IllegalArgumentException with a one-line reason
     */
    static ServiceConfig parse(List<String> args, Map<String, String> env, boolean root) {
        Map<String, String> flags = new LinkedHashMap<>();
        Set<Integer> uids = new HashSet<>();
        Set<Integer> gids = new HashSet<>();
        String configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            if (key.equals("inject-mutex")) {
                flags.put(key, "on"); // a switch: the only option without a value
                continue;
            }
            if (!KEYS.contains(key) && !key.equals("config") && !key.equals("admin-uid") && !key.equals("admin-gid")) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String value = args.get(++i);
            switch (key) {
                case "config" -> configFile = value;
                case "admin-uid" -> uids.add(number(a, value));
                case "admin-gid" -> gids.add(number(a, value));
                default -> flags.put(key, value);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (configFile != null) {
            values.putAll(readConfig(Path.of(configFile)));
        }
        values.putAll(flags);
        uids.addAll(ids(values.get("admin-uids"), "admin-uids"));
        gids.addAll(ids(values.get("admin-gids"), "admin-gids"));
        String socket = values.get("socket");
        if (socket == null) {
            socket = env.get("MCE_SIM_SOCKET");
        }
        if (socket == null || socket.isEmpty()) {
            socket = root ? "/run/mce-sim/mcelog" : "mce-sim.sock";
        }
        int cpus = number("cpus", values.getOrDefault("cpus", "4"));
        CpuProfile model = CpuProfiles.byName(values.getOrDefault("cpu-model", "skx"));
        KernelProfile kernel = KernelProfile.byLabel(values.getOrDefault("profile", "6.12"));
        ServiceConfig.ClockMode clock = clock(values.getOrDefault("clock", "wall"));
        String faults = values.getOrDefault("faults", "none");
        if (!faults.equals("none") && !faults.equals("default")) {
            throw new IllegalArgumentException("faults must be none or default, got '" + faults + "'");
        }
        String faultsStart = values.getOrDefault("faults-start", "boot");
        if (!faultsStart.equals("boot") && !faultsStart.equals("open")) {
            throw new IllegalArgumentException("faults-start must be boot or open, got '" + faultsStart + "'");
        }
        long seed;
        try {
            seed = Long.parseLong(values.getOrDefault("seed", "1"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed needs a number, got '" + values.get("seed") + "'");
        }
        int mode;
        try {
            mode = Integer.parseInt(values.getOrDefault("device-mode", "0600"), 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device-mode must be octal, got '" + values.get("device-mode") + "'");
        }
        String cec = values.getOrDefault("cec", "off");
        if (!cec.equals("on") && !cec.equals("off")) {
            throw new IllegalArgumentException("cec must be on or off, got '" + cec + "'");
        }
        String injectMutex = values.getOrDefault("inject-mutex", "off");
        if (!injectMutex.equals("on") && !injectMutex.equals("off")) {
            throw new IllegalArgumentException("inject-mutex must be on or off, got '" + injectMutex + "'");
        }
        Optional<InetSocketAddress> tcp = Optional.ofNullable(values.get("tcp")).map(RunOptions::tcp);
        Optional<Path> mount = Optional.ofNullable(values.get("mount")).map(Path::of);
        return new ServiceConfig(Path.of(socket), cpus, model, kernel, clock, faults, seed, uids, gids, mode, tcp,
                cec.equals("on"), faultsStart.equals("open"), mount, injectMutex.equals("on"));
    }

    /** {@code [HOST:]PORT}: loopback unless a host is named ({@code [::1]:PORT} for IPv6). */
    static InetSocketAddress tcp(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535 || host.isEmpty()) {
            throw new IllegalArgumentException("tcp must be [HOST:]PORT with a port of 0..65535, got '" + text + "'");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("tcp: cannot resolve host '" + host + "'");
        }
        return address;
    }

    static ServiceConfig.ClockMode clock(String text) {
        if (text.equals("wall")) {
            return new ServiceConfig.ClockMode.Scaled(1.0);
        }
        if (text.startsWith("accelerated:")) {
            try {
                return new ServiceConfig.ClockMode.Scaled(Double.parseDouble(text.substring("accelerated:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("clock factor must be a number, got '" + text + "'");
            }
        }
        throw new IllegalArgumentException("clock must be wall or accelerated:FACTOR, got '" + text + "'");
    }

    private static Map<String, String> readConfig(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadConfig("cannot read config " + file + ": " + IoReason.of(e));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String t = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new BadConfig(file + ":" + (n + 1) + ": expected KEY=VALUE");
            }
            String key = t.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw new BadConfig(file + ":" + (n + 1) + ": unknown key '" + key + "'");
            }
            out.put(key, t.substring(eq + 1).strip());
        }
        return out;
    }

    private static Set<Integer> ids(String list, String what) {
        Set<Integer> out = new HashSet<>();
        if (list != null && !list.isBlank()) {
            for (String s : list.split(",")) {
                out.add(number(what, s.strip()));
            }
        }
        return out;
    }

    private static int number(String what, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " needs a number, got '" + value + "'");
        }
    }

    /** The --config file cannot be read or has a bad line: a failure of the file, not of the command line. */
    static final class BadConfig extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadConfig(String message) {
            super(message);
        }
    }
}
