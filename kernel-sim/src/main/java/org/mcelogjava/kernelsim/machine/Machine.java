package org.mcelogjava.kernelsim.machine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated box: every CPU of a {@link Topology}, all of the same {@link CpuProfile}, with
 * banks instantiated once per scope (a package-scope bank is one {@link McaBank} shared by all
 * CPUs of that socket). Which CPUs are online ({@code cpu_online_mask}) is kept here too: changed
 * by the engine's hotplug, read by the engine and by the services' threads (sysfs, the device's
 * legacy write), so its accessors are synchronized.
 */
public final class Machine {

    private final CpuProfile profile;
    private final Topology topology;
    private final List<Cpu> cpus;
    private final BitSet online = new BitSet();

    public Machine(CpuProfile profile, Topology topology) {
        this.profile = profile;
        this.topology = topology;
        Map<String, McaBank> shared = new HashMap<>();
        List<Cpu> list = new ArrayList<>();
        boolean cmci = (profile.mcgCap() & (1L << 10)) != 0;
        for (int n = 0; n < topology.cpuCount(); n++) {
            List<McaBank> banks = new ArrayList<>();
            for (int b = 0; b < profile.bankCount(); b++) {
                BankScope scope = profile.bankScopes().get(b);
                String key = switch (scope) {
                    case THREAD -> "t" + n;
                    case CORE -> "c" + topology.socketOf(n) + "." + topology.coreOf(n);
                    case PACKAGE -> "p" + topology.socketOf(n);
                } + "/" + b;
                int bank = b;
                banks.add(shared.computeIfAbsent(key, k -> new McaBank(bank, scope, cmci, profile.bankIpid(bank),
                        profile.bankPopulated(bank))));
            }
            long ppin = profile.ppinCapable() ? 0x5a5a_0000_0000_0000L | topology.socketOf(n) : 0;
            list.add(new Cpu(n, profile, topology.apicIdOf(n), topology.socketOf(n), ppin, banks));
        }
        this.cpus = List.copyOf(list);
        online.set(0, cpus.size());
    }

    /** {@code cpu_online(n)}. */
    public synchronized boolean isOnline(int n) {
        return online.get(n);
    }

    /** CPU hotplug's change of {@code cpu_online_mask}. */
    public synchronized void setOnline(int n, boolean up) {
        online.set(n, up);
    }

    /** {@code num_online_cpus()}. */
    public synchronized int onlineCount() {
        return online.cardinality();
    }

    /** A copy of {@code cpu_online_mask}. */
    public synchronized BitSet onlineMask() {
        return (BitSet) online.clone();
    }

    /** A warm reset of every CPU: MCG_STATUS and the bank control registers clear, logged errors stay. */
    public void warmReset() {
        for (Cpu c : cpus) {
            c.writeMcgStatus(0);
            for (int b = 0; b < c.bankCount(); b++) {
                c.bank(b).reset();
            }
        }
    }

    public CpuProfile profile() { return profile; }
    public Topology topology() { return topology; }
    public List<Cpu> cpus() { return cpus; }
    public int cpuCount() { return cpus.size(); }

    public Cpu cpu(int n) {
        return cpus.get(n);
    }
}
