package org.mcelogjava.protocol.mce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MceCodecTest {

    /** The values packed into the golden fixtures (see src/test/resources/mce/README.md). */
    static final Mce ALL_FIELDS = Mce.builder()
            .status(0x9c00_0040_0001_0091L).misc(0x1122334455667788L).addr(0x0000_0012_3456_7000L)
            .mcgstatus(0x5).ip(0xffffffff81234567L).tsc(0x0102030405060708L).time(1700000000L)
            .cpuvendor(0).injectFlags(0x9).severity(6).cpuid(0x50654)
            .cs(0x10).bank(7).cpu(3).finished(1)
            .extcpu(259).socketid(1).apicid(0x41).mcgcap(0x0f000c14L)
            .synd(0xa5a5a5a5a5a5a5a5L).ipid(0x001000b000000000L).ppin(0xdeadbeefcafef00dL)
            .microcode(0x2006e05).kflags(0x4)
            .build();

    static byte[] golden(String name) throws IOException {
        try (InputStream in = MceCodecTest.class.getResourceAsStream("/mce/" + name)) {
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s+", "");
            return HexFormat.of().parseHex(hex);
        }
    }

    @Test
    void encodesEveryFieldAtItsOffsetIn128Bytes() throws IOException {
        assertArrayEquals(golden("all-fields-128.hex"), MceCodec.encode(ALL_FIELDS, MceLayout.SIZE));
    }

    @Test
    void decodesEveryFieldFromItsOffsetIn128Bytes() throws IOException {
        assertEquals(ALL_FIELDS, MceCodec.decode(golden("all-fields-128.hex")));
    }

    @Test
    void the3xLengthCarriesTheFieldsUpToMcgcapAndNothingElse() throws IOException {
        byte[] old = golden("all-fields-88.hex");
        assertArrayEquals(old, MceCodec.encode(ALL_FIELDS, MceLayout.LEN_3X));

        Mce decoded = MceCodec.decode(old);
        Mce expected = ALL_FIELDS.toBuilder().synd(0).ipid(0).ppin(0).microcode(0).kflags(0).build();
        assertEquals(expected, decoded);
    }

    @Test
    void aLongerRecordFromANewerKernelIsDecodedAndItsExtraBytesIgnored() throws IOException {
        byte[] newer = golden("all-fields-136.hex");
        assertEquals(ALL_FIELDS, MceCodec.decode(newer));
        assertEquals(8, MceLayout.ignoredBytes(newer.length));
        assertEquals(0, MceLayout.ignoredBytes(MceLayout.SIZE));
    }

    @Test
    void encodingAt136WritesTheCurrentLayoutThenZeros() throws IOException {
        byte[] expected = Arrays.copyOf(golden("all-fields-128.hex"), 136);
        assertArrayEquals(expected, MceCodec.encode(ALL_FIELDS, 136));
    }

    @ParameterizedTest
    @ValueSource(ints = {88, 96, 104, 112, 120, 128, 136})
    void eachHistoricalLengthKeepsExactlyTheFieldsThatFit(int length) {
        Mce decoded = MceCodec.decode(MceCodec.encode(ALL_FIELDS, length));
        for (MceField field : MceField.values()) {
            long original = ALL_FIELDS.get(field);
            long expected = field.presentIn(length) ? original : 0;
            assertEquals(expected, decoded.get(field), field + " at record length " + length);
        }
    }

    @Test
    void aLengthThatCutsAFieldKeepsTheBytesItHas() {
        // dev_mce_write copies min(usize, 128) bytes into a zeroed record: 90 bytes carry the low
        // two bytes of synd.
        Mce decoded = MceCodec.decode(MceCodec.encode(ALL_FIELDS, 90));
        assertEquals(0xa5a5L, decoded.synd());
        assertEquals(ALL_FIELDS.mcgcap(), decoded.mcgcap());
    }

    @Test
    void decodesAtAnOffsetInsideABatch() {
        byte[] batch = new byte[3 * 128];
        Mce second = ALL_FIELDS.toBuilder().bank(2).extcpu(1).build();
        MceCodec.encode(ALL_FIELDS, batch, 0, 128);
        MceCodec.encode(second, batch, 128, 128);
        assertEquals(ALL_FIELDS, MceCodec.decode(batch, 0, 128));
        assertEquals(second, MceCodec.decode(batch, 128, 128));
        assertEquals(Mce.EMPTY, MceCodec.decode(batch, 256, 128));
    }

    @Test
    void rejectsARecordThatRunsPastTheBuffer() {
        assertThrows(IndexOutOfBoundsException.class, () -> MceCodec.decode(new byte[200], 100, 128));
        assertThrows(IndexOutOfBoundsException.class, () -> MceCodec.encode(ALL_FIELDS, new byte[100], 0, 128));
    }

    @Test
    void unsignedFieldsKeepTheirHighBits() {
        Mce max = Mce.builder().status(-1L).cpuvendor(0xff).cpuid(0xffff_ffffL).extcpu(0xffff_ffffL)
                .microcode(0xffff_ffffL).bank(0xff).build();
        Mce back = MceCodec.decode(MceCodec.encode(max, 128));
        assertEquals(max, back);
        assertEquals(0xffff_ffffL, back.cpuid());
        assertEquals(0xff, back.bank());
    }

    @Test
    void rejectsValuesThatDoNotFitTheirCType() {
        assertThrows(IllegalArgumentException.class, () -> Mce.builder().bank(256).build());
        assertThrows(IllegalArgumentException.class, () -> Mce.builder().cpu(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Mce.builder().extcpu(1L << 32).build());
    }

    @Test
    void fieldTableHasNoGapsOrOverlapsBesideTheKnownPadding() {
        int expectedOffset = 0;
        for (MceField field : MceField.values()) {
            if (field == MceField.CPUID) {
                expectedOffset = 60; // byte 59 is pad
            } else if (field == MceField.KFLAGS) {
                expectedOffset = 120; // bytes 116..119 align kflags
            }
            assertEquals(expectedOffset, field.offset(), field.name());
            expectedOffset = field.end();
        }
        assertEquals(MceLayout.SIZE, expectedOffset);
    }
}
