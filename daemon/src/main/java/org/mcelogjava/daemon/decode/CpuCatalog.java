package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * mcelog's CPU name and model tables ({@code cputype.table}, expanded by mcelog's build into
 * {@code lookup_intel_cputype} and {@code cpu_choices[]}): the names {@code --cpu} accepts, in
 * the order mcelog lists them, and the Intel model numbers (family 6 models, or
 * {@code family << 8 | model} for families above 15).
 */
public final class CpuCatalog {

    /** One {@code --cpu} name. */
    public record CpuName(String name, CpuType type) { }

    private static final List<CpuName> NAMES = List.of(
            n("generic", CpuType.GENERIC), n("k8", CpuType.K8), n("intel", CpuType.INTEL),
            n("p4", CpuType.P4), n("xeon5000", CpuType.P4), n("xeon7100", CpuType.P4),
            n("tulsa", CpuType.TULSA), n("xeon7100", CpuType.TULSA), n("xeon71xx", CpuType.TULSA),
            n("alderlake", CpuType.ALDERLAKE), n("arrowlake", CpuType.ARROWLAKE), n("atom", CpuType.ATOM),
            n("broadwell", CpuType.BROADWELL), n("broadwell-d", CpuType.BROADWELL_DE),
            n("broadwell-ep", CpuType.BROADWELL_EPEX), n("broadwell-ex", CpuType.BROADWELL_EPEX),
            n("xeon-v4", CpuType.BROADWELL_EPEX), n("clearwaterforest", CpuType.CLEARWATERFOREST),
            n("cometlake", CpuType.COMETLAKE), n("core2", CpuType.CORE2), n("xeon3100", CpuType.CORE2),
            n("xeon3200", CpuType.CORE2), n("xeon5100", CpuType.CORE2), n("xeon5200", CpuType.CORE2),
            n("xeon7200", CpuType.CORE2), n("denverton", CpuType.DENVERTON),
            n("diamond_rapids", CpuType.DIAMONDRAPIDS), n("dunnington", CpuType.DUNNINGTON),
            n("xeon7400", CpuType.DUNNINGTON), n("xeon74xx", CpuType.DUNNINGTON),
            n("emeraldrapids_server", CpuType.EMERALDRAPIDS), n("grandridge", CpuType.GRANDRIDGE),
            n("graniterapids", CpuType.GRANITERAPIDS), n("haswell-ep", CpuType.HASWELL),
            n("haswell-ex", CpuType.HASWELL), n("xeon-v3", CpuType.HASWELL),
            n("haswell", CpuType.HASWELL_EPEX), n("icelake", CpuType.ICELAKE),
            n("icelake-d", CpuType.ICELAKE_DE), n("icelake_server", CpuType.ICELAKE_XEON),
            n("ivybridge-ep", CpuType.IVY_BRIDGE), n("ivybridge-ex", CpuType.IVY_BRIDGE),
            n("xeon-v2", CpuType.IVY_BRIDGE), n("ivybridge", CpuType.IVY_BRIDGE_EPEX),
            n("kabylake", CpuType.KABYLAKE), n("knightslanding", CpuType.KNIGHTS_LANDING),
            n("knightsmill", CpuType.KNIGHTS_MILL), n("lakefield", CpuType.LAKEFIELD),
            n("lunarlake", CpuType.LUNARLAKE), n("meteorlake", CpuType.METEORLAKE),
            n("core_i3", CpuType.NEHALEM), n("core_i5", CpuType.NEHALEM), n("core_i7", CpuType.NEHALEM),
            n("nehalem", CpuType.NEHALEM), n("westmere", CpuType.NEHALEM), n("xeon5500", CpuType.NEHALEM),
            n("p6old", CpuType.P6OLD), n("pantherlake", CpuType.PANTHERLAKE),
            n("raptorlake", CpuType.RAPTORLAKE), n("rocketlake", CpuType.ROCKETLAKE),
            n("sandybridge", CpuType.SANDY_BRIDGE), n("sandybridge-ep", CpuType.SANDY_BRIDGE_EP),
            n("sapphirerapids_server", CpuType.SAPPHIRERAPIDS), n("sierraforest", CpuType.SIERRAFOREST),
            n("skylake", CpuType.SKYLAKE), n("cascadelake_server", CpuType.SKYLAKE_XEON),
            n("skylake_server", CpuType.SKYLAKE_XEON), n("tigerlake", CpuType.TIGERLAKE),
            n("snowridge", CpuType.TREMONT_D), n("wildcatlake", CpuType.WILDCATLAKE),
            n("xeon7500", CpuType.XEON75XX), n("xeon75xx", CpuType.XEON75XX));

    private static final Map<Integer, CpuType> MODELS = Map.ofEntries(
            Map.entry(0x97, CpuType.ALDERLAKE), Map.entry(0x9a, CpuType.ALDERLAKE), Map.entry(0xbe, CpuType.ALDERLAKE),
            Map.entry(0xb5, CpuType.ARROWLAKE), Map.entry(0xc5, CpuType.ARROWLAKE), Map.entry(0xc6, CpuType.ARROWLAKE),
            Map.entry(0x1c, CpuType.ATOM), Map.entry(0x26, CpuType.ATOM), Map.entry(0x27, CpuType.ATOM),
            Map.entry(0x35, CpuType.ATOM), Map.entry(0x36, CpuType.ATOM), Map.entry(0x37, CpuType.ATOM),
            Map.entry(0x4a, CpuType.ATOM), Map.entry(0x4c, CpuType.ATOM), Map.entry(0x4d, CpuType.ATOM),
            Map.entry(0x5a, CpuType.ATOM), Map.entry(0x5d, CpuType.ATOM),
            Map.entry(0x3d, CpuType.BROADWELL), Map.entry(0x47, CpuType.BROADWELL),
            Map.entry(0x56, CpuType.BROADWELL_DE), Map.entry(0x4f, CpuType.BROADWELL_EPEX),
            Map.entry(0xdd, CpuType.CLEARWATERFOREST),
            Map.entry(0xa5, CpuType.COMETLAKE), Map.entry(0xa6, CpuType.COMETLAKE),
            Map.entry(0x0f, CpuType.CORE2), Map.entry(0x17, CpuType.CORE2),
            Map.entry(0x5f, CpuType.DENVERTON), Map.entry(0x1301, CpuType.DIAMONDRAPIDS),
            Map.entry(0x1d, CpuType.DUNNINGTON), Map.entry(0xcf, CpuType.EMERALDRAPIDS),
            Map.entry(0xb6, CpuType.GRANDRIDGE),
            Map.entry(0xad, CpuType.GRANITERAPIDS), Map.entry(0xae, CpuType.GRANITERAPIDS),
            Map.entry(0x3c, CpuType.HASWELL), Map.entry(0x45, CpuType.HASWELL), Map.entry(0x46, CpuType.HASWELL),
            Map.entry(0x3f, CpuType.HASWELL_EPEX),
            Map.entry(0x7d, CpuType.ICELAKE), Map.entry(0x7e, CpuType.ICELAKE), Map.entry(0x9d, CpuType.ICELAKE),
            Map.entry(0x6c, CpuType.ICELAKE_DE), Map.entry(0x6a, CpuType.ICELAKE_XEON),
            Map.entry(0x3a, CpuType.IVY_BRIDGE), Map.entry(0x3e, CpuType.IVY_BRIDGE_EPEX),
            Map.entry(0x8e, CpuType.KABYLAKE), Map.entry(0x9e, CpuType.KABYLAKE),
            Map.entry(0x57, CpuType.KNIGHTS_LANDING), Map.entry(0x85, CpuType.KNIGHTS_MILL),
            Map.entry(0x8a, CpuType.LAKEFIELD), Map.entry(0xbd, CpuType.LUNARLAKE),
            Map.entry(0xac, CpuType.METEORLAKE), Map.entry(0xaa, CpuType.METEORLAKE),
            Map.entry(0x1a, CpuType.NEHALEM), Map.entry(0x2c, CpuType.NEHALEM),
            Map.entry(0x1e, CpuType.NEHALEM), Map.entry(0x25, CpuType.NEHALEM),
            Map.entry(0x00, CpuType.P6OLD), Map.entry(0x01, CpuType.P6OLD), Map.entry(0x02, CpuType.P6OLD),
            Map.entry(0x03, CpuType.P6OLD), Map.entry(0x04, CpuType.P6OLD), Map.entry(0x05, CpuType.P6OLD),
            Map.entry(0x06, CpuType.P6OLD), Map.entry(0x07, CpuType.P6OLD), Map.entry(0x08, CpuType.P6OLD),
            Map.entry(0x09, CpuType.P6OLD), Map.entry(0x0a, CpuType.P6OLD), Map.entry(0x0b, CpuType.P6OLD),
            Map.entry(0x0c, CpuType.P6OLD), Map.entry(0x0d, CpuType.P6OLD), Map.entry(0x0e, CpuType.P6OLD),
            Map.entry(0xcc, CpuType.PANTHERLAKE),
            Map.entry(0xb7, CpuType.RAPTORLAKE), Map.entry(0xba, CpuType.RAPTORLAKE), Map.entry(0xbf, CpuType.RAPTORLAKE),
            Map.entry(0xa7, CpuType.ROCKETLAKE),
            Map.entry(0x2a, CpuType.SANDY_BRIDGE), Map.entry(0x2d, CpuType.SANDY_BRIDGE_EP),
            Map.entry(0x8f, CpuType.SAPPHIRERAPIDS), Map.entry(0xaf, CpuType.SIERRAFOREST),
            Map.entry(0x4e, CpuType.SKYLAKE), Map.entry(0x5e, CpuType.SKYLAKE),
            Map.entry(0x55, CpuType.SKYLAKE_XEON),
            Map.entry(0x8c, CpuType.TIGERLAKE), Map.entry(0x8d, CpuType.TIGERLAKE),
            Map.entry(0x86, CpuType.TREMONT_D), Map.entry(0xd5, CpuType.WILDCATLAKE),
            Map.entry(0x2e, CpuType.XEON75XX), Map.entry(0x2f, CpuType.XEON75XX));

    private CpuCatalog() {
    }

    private static CpuName n(String name, CpuType type) {
        return new CpuName(name, type);
    }

    /** Every {@code --cpu} name in mcelog's order (with mcelog's duplicate {@code xeon7100}). */
    public static List<CpuName> names() {
        return NAMES;
    }

    /** {@code lookup_cputype}: the first name equal ignoring case. */
    public static Optional<CpuType> byName(String name) {
        for (CpuName n : NAMES) {
            if (n.name().equalsIgnoreCase(name)) {
                return Optional.of(n.type());
            }
        }
        return Optional.empty();
    }

    /** {@code lookup_intel_cputype}: the type of a model key, if the table knows it. */
    public static Optional<CpuType> byModel(int modelKey) {
        return Optional.ofNullable(MODELS.get(modelKey));
    }
}
