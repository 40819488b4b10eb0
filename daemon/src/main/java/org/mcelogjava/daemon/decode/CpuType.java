package org.mcelogjava.daemon.decode;

/**
 * The CPU types mcelog distinguishes ({@code enum cputype} generated from mcelog's
 * {@code cputype.table}), in mcelog's order: every type from {@link #INTEL} on is decoded with the
 * Intel architectural decoder, {@link #K8} with the AMD K8 decoder, {@link #SMCA} (mcelog-java's addition) with the SMCA decoder and {@link #GENERIC} not at all.
 * The display names are the ones mcelog prints in its "Forced cputype" warning; some of them are
 * swapped in mcelog itself (Haswell, Ivy Bridge, Sandy Bridge) and are kept that way.
 */
public enum CpuType {
    GENERIC("generic CPU"),
    K8("AMD K8 and derivates"),
    /** Not in mcelog: AMD family 17h and later (Zen) with Scalable MCA, decoded by {@link SmcaDecoder}. */
    SMCA("AMD Scalable MCA (Zen)"),
    INTEL("Intel generic architectural MCA"),
    P4("Intel P4"),
    TULSA("Intel Xeon 7100 series"),
    ALDERLAKE("Alderlake"),
    ARROWLAKE("Arrowlake"),
    ATOM("ATOM"),
    BROADWELL("Broadwell"),
    BROADWELL_DE("Intel Xeon (Broadwell) D family"),
    BROADWELL_EPEX("Intel Xeon v4 (Broadwell) EP/EX"),
    CLEARWATERFOREST("Clearwaterforest"),
    COMETLAKE("Cometlake"),
    CORE2("Intel Core"),
    DENVERTON("Denverton"),
    DIAMONDRAPIDS("Diamond Rapids"),
    DUNNINGTON("Intel Xeon 7400 series"),
    EMERALDRAPIDS("Emeraldrapids server"),
    GRANDRIDGE("Grandridge"),
    GRANITERAPIDS("Graniterapids"),
    HASWELL("Intel Xeon v3 (Haswell) EP/EX"),
    HASWELL_EPEX("Haswell"),
    ICELAKE("Icelake server D Family"),
    ICELAKE_DE("Icelake"),
    ICELAKE_XEON("Icelake server"),
    IVY_BRIDGE("Intel Xeon v2 (Ivy Bridge) EP/EX"),
    IVY_BRIDGE_EPEX("Ivy Bridge"),
    KABYLAKE("Kabylake"),
    KNIGHTS_LANDING("Knights Landing"),
    KNIGHTS_MILL("Knights Mill"),
    LAKEFIELD("Lakefield"),
    LUNARLAKE("Lunarlake"),
    METEORLAKE("Meteorlake"),
    NEHALEM("Intel Xeon 5500 series / Core i3/5/7 (\"Nehalem/Westmere\")"),
    P6OLD("Intel PPro/P2/P3/old Xeon"),
    PANTHERLAKE("Pantherlake"),
    RAPTORLAKE("Raptorlake"),
    ROCKETLAKE("Rocketlake"),
    SANDY_BRIDGE("Sandy Bridge EP"),
    SANDY_BRIDGE_EP("Sandy Bridge"),
    SAPPHIRERAPIDS("Sapphirerapids server"),
    SIERRAFOREST("Sierraforest"),
    SKYLAKE("Skylake"),
    SKYLAKE_XEON("Skylake server"),
    TIGERLAKE("Tigerlake"),
    TREMONT_D("Tremont microserver"),
    WILDCATLAKE("Wildcatlake"),
    XEON75XX("Intel Xeon 7500 series");

    private final String displayName;

    CpuType(String displayName) {
        this.displayName = displayName;
    }

    /** The name mcelog prints for this type ({@code cputype_name[]}). */
    public String displayName() {
        return displayName;
    }

    /** Whether records of this type go through the Intel decoder ({@code cputype >= CPU_INTEL}). */
    public boolean isIntel() {
        return compareTo(INTEL) >= 0;
    }
}
