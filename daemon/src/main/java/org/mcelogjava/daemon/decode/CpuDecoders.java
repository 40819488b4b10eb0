package org.mcelogjava.daemon.decode;

import java.util.EnumMap;
import java.util.Map;

/**
 * The decoder for each CPU type, as mcelog's {@code dump_mce} and {@code decode_intel_mc} dispatch:
 * generic types get no decode, K8 its own decoder, AMD Zen the SMCA decoder (not in mcelog), and every Intel type the architectural decoder
 * with its bus-detail and model-specific add-ons. A decoder is built when its type is first
 * used (a run rarely sees more than one or two types); decoders are stateless, the cache is
 * not thread-safe: one instance per decoding run.
 */
public final class CpuDecoders {

    private final Map<CpuType, CpuDecoder> decoders = new EnumMap<>(CpuType.class);

    /** The decoder for {@code type}. */
    public CpuDecoder forType(CpuType type) {
        CpuDecoder decoder = decoders.get(type);
        if (decoder == null) {
            decoder = create(type);
            decoders.put(type, decoder);
        }
        return decoder;
    }

    private static CpuDecoder create(CpuType type) {
        if (type == CpuType.GENERIC) {
            return new GenericDecoder();
        }
        if (type == CpuType.K8) {
            return new K8Decoder();
        }
        if (type == CpuType.SMCA) {
            return new SmcaDecoder();
        }
        return new IntelDecoder(type, busDetail(type), model(type));
    }

    private static ModelDecoder busDetail(CpuType type) {
        return switch (type) {
            case P6OLD -> FsbBusDecoder.p6old();
            case CORE2, DUNNINGTON, NEHALEM, XEON75XX -> FsbBusDecoder.core2();
            case P4, TULSA -> new P4BusDecoder();
            default -> ModelDecoder.NONE;
        };
    }

    private static ModelDecoder model(CpuType type) {
        return switch (type) {
            case NEHALEM -> NehalemDecoder.nehalem();
            case XEON75XX -> NehalemDecoder.xeon7500();
            case DUNNINGTON -> FsbInternalDecoder.dunnington();
            case TULSA -> FsbInternalDecoder.tulsa();
            case SANDY_BRIDGE -> SandyIvyBridgeDecoder.sandyBridge();
            case SANDY_BRIDGE_EP -> SandyIvyBridgeDecoder.sandyBridgeEp();
            case IVY_BRIDGE_EPEX -> SandyIvyBridgeDecoder.ivyBridgeEp();
            case HASWELL_EPEX -> HaswellBroadwellDecoder.haswellEp();
            case BROADWELL_DE -> new BroadwellDeDecoder();
            case BROADWELL_EPEX -> HaswellBroadwellDecoder.broadwellEp();
            case SKYLAKE_XEON -> new SkylakeServerDecoder();
            case ICELAKE_XEON -> IceLakeDecoder.iceLakeServer();
            case ICELAKE_DE -> IceLakeDecoder.iceLakeD();
            case TREMONT_D -> IceLakeDecoder.snowRidge();
            case SAPPHIRERAPIDS, EMERALDRAPIDS -> new SapphireRapidsDecoder();
            case GRANITERAPIDS, SIERRAFOREST, CLEARWATERFOREST -> new GraniteRapidsDecoder();
            case DIAMONDRAPIDS -> new DiamondRapidsDecoder();
            case DENVERTON -> new DenvertonDecoder();
            default -> ModelDecoder.NONE;
        };
    }
}
