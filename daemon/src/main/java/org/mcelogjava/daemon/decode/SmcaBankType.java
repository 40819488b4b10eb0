package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The bank types of AMD's Scalable MCA, each identified by the (HardwareID, McaType) pair of its
 * MCA_IPID register, with its unit's name and what each extended error code (MCA_STATUS[21:16], the
 * bit of the bank's MCA_CTL that enables it) means: for the types of a Zen 2 (family 17h model 31h)
 * and those Zen 3 and Zen 4 (family 19h: Milan, Genoa) add or extend (the load-store unit V2, the
 * coherent slave V2, DDR5's UMC codes, later codes of the core's units and the PIE), and the
 * memory-attached last level cache and UMC V2 of AMD's heterogeneous parts. A code means the same in
 * every family that has it, so one table per type serves them all, as in rasdaemon.
 *
 * <p>Sources: the pairs and unit names are those of rasdaemon's {@code smca_hwid_mcatypes} and
 * {@code smca_names} (mce-amd-smca.c) and the kernel's {@code smca_hwid_mcatypes}
 * (arch/x86/kernel/cpu/mce/amd.c); the meaning of each extended error code follows the
 * {@code MCA_CTL_<unit>} register definitions of AMD's "Processor Programming Reference (PPR) for
 * Family 17h Model 31h" (pub. 55803), section "MCA Banks", which rasdaemon's
 * {@code smca_<unit>_mce_desc} tables transcribe; for family 19h the codes follow rasdaemon's
 * {@code smca_ls2_mce_desc}, {@code smca_cs2_mce_desc}, {@code smca_cs2_quirk_mce_desc},
 * {@code smca_umc2_mce_desc}, {@code smca_mall_mce_desc} and the later entries of the other tables
 * (the PPRs for family 19h models 01h and 11h, {@code MCA_CTL_<unit>}, define the same bits).
 * The descriptions here are worded for this project, index for index. On some models a bank's
 * MCA_IPID names a type whose codes it does not report (rasdaemon's {@code fixup_hwid}): Genoa's
 * erratum 1384 (AMD's revision guide for family 19h models 10h-1Fh) gives the coherent slave V2 other
 * codes, and the MI300's UMC (family 19h models 90h-9Fh) is an HBM controller; {@link #of(Mce)} picks
 * {@link #CS_V2_ERRATUM_1384} and {@link #UMC_HBM} there. Types whose tables are long and whose banks
 * a server's memory path does not use (PSP V2, SMU V2, MP5, MPDMA, the xGMI/GMI PCS, the USR
 * controllers) are named but their codes are left numeric; so are the MI300's HBM UMC codes.
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
    LS_V2(0xb0, 0x10, "Load Store Unit", List.of(
            "Data cache ECC error on a read by a probe or victimization",
            "Data cache ECC error or L2 poison on a read by a load",
            "Data cache ECC error on a read-modify-write by a store",
            "Tag ECC error or poison mismatch on a read by a probe or victimization",
            "Tag ECC error or poison mismatch on a read by a load",
            "Tag ECC error or poison mismatch on a read by a store",
            "EMEM ECC error on a read by a load", "EMEM ECC error on a read-modify-write by a store",
            "L1 TLB entry parity error", "L2 TLB entry parity error", "Page walk cache entry parity error",
            "Store queue entry parity error", "Load queue entry parity error",
            "Miss address buffer entry parity error", "Store coalescing buffer state field parity error",
            "Store coalescing buffer address field parity error", "Store coalescing buffer data field parity error",
            "Write combining buffer entry parity error", "Poisoned line in a store coalescing buffer entry",
            "System read data error on L2 read data for a load",
            "System read data error on L2 read data for a store coalescing buffer store",
            "System read data error on L2 read data for a write combining buffer store", "Hardware assertion",
            "Parity error in store-to-load forwarding, an SCB EMEM entry, a store data mask or store data")),
    IF(0xb0, 0x1, "Instruction Fetch Unit", List.of(
            "Microtag probe port parity error", "Instruction cache microtag or full tag multi-hit error",
            "Instruction cache full tag parity error", "Instruction cache data array parity error",
            "Prefetch request queue parity error", "L0 ITLB parity error", "L1 TLB parity error",
            "L2 TLB parity error", "Branch prediction queue snoop parity error on thread 0",
            "Branch prediction queue snoop parity error on thread 1", "L1 BTB multi-hit error",
            "L2 BTB multi-hit error", "L2 cache response poison error", "System read data error",
            "Hardware assertion", "L1 TLB multi-hit error", "L2 TLB multi-hit error", "BSR parity error",
            "CT machine check")),
    L2_CACHE(0xb0, 0x2, "L2 Cache", List.of(
            "L2M tag multiple-way-hit error", "L2M tag or state array ECC error", "L2M data array ECC error",
            "Hardware assertion", "SDP read response parity error",
            "Error raised by the programmable state machine")),
    DE(0xb0, 0x3, "Decode Unit", List.of(
            "Micro-op cache tag array parity error", "Micro-op cache data array parity error",
            "Instruction buffer register file parity error", "Micro-op queue parity error",
            "Instruction dispatch queue parity error", "Fetch address FIFO parity error",
            "Patch RAM data parity error", "Patch RAM sequencer parity error", "Micro-op fetch queue parity error",
            "Hardware assertion")),
    EX(0xb0, 0x5, "Execution Unit", List.of(
            "Watchdog timeout", "Physical register file parity error", "Flag register file parity error",
            "Immediate displacement register file parity error", "Address generator payload parity error",
            "Execution payload parity error", "Checkpoint queue parity error", "Retire dispatch queue parity error",
            "Retire status queue parity error", "Scheduler queue parity error", "Branch buffer queue parity error",
            "Hardware assertion", "Speculative map parity error", "Retire map parity error")),
    FP(0xb0, 0x6, "Floating Point Unit", List.of(
            "Physical register file parity error", "Freelist parity error", "Schedule queue parity error",
            "Non-scheduling queue parity error", "Retire queue parity error", "Status register file parity error",
            "Hardware assertion", "Mask (K) register file parity error")),
    L3_CACHE(0xb0, 0x7, "L3 Cache", List.of(
            "Shadow tag macro ECC error", "Shadow tag macro multi-way-hit error", "L3M tag ECC error",
            "L3M tag multi-way-hit error", "L3M data ECC error", "SDP parity error from XI",
            "L3 victim queue Data Fabric error", "Hardware assertion",
            "Poison created on a parity error in the XI write combining buffer",
            "Machine check raised by a DSM action")),
    CS(0x2e, 0x0, "Coherent Slave", List.of(
            "Illegal request", "Address violation", "Security violation", "Illegal response", "Unexpected response",
            "Request or probe parity error", "Read response parity error", "Atomic request parity error",
            "Probe filter ECC error")),
    PIE(0x2e, 0x1, "Power, Interrupts, etc.", List.of(
            "Hardware assertion", "Register security violation", "Link error", "Poison data consumption",
            "Deferred error in the Data Fabric", "Watchdog timer expired", "SRAM ECC error in the CNLI block",
            "Register access while the Data Fabric is in a C-state", "DSM error")),
    CS_V2(0x2e, 0x2, "Coherent Slave", List.of(
            "Illegal request", "Address violation", "Security violation", "Illegal response", "Unexpected response",
            "Request or probe parity error", "Read response parity error", "Atomic request parity error",
            "SDP read response without a match in the coherent slave queue", "Probe filter protocol error",
            "Probe filter ECC error", "SDP read response with an unexpected retry",
            "Counter overflow", "Counter underflow", "Illegal request on the no-data channel",
            "Address violation on the no-data channel", "Security violation on the no-data channel",
            "Hardware assertion", "Shadow tag array protocol error", "Shadow tag ECC error",
            "Shadow tag transaction error")),
    /** The coherent slave V2 of the parts Genoa's erratum 1384 names: no MCA_IPID of its own ({@link #of(Mce)}). */
    CS_V2_ERRATUM_1384(-1, -1, "Coherent Slave", List.of(
            "Illegal request", "Address violation", "Security violation", "Illegal response", "Unexpected response",
            "Request or probe parity error", "Read response parity error", "Atomic request parity error",
            "SDP read response without a match in the coherent slave queue",
            "SDP read response with an unexpected retry", "Counter overflow", "Counter underflow",
            "Probe filter protocol error", "Probe filter ECC error", "Illegal request on the no-data channel",
            "Address violation on the no-data channel", "Security violation on the no-data channel",
            "Hardware assertion")),
    MA_LLC(0x2e, 0x4, "Memory Attached Last Level Cache", List.of(
            "Counter overflow", "Counter underflow", "Write data parity error", "Read response parity error",
            "Cache tag ECC error (macro 0)", "Cache tag ECC error (macro 1)", "Cache data ECC error")),
    UMC(0x96, 0x0, "Unified Memory Controller", List.of(
            "DRAM ECC error", "Data poison error on DRAM", "SDP parity error", "Advanced peripheral bus error",
            "Command/address parity error", "Write data CRC error", "DCQ SRAM ECC error", "AES SRAM ECC error",
            "ECS row error", "ECS error", "UMC throttling error", "Read CRC error", "Reserved", "Reserved",
            "Reserved", "Reserved", "RFM SRAM ECC error")),
    /**
     * The UMC of an MI300 (rasdaemon's {@code SMCA_UMC_QUIRK}), an HBM controller: no MCA_IPID of its own
     * ({@link #of(Mce)}); codes left numeric, and no DDR channel or chip select ({@link #isUmc()} is false).
     */
    UMC_HBM(-1, -1, "Unified Memory Controller", List.of()),
    UMC_V2(0x96, 0x1, "Unified Memory Controller V2", List.of(
            "DRAM ECC error", "Data poison error", "SDP parity error", "Reserved", "Command/address parity error",
            "Write data parity error", "DCQ SRAM ECC error", "Reserved", "Read data parity error",
            "RDB SRAM ECC error", "Read response SRAM ECC error", "LM32 microprocessor error")),
    PB(0x05, 0x0, "Parameter Block", List.of("ECC error in the Parameter Block RAM")),
    PSP(0xff, 0x0, "Platform Security Processor", List.of("ECC or parity error in a PSP RAM")),
    PSP_V2(0xff, 0x1, "Platform Security Processor", List.of()),
    SMU(0x01, 0x0, "System Management Unit", List.of("ECC or parity error in an SMU RAM")),
    SMU_V2(0x01, 0x1, "System Management Unit", List.of()),
    MP5(0x01, 0x2, "Microprocessor 5 Unit", List.of()),
    MPDMA(0x01, 0x3, "MPDMA Unit", List.of()),
    NBIO(0x18, 0x0, "Northbridge IO Unit", List.of(
            "ECC or parity error", "PCIe error", "External SDP error event", "SDP egress poison error",
            "Internal poison error", "Internal system fatal error event")),
    PCIE(0x46, 0x0, "PCI Express Unit", List.of(
            "CCIX PER message logged", "CCIX read response with a non-data error status",
            "CCIX write response with a non-data error status", "CCIX read response with a data error status",
            "CCIX write response not okay, with a data error")),
    PCIE_V2(0x46, 0x1, "PCI Express Unit", List.of("SDP data parity error")),
    XGMI_PCS(0x50, 0x0, "Ext Global Memory Interconnect PCS Unit", List.of()),
    NBIF(0x6c, 0x0, "NBIF Unit", SharedCodes.NBIF_SHUB),
    SHUB(0x80, 0x0, "System Hub Unit", SharedCodes.NBIF_SHUB),
    SATA(0xa8, 0x0, "SATA Unit", List.of(
            "Parity error on port 0", "Parity error on port 1", "Parity error on port 2", "Parity error on port 3",
            "Parity error on port 4", "Parity error on port 5", "Parity error on port 6", "Parity error on port 7")),
    USB(0xaa, 0x0, "USB Unit", List.of(
            "Parity or ECC error in S0 RAM 0", "Parity or ECC error in S0 RAM 1", "Parity or ECC error in S0 RAM 2",
            "Parity error in PHY RAM 0", "Parity error in PHY RAM 1", "AXI slave response error")),
    USR_DP(0x170, 0x0, "Ultra Short Reach Data Plane Controller", List.of()),
    USR_CP(0x180, 0x0, "Ultra Short Reach Control Plane Controller", List.of()),
    GMI_PCS(0x241, 0x0, "Global Memory Interconnect PCS Unit", List.of()),
    XGMI_PHY(0x259, 0x0, "Ext Global Memory Interconnect PHY Unit", SharedCodes.PHY),
    WAFL_PHY(0x267, 0x0, "WAFL PHY Unit", SharedCodes.PHY),
    GMI_PHY(0x269, 0x0, "Global Memory Interconnect PHY Unit", SharedCodes.PHY);

    /** Tables two or more types share (rasdaemon: NBIF and SHUB; the three PHYs). */
    private static final class SharedCodes {
        static final List<String> NBIF_SHUB = List.of("Timeout error from GMI", "SRAM ECC error", "NTB error event",
                "SDP parity error");
        static final List<String> PHY = List.of("RAM ECC error", "ARC instruction buffer parity error",
                "ARC data buffer parity error", "PHY APB error");
    }

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

    /**
     * A model whose banks of type {@code named} report the codes of {@code actual} (rasdaemon's
     * {@code fixup_hwid}). Family and model are AMD's (base plus extended family, extended model above
     * base model), not mcelog's {@code parse_cpuid}.
     */
    private record Fixup(int family, int firstModel, int lastModel, SmcaBankType named, SmcaBankType actual) {

        boolean applies(SmcaBankType type, long cpuid) {
            int family = (int) (cpuid >>> 8) & 0xf;
            if (family == 0xf) {
                family += (int) (cpuid >>> 20) & 0xff;
            }
            int model = (int) ((cpuid >>> 4) & 0xf | ((cpuid >>> 16) & 0xf) << 4);
            return type == named && family == this.family && model >= firstModel && model <= lastModel;
        }
    }

    /** rasdaemon's {@code fixup_hwid}: Genoa's erratum 1384 on the parts it lists, the MI300's HBM UMC. */
    private static final List<Fixup> FIXUPS = List.of(
            new Fixup(0x19, 0x10, 0x1f, CS_V2, CS_V2_ERRATUM_1384),
            new Fixup(0x19, 0x60, 0x7b, CS_V2, CS_V2_ERRATUM_1384),
            new Fixup(0x19, 0xa0, 0xaf, CS_V2, CS_V2_ERRATUM_1384),
            new Fixup(0x19, 0x90, 0x9f, UMC, UMC_HBM),
            new Fixup(0x1a, 0x40, 0x4f, CS_V2, CS_V2_ERRATUM_1384));

    /**
     * The type of the bank that logged {@code m}: the one its MCA_IPID names ({@link #of(SmcaIpid)}),
     * unless the CPU's model is one of {@link #FIXUPS}, whose bank of that type reports another's codes.
     */
    public static Optional<SmcaBankType> of(Mce m) {
        Optional<SmcaBankType> named = of(SmcaIpid.parse(m.ipid()));
        if (named.isPresent()) {
            for (Fixup f : FIXUPS) {
                if (f.applies(named.get(), m.cpuid())) {
                    return Optional.of(f.actual());
                }
            }
        }
        return named;
    }

    /** Every type, once: {@code values()} copies its array at each call, and this is asked per record. */
    private static final SmcaBankType[] ALL = values();

    /** The type whose (HardwareID, McaType) the IPID names, empty when no known type has them. */
    public static Optional<SmcaBankType> of(SmcaIpid ipid) {
        for (SmcaBankType t : ALL) {
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
            case UMC, UMC_V2, UMC_HBM -> xec <= 1 ? ErrorClass.MEMORY : ErrorClass.UNKNOWN;
            case LS, LS_V2, IF, L2_CACHE, L3_CACHE, MA_LLC -> ErrorClass.CACHE;
            case CS, CS_V2, CS_V2_ERRATUM_1384, PIE -> ErrorClass.BUS;
            case NBIO, PCIE, PCIE_V2, XGMI_PCS, GMI_PCS, XGMI_PHY, GMI_PHY, WAFL_PHY, NBIF, SHUB -> ErrorClass.INTERCONNECT;
            default -> ErrorClass.UNKNOWN;
        };
    }
}
