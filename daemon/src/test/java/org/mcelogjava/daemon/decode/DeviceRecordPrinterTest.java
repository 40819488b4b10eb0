package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * Device-mode text against mcelog v208's one-shot captures (d4-oneshot: {@code --cpu nehalem},
 * two records, one with a Skylake CPUID and extcpu 300): records decoded at the announced record
 * length, numbered within the read, with the forced-type mismatch reported once.
 */
class DeviceRecordPrinterTest {

    private final List<String> errors = new ArrayList<>();

    @Test
    void decodesA128ByteBatchLikeMcelog() {
        assertEquals(text("oneshot.out"), print("two.bin", 128, false));
        assertEquals(List.of("Forced cputype Intel Xeon 5500 series / Core i3/5/7 (\"Nehalem/Westmere\") "
                + "does not match cpu type Skylake server from mcelog"), errors);
    }

    @Test
    void printsTheRawFormWithRaw() {
        assertEquals(text("oneshot-raw.out"), print("two.bin", 128, true));
    }

    @Test
    void decodesOnlyTheFirst128BytesOfLongerRecords() {
        assertEquals(text("recordlen136.out"), print("two-136.bin", 136, false));
    }

    @Test
    void saysSoWhenTheDeviceHasNoRecordLength() {
        assertEquals(text("recordlen0.out"), DeviceRecordPrinter.NO_DATA);
    }

    private String print(String batch, int recordLength, boolean raw) {
        byte[] bytes = bytes(batch);
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.NEHALEM, true, errors::add), new CpuDecoders());
        DeviceRecordPrinter printer = new DeviceRecordPrinter(
                new MceTextFormatter(new CtimeText(ZoneOffset.UTC), OptionalDouble.empty()), new RawMceFormatter(), raw);
        TextBuffer out = new TextBuffer(1024);
        for (int i = 0; i < bytes.length / recordLength; i++) {
            printer.print(decoder.decode(MceCodec.decode(bytes, i * recordLength, recordLength), recordLength), i, out);
        }
        return out.toString();
    }

    private static String text(String file) {
        return new String(bytes(file), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String file) {
        try (InputStream in = DeviceRecordPrinterTest.class.getResourceAsStream("/d4-oneshot/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
