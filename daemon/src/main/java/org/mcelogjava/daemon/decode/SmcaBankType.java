package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;

/**
 * The bank types of AMD's Scalable MCA, each identified by the (HardwareID, McaType) pair of its
 * MCA_IPID register, with its unit's name and, for the types a Zen 2 (family 17h model 31h)
 * implements, what each extended error code (MCA_STATUS[21:16], the bit of the bank's MCA_CTL that
 * enables it) means.
 *
 * <p>Sources: the pairs and unit names are those of rasdaemon's {@code smca_hwid_mcatypes} and
 * {@code smca_names} (mce-amd-smca.c) and the kernel's {@code smca_hwid_mcatypes}
 * (arch/x86/kernel/cpu/mce/amd.c); the meaning of each extended error code follows the
 * {@code MCA_CTL_<unit>} register definitions of AMD's "Processor Programming Reference (PPR) for
 * Family 17h Model 31h" (pub. 55803), section "MCA Banks", which rasdaemon's
 * {@code smca_<unit>_mce_desc} tables transcribe; the descriptions here are worded for this project,
 * index for index. Types seen only on other parts (later Zen families, MI-series) are named but their
 * codes are left numeric.
 */
public enum SmcaBankType {
    LS(0xb0, 0x0, "Load Store Unit", List.of(
            "Load queue parity error", "Store queue parity error", "Miss address buffer payload parity error",
            "L1 TLB parity error", "Data cache tag error (type 5)", "Data cache tag error (type 6)",
            "Data cache tag error (type 1)", "Internal error (type 1)", "Internal error (type 2)",
            "System read data error on thread 0", "System read data error on thread 1",
            "Data cache tag error (type 2)", "Data cache data error (type 1, poison consumed)",
            "Data cache data error (type 2)", "Data cache data error (type 3)", "Data cache tag error (type 4)",
            "L2 TLB parity error", "Page directory cache parity error", "Data cache tag error (type 3)",
            "Data cache tag error (type 5)", "L2 fill data error",
            "Store coalescing buffer state or address error", "Store coalescing buffer data error (commit pipe 0)",
            "Store coalescing buffer data error (commit pipe 1)",
            "Store coalescing buffer data error (non-cacheable DRAM or IO)",
            "System read data error seen by the write combining buffer", "Hardware assertion")),
    LS_V2(0xb0, 0x10, "Load Store Unit", List.of()),
    IF(0xb0, 0x1, "Instruction Fetch Unit", List.of(
            "Microtag probe port parity error", "Instruction cache microtag or full tag multi-hit error",
            "Instruction cache full tag parity error", "Instruction cache data array parity error",
            "Prefetch request queue parity error", "L0 ITLB parity error", "L1 TLB parity error",
            "L2 TLB parity error", "Branch prediction queue snoop parity error on thread 0",
            "Branch prediction queue snoop parity error on thread 1", "L1 BTB multi-hit error",
            "L2 BTB multi-hit error", "L2 cache response poison error", "System read data error",
            "Hardware assertion")),
    L2_CACHE(0xb0, 0x2, "L2 Cache", List.of(
            "L2M tag multiple-way-hit error", "L2M tag or state array ECC error", "L2M data array ECC error",
            "Hardware assertion")),
    DE(0xb0, 0x3, "Decode Unit", List.of(
            "Micro-op cache tag array parity error", "Micro-op cache data array parity error",
            "Instruction buffer register file parity error", "Micro-op queue parity error",
            "Instruction dispatch queue parity error", "Fetch address FIFO parity error",
            "Patch RAM data parity error", "Patch RAM sequencer parity error", "Micro-op fetch queue parity error")),
    EX(0xb0, 0x5, "Execution Unit", List.of(
            "Watchdog timeout", "Physical register file parity error", "Flag register file parity error",
            "Immediate displacement register file parity error", "Address generator payload parity error",
            "Execution payload parity error", "Checkpoint queue parity error", "Retire dispatch queue parity error",
            "Retire status queue parity error", "Scheduler queue parity error", "Branch buffer queue parity error")),
    FP(0xb0, 0x6, "Floating Point Unit", List.of(
            "Physical register file parity error", "Freelist parity error", "Schedule queue parity error",
            "Non-scheduling queue parity error", "Retire queue parity error", "Status register file parity error",
            "Hardware assertion")),
    L3_CACHE(0xb0, 0x7, "L3 Cache", List.of(
            "Shadow tag macro ECC error", "Shadow tag macro multi-way-hit error", "L3M tag ECC error",
            "L3M tag multi-way-hit error", "L3M data ECC error", "SDP parity error from XI",
            "L3 victim queue Data Fabric error", "Hardware assertion")),
    CS(0x2e, 0x0, "Coherent Slave", List.of(
            "Illegal request", "Address violation", "Security violation", "Illegal response", "Unexpected response",
            "Request or probe parity error", "Read response parity error", "Atomic request parity error",
            "Probe filter ECC error")),
    PIE(0x2e, 0x1, "Power, Interrupts, etc.", List.of(
            "Hardware assertion", "Register security violation", "Link error", "Poison data consumption",
            "Deferred error in the Data Fabric")),
    CS_V2(0x2e, 0x2, "Coherent Slave", List.of()),
    MA_LLC(0x2e, 0x4, "Memory Attached Last Level Cache", List.of()),
    UMC(0x96, 0x0, "Unified Memory Controller", List.of(
            "DRAM ECC error", "Data poison error on DRAM", "SDP parity error", "Advanced peripheral bus error",
            "Command/address parity error", "Write data CRC error")),
    UMC_V2(0x96, 0x1, "Unified Memory Controller V2", List.of()),
    PB(0x05, 0x0, "Parameter Block", List.of("ECC error in the Parameter Block RAM")),
    PSP(0xff, 0x0, "Platform Security Processor", List.of("ECC or parity error in a PSP RAM")),
    PSP_V2(0xff, 0x1, "Platform Security Processor", List.of()),
    SMU(0x01, 0x0, "System Management Unit", List.of("ECC or parity error in an SMU RAM")),
    SMU_V2(0x01, 0x1, "System Management Unit", List.of()),
    MP5(0x01, 0x2, "Microprocessor 5 Unit", List.of()),
    MPDMA(0x01, 0x3, "MPDMA Unit", List.of()),
    NBIO(0x18, 0x0, "Northbridge IO Unit", List.of(
            "ECC or parity error", "PCIe error", "External SDP error event", "SDP egress poison error",
            "Internal poison error")),
    PCIE(0x46, 0x0, "PCI Express Unit", List.of()),
    PCIE_V2(0x46, 0x1, "PCI Express Unit", List.of()),
    XGMI_PCS(0x50, 0x0, "Ext Global Memory Interconnect PCS Unit", List.of()),
    NBIF(0x6c, 0x0, "NBIF Unit", List.of()),
    SHUB(0x80, 0x0, "System Hub Unit", List.of()),
    SATA(0xa8, 0x0, "SATA Unit", List.of()),
    USB(0xaa, 0x0, "USB Unit", List.of()),
    USR_DP(0x170, 0x0, "Ultra Short Reach Data Plane Controller", List.of()),
    USR_CP(0x180, 0x0, "Ultra Short Reach Control Plane Controller", List.of()),
    GMI_PCS(0x241, 0x0, "Global Memory Interconnect PCS Unit", List.of()),
    XGMI_PHY(0x259, 0x0, "Ext Global Memory Interconnect PHY Unit", List.of()),
    WAFL_PHY(0x267, 0x0, "WAFL PHY Unit", List.of()),
    GMI_PHY(0x269, 0x0, "Global Memory Interconnect PHY Unit", List.of());

    private final int hardwareId;
    private final int mcaType;
    private final String unit;
    private final List<String> descriptions;

    SmcaBankType(int hardwareId, int mcaType, String unit, List<String> descriptions) {
        this.hardwareId = hardwareId;
        this.mcaType = mcaType;
        this.unit = unit;
        this.descriptions = descriptions;
    }

    /** The type whose (HardwareID, McaType) the IPID names, empty when no known type has them. */
    public static Optional<SmcaBankType> of(SmcaIpid ipid) {
        for (SmcaBankType t : values()) {
            if (t.hardwareId == ipid.hardwareId() && t.mcaType == ipid.mcaType()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The unit's name ({@code smca_names}). */
    public String unit() {
        return unit;
    }

    /** What extended error code {@code xec} of this type reports, empty when the table has no entry. */
    public Optional<String> describe(int xec) {
        return xec < descriptions.size() ? Optional.of(descriptions.get(xec)) : Optional.empty();
    }

    /** Whether this is a memory controller of a CPU node (UMC), whose DRAM errors name channel and chip select. */
    public boolean isUmc() {
        return this == UMC;
    }

    /**
     * The one error class of a record from this unit, for every later step: a UMC's DRAM ECC (code 0)
     * or DRAM poison (1) error is {@link ErrorClass#MEMORY}; the core's load-store, fetch, L2 and L3
     * and the memory-attached cache are {@link ErrorClass#CACHE}; the Data Fabric's coherent slave and
     * PIE are {@link ErrorClass#BUS}; NBIO, PCIe and the links are {@link ErrorClass#INTERCONNECT};
     * anything else {@link ErrorClass#UNKNOWN}.
     */
    public ErrorClass errorClass(int xec) {
        return switch (this) {
            case UMC, UMC_V2 -> xec <= 1 ? ErrorClass.MEMORY : ErrorClass.UNKNOWN;
            case LS, LS_V2, IF, L2_CACHE, L3_CACHE, MA_LLC -> ErrorClass.CACHE;
            case CS, CS_V2, PIE -> ErrorClass.BUS;
            case NBIO, PCIE, PCIE_V2, XGMI_PCS, GMI_PCS, XGMI_PHY, GMI_PHY, WAFL_PHY, NBIF, SHUB -> ErrorClass.INTERCONNECT;
            default -> ErrorClass.UNKNOWN;
        };
    }
}
