package org.mcelogjava.kernelsim.machine;

/**
 * Sockets × cores × threads. Linux numbers the first thread of every core before any sibling,
 * which is what x86 firmware enumeration usually gives: CPU = thread × (sockets × cores) +
 * socket × cores + core. APIC ids pack socket, core and thread bits.
 */
public record Topology(int sockets, int coresPerSocket, int threadsPerCore) {

    public Topology {
        if (sockets < 1 || coresPerSocket < 1 || threadsPerCore < 1 || threadsPerCore > 2) {
            throw new IllegalArgumentException("bad topology " + sockets + "x" + coresPerSocket + "x" + threadsPerCore);
        }
    }

    /** One socket with {@code n} single-threaded cores. */
    public static Topology flat(int n) {
        return new Topology(1, n, 1);
    }

    public int cpuCount() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    public int socketOf(int cpu) {
        return (cpu % (sockets * coresPerSocket)) / coresPerSocket;
    }

    public int coreOf(int cpu) {
        return cpu % coresPerSocket;
    }

    public int threadOf(int cpu) {
        return cpu / (sockets * coresPerSocket);
    }

    /** Initial APIC id: thread in bit 0 (if SMT), then core bits, then socket bits. */
    public long apicIdOf(int cpu) {
        int threadBits = threadsPerCore > 1 ? 1 : 0;
        int coreBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, coresPerSocket - 1));
        return ((long) socketOf(cpu) << (coreBits + threadBits)) | ((long) coreOf(cpu) << threadBits) | threadOf(cpu);
    }
}
