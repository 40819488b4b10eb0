package org.mcelogjava.kernelsim.service;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/**
 * What one simulator run is: the machine, the kernel, its clock, and how it is served.
 *
 * @param socket     the Unix socket path clients connect to
 * @param cpus       online CPUs at boot (one socket of single-threaded cores)
 * @param cpuModel   the CPU profile
 * @param kernel     the kernel profile (6.12 or 4.0)
 * @param clock      how simulated time runs
 * @param faults     the fault generator's profile ("none" or "default")
 * @param faultSeed  the fault generator's seed (the same seed gives the same errors)
 * @param adminUids  uids besides 0 that hold CAP_SYS_ADMIN
 * @param adminGids  groups whose members hold CAP_SYS_ADMIN
 * @param deviceMode permission bits of /dev/mcelog
 * @param tcp        an additional TCP listener (its peers are unprivileged), if any
 * @param cec        whether the kernel runs the Correctable Errors Collector (CONFIG_RAS_CEC)
 * @param faultsAtFirstOpen whether the fault generator starts at the first open of /dev/mcelog
 *                   rather than at boot
 * @param mount      a directory where the machine is also served as files (FUSE), if any
 * @param injectMutex whether the mce-inject module serialises device writes as Linux 6.12's
 *                   {@code mce_inject_mutex} does ({@link org.mcelogjava.kernelsim.mca.MceConfig#injectMutex()});
 *                   otherwise writes that arrive together raise concurrently
 */
public record ServiceConfig(Path socket, int cpus, CpuProfile cpuModel, KernelProfile kernel, ClockMode clock,
                            String faults, long faultSeed, Set<Integer> adminUids, Set<Integer> adminGids, int deviceMode,
                            Optional<InetSocketAddress> tcp, boolean cec, boolean faultsAtFirstOpen,
                            Optional<Path> mount, boolean injectMutex) {

    /** With the default, concurrent injection. */
    public ServiceConfig(Path socket, int cpus, CpuProfile cpuModel, KernelProfile kernel, ClockMode clock,
                         String faults, long faultSeed, Set<Integer> adminUids, Set<Integer> adminGids, int deviceMode,
                         Optional<InetSocketAddress> tcp, boolean cec, boolean faultsAtFirstOpen,
                         Optional<Path> mount) {
        this(socket, cpus, cpuModel, kernel, clock, faults, faultSeed, adminUids, adminGids, deviceMode, tcp, cec,
                faultsAtFirstOpen, mount, false);
    }

    /** Not mounted as files. */
    public ServiceConfig(Path socket, int cpus, CpuProfile cpuModel, KernelProfile kernel, ClockMode clock,
                         String faults, long faultSeed, Set<Integer> adminUids, Set<Integer> adminGids, int deviceMode,
                         Optional<InetSocketAddress> tcp, boolean cec, boolean faultsAtFirstOpen) {
        this(socket, cpus, cpuModel, kernel, clock, faults, faultSeed, adminUids, adminGids, deviceMode, tcp, cec,
                faultsAtFirstOpen, Optional.empty());
    }

    /** Faults, if any, from boot. */
    public ServiceConfig(Path socket, int cpus, CpuProfile cpuModel, KernelProfile kernel, ClockMode clock,
                         String faults, long faultSeed, Set<Integer> adminUids, Set<Integer> adminGids, int deviceMode,
                         Optional<InetSocketAddress> tcp, boolean cec) {
        this(socket, cpus, cpuModel, kernel, clock, faults, faultSeed, adminUids, adminGids, deviceMode, tcp, cec,
                false);
    }

    /** Without a TCP listener and without the CEC. */
    public ServiceConfig(Path socket, int cpus, CpuProfile cpuModel, KernelProfile kernel, ClockMode clock,
                         String faults, long faultSeed, Set<Integer> adminUids, Set<Integer> adminGids, int deviceMode) {
        this(socket, cpus, cpuModel, kernel, clock, faults, faultSeed, adminUids, adminGids, deviceMode,
                Optional.empty(), false);
    }

    /** This configuration with the mce-inject module's writes serialised ({@code injectMutex}) or not. */
    public ServiceConfig withInjectMutex(boolean serialised) {
        return new ServiceConfig(socket, cpus, cpuModel, kernel, clock, faults, faultSeed, adminUids, adminGids,
                deviceMode, tcp, cec, faultsAtFirstOpen, mount, serialised);
    }

    public ServiceConfig {
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("cpus must be 1..4096, got " + cpus);
        }
        if (deviceMode < 0 || deviceMode > 0777) {
            throw new IllegalArgumentException("device mode must be within 0777, got " + Integer.toOctalString(deviceMode));
        }
        if (cec && kernel == KernelProfile.V4_0) {
            throw new IllegalArgumentException("cec needs profile 6.12: the 4.0 kernel has no CEC (it came with 4.13)");
        }
        adminUids = Set.copyOf(adminUids);
        adminGids = Set.copyOf(adminGids);
    }

    /** How simulated time runs. */
    public sealed interface ClockMode {
        /** Virtual time that moves only when the engine is told to (tests). */
        record Stepped() implements ClockMode {
        }

        /** Real time, {@code factor} simulated seconds per real second (1 = the wall clock). */
        record Scaled(double factor) implements ClockMode {
            public Scaled {
                if (!(factor >= 1.0) || Double.isInfinite(factor)) {
                    throw new IllegalArgumentException("clock factor must be >= 1, got " + factor);
                }
            }
        }
    }
}
