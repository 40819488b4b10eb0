package org.mcelogjava.daemon.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mcelog's {@code parse_dimm_addr}: the socket, channel and DIMM a BIOS wrote into a memory device's
 * bank locator, in the forms mcelog knows: {@code ..._Node0_Channel1_Dimm2} (from the first
 * underscore), {@code NODE 0 CHANNEL 1 DIMM 2}, and the AMI forms {@code Node0_Bank0} and
 * {@code A1_BANK0}, which name no channel (mcelog keeps the one it parsed last).
 */
final class BankLocator {

    private static final Pattern NODE_CHANNEL_DIMM = Pattern.compile("_Node(\\d+)_Channel(\\d+)_Dimm(\\d+)");
    private static final Pattern SPACED = Pattern.compile("NODE\\s*(\\d+)\\s*CHANNEL\\s*(\\d+)\\s*DIMM\\s*(\\d+)");
    private static final Pattern AMI_NODE = Pattern.compile("Node(\\d+)_Bank(\\d+)");
    private static final Pattern AMI_OLD = Pattern.compile("A(\\d+)_BANK(\\d+)");

    private BankLocator() {
    }

    /**
     * @param previousChannel the channel of the last locator parsed (0 before the first)
     * @return the site, or empty when the locator is in no known form
     */
    static Optional<MemoryErrorSite> parse(String bl, int previousChannel) {
        if (bl == null) {
            return Optional.empty();
        }
        int underscore = bl.indexOf('_');
        Matcher m = NODE_CHANNEL_DIMM.matcher(bl.substring(underscore < 0 ? bl.length() : underscore));
        if (m.lookingAt() || (m = SPACED.matcher(bl)).lookingAt()) {
            return site(m.group(1), m.group(2), m.group(3));
        }
        if ((m = AMI_NODE.matcher(bl)).lookingAt() || (m = AMI_OLD.matcher(bl)).lookingAt()) {
            return site(m.group(1), Integer.toString(previousChannel), m.group(2));
        }
        return Optional.empty();
    }

    private static Optional<MemoryErrorSite> site(String socket, String channel, String dimm) {
        try {
            return Optional.of(new MemoryErrorSite(Integer.parseInt(socket), Integer.parseInt(channel),
                    Integer.parseInt(dimm)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a number holds
        }
    }
}
