package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** glibc getopt_long behaviour for mcelog's long-only option table. */
class GetoptLongTest {

    private static GetoptLong getopt(String... args) {
        return new GetoptLong("mcelog", args, McelogOptions.TABLE);
    }

    @Test
    void acceptsSeparateAndAttachedValuesAndUniqueAbbreviations() {
        GetoptLong g = getopt("--cpu", "nehalem", "--file=x", "--asc");
        assertEquals(new GetoptLong.Item.Option("cpu", "nehalem"), g.next());
        assertEquals(new GetoptLong.Item.Option("file", "x"), g.next());
        assertEquals(new GetoptLong.Item.Option("ascii", null), g.next());
        assertEquals(new GetoptLong.Item.End(), g.next());
    }

    @Test
    void reportsErrorsWithGlibcsWording() {
        assertEquals(new GetoptLong.Item.Error("mcelog: option '--no' is ambiguous; possibilities: "
                + "'--no-filter' '--no-dmi' '--no-syslog' '--no-imc-log'"), getopt("--no").next());
        assertEquals(new GetoptLong.Item.Error("mcelog: option '--cpu' requires an argument"), getopt("--cpu").next());
        assertEquals(new GetoptLong.Item.Error("mcelog: option '--raw' doesn't allow an argument"),
                getopt("--raw=1").next());
        assertEquals(new GetoptLong.Item.Error("mcelog: unrecognized option '--bogus=1'"), getopt("--bogus=1").next());
        assertEquals(new GetoptLong.Item.Error("mcelog: invalid option -- 'x'"), getopt("-x").next());
    }

    @Test
    void skipsOperandsAndStopsAtDoubleDash() {
        GetoptLong g = getopt("dev", "--raw", "--", "--ascii");
        assertEquals(new GetoptLong.Item.Option("raw", null), g.next());
        assertEquals(new GetoptLong.Item.End(), g.next());
        assertEquals(List.of("dev", "--ascii"), g.operands());
    }
}
