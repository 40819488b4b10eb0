#!/bin/bash
# bench/gen-big.sh [N] [OUT] -- write N (default 200000) machine-check records in the
# text grammar accepted by `mcelog --ascii` to OUT (default ./big.in).
# Deterministic (fixed awk seed).  Each record: CPU/BANK line, PROCESSOR, TSC,
# TIME, MCGSTATUS, STATUS, MISC, ADDR, SOCKETID, APICID, MCGCAP, then a
# separator line ("# rec N") which ends the record (mcelog echoes it).
N=${1:-200000}
OUT=${2:-big.in}
awk -v n="$N" 'BEGIN {
  srand(42)
  # cpuid | bank | status | misc  (templates spanning several decoders)
  t[0] = "50654|13|8c00004000010090|200000c000000086"   # SKX iMC CE
  t[1] = "50654|1|9c00004000010134|86"                  # SKX DCU CE
  t[2] = "606a6|13|8c00004000100090|2934590091a22400"   # ICX iMC + MISC decode
  t[3] = "806f8|14|8c00004008010091|1a1c5b0091a2400"    # SPR iMC
  t[4] = "106a5|8|8c0000c000010091|deadbeef0006002a"    # Nehalem DIMM decode
  t[5] = "306f2|10|8c000040000800c1|90000040000208c"    # HSX patrol scrub
  t[6] = "50654|7|bd80000000010090|86"                  # SKX M2M SRAR
  t[7] = "a06d1|15|9c00004200010090|0c1a5000000a4200"   # GNR MCCHAN + MISC
  t[8] = "50654|5|b200000002120e0f|0"                   # SKX UPI bus error
  t[9] = "50654|1|9040000000000135|0"                   # SKX L2 yellow
  for (i = 0; i < n; i++) {
    split(t[i % 10], f, "|")
    cpu = int(rand() * 112); sock = int(cpu / 56)
    addr = sprintf("%x%03x", int(rand() * 16777216), int(rand() * 64) * 64)
    printf "CPU %d BANK %d\n", cpu, f[2]
    printf "PROCESSOR 0:%s\n", f[1]
    printf "TSC %x\n", 1000000 + i * 7919
    printf "TIME %d\n", 1700000000 + i
    printf "MCGSTATUS 0\n"
    printf "STATUS %s\n", f[3]
    printf "MISC %s\n", f[4]
    printf "ADDR %s\n", addr
    printf "SOCKETID %d\n", sock
    printf "APICID %x\n", cpu * 2
    printf "MCGCAP f000c14\n"
    printf "# rec %d\n", i
  }
}' > "$OUT"
echo "wrote $N records to $OUT"
