package org.mcelogjava.daemon.decode;

/**
 * The fields of an SMCA bank's MCA_IPID register (AMD PPR for Family 17h, {@code MCA_IPID_<unit>}):
 * McaType in bits 63:48, InstanceIdHi in 47:44, HardwareID in 43:32, InstanceId in 31:0.
 *
 * @param mcaType    the unit's type within its hardware block
 * @param hardwareId the hardware block (0xB0 core, 0x2E Data Fabric, 0x96 UMC, ...)
 * @param instanceHi high instance bits (a node index on multi-node parts)
 * @param instanceId which instance of the unit
 */
public record SmcaIpid(int mcaType, int hardwareId, int instanceHi, long instanceId) {

    /** Splits an MCA_IPID value. */
    public static SmcaIpid parse(long ipid) {
        return new SmcaIpid((int) (ipid >>> 48) & 0xffff, (int) (ipid >>> 32) & 0xfff, (int) (ipid >>> 44) & 0xf,
                ipid & 0xffffffffL);
    }

    /**
     * The UMC channel a UMC bank serves: InstanceId bits 31:20, as the kernel's
     * {@code find_umc_channel} (drivers/edac/amd64_edac.c) and rasdaemon read it.
     */
    public int umcChannel() {
        return (int) (instanceId >>> 20);
    }
}
