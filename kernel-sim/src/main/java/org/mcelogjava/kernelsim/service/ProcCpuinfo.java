package org.mcelogjava.kernelsim.service;

import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;

/**
 * {@code /proc/cpuinfo} of the simulated machine (arch/x86/kernel/cpu/proc.c {@code show_cpuinfo}):
 * one block per online CPU with the kernel's field names and tab alignment, the identity of the
 * CPU profile (vendor, family, model, stepping, microcode) and its place in the topology. The
 * model name, frequency and flags are those of a typical part of each profile.
 */
final class ProcCpuinfo {

    /** A profile's marketing name, nominal MHz and the flags that matter to RAS tools. */
    private record Part(String vendorId, String modelName, int mhz, String flags) {
    }

    private static final String COMMON = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36"
            + " clflush mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl"
            + " nonstop_tsc cpuid aperfmperf pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe"
            + " popcnt aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch";

    private ProcCpuinfo() {
    }

    private static Part part(CpuProfile p) {
        return switch (p.name()) {
            case "skx" -> new Part("GenuineIntel", "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2400,
                    COMMON + " ss tm pbe dtes64 ds_cpl vmx smx est tm2 xtpr pdcm pcid dca tsc_deadline_timer"
                            + " fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm cqm mpx avx512f avx512dq"
                            + " rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt pku ospke");
            case "spr" -> new Part("GenuineIntel", "Intel(R) Xeon(R) Platinum 8480+", 2000,
                    COMMON + " ss tm pbe dtes64 vmx smx est tm2 xtpr pdcm pcid dca tsc_deadline_timer fsgsbase"
                            + " bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap clflushopt clwb"
                            + " avx512cd sha_ni avx512bw avx512vl amx_bf16 amx_tile amx_int8");
            case "kbl-client" -> new Part("GenuineIntel", "Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz", 4200,
                    COMMON + " ss tm pbe dtes64 vmx est tm2 xtpr pdcm pcid tsc_deadline_timer fsgsbase bmi1"
                            + " avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt xsaveopt");
            case "zen2" -> new Part("AuthenticAMD", "AMD EPYC 7402 24-Core Processor", 2800,
                    COMMON + " svm extapic cr8_legacy sse4a misalignsse topoext perfctr_core mca_recovery succor smca");
            default -> new Part(vendorId(p), p.vendor().name() + " family " + p.family() + " model " + p.model(),
                    2000, COMMON);
        };
    }

    private static String vendorId(CpuProfile p) {
        return switch (p.vendor()) {
            case INTEL -> "GenuineIntel";
            case AMD -> "AuthenticAMD";
            case HYGON -> "HygonGenuine";
            case ZHAOXIN -> "  Shanghai  ";
        };
    }

    /** The file: every online CPU's block, each ending in an empty line. */
    static String show(Machine machine) {
        CpuProfile p = machine.profile();
        Part part = part(p);
        Topology t = machine.topology();
        StringBuilder sb = new StringBuilder();
        for (int cpu = 0; cpu < machine.cpuCount(); cpu++) {
            if (!machine.isOnline(cpu)) {
                continue;
            }
            long apic = t.apicIdOf(cpu);
            sb.append("processor\t: ").append(cpu).append('\n')
                    .append("vendor_id\t: ").append(part.vendorId()).append('\n')
                    .append("cpu family\t: ").append(p.family()).append('\n')
                    .append("model\t\t: ").append(p.model()).append('\n')
                    .append("model name\t: ").append(part.modelName()).append('\n')
                    .append("stepping\t: ").append(p.stepping()).append('\n')
                    .append("microcode\t: 0x").append(Long.toHexString(p.microcode())).append('\n')
                    .append("cpu MHz\t\t: ").append(part.mhz()).append(".000\n")
                    .append("physical id\t: ").append(t.socketOf(cpu)).append('\n')
                    .append("siblings\t: ").append(t.coresPerSocket() * t.threadsPerCore()).append('\n')
                    .append("core id\t\t: ").append(t.coreOf(cpu)).append('\n')
                    .append("cpu cores\t: ").append(t.coresPerSocket()).append('\n')
                    .append("apicid\t\t: ").append(apic).append('\n')
                    .append("initial apicid\t: ").append(apic).append('\n')
                    .append("flags\t\t: ").append(part.flags()).append('\n')
                    .append('\n');
        }
        return sb.toString();
    }
}
