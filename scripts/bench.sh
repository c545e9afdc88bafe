#!/usr/bin/env bash
# End-to-end benchmarks of the canonym binary against the aho-corasick baseline (examples/baseline.rs).
#
#   scripts/bench.sh            # build, generate bench-data/ if missing, run everything
#   RUNS=5 scripts/bench.sh     # best of 5 instead of 3
#   JOBS=2 scripts/bench.sh     # canonym tag on 2 threads (default 1: the targets are per core)
#
# Needs only cargo and coreutils. Uses /usr/bin/time for peak memory when present (else polls
# /proc), and hyperfine for start-up time when installed (else a loop). Figures go to stdout;
# BENCHMARKS.md explains them. MB is 10^6 bytes.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JOBS=${JOBS:-1}
TIME_BIN=${TIME_BIN:-/usr/bin/time} # set to a missing path to test the /proc fallback
DATA=${CANONYM_BENCH_DATA:-bench-data}
BIN=target/release/canonym
BASE=target/release/examples/baseline
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "== build"
cargo build --release --quiet --bin canonym --example baseline --example gen_bench_data
for f in lex-1000.tsv lex-10000.tsv lex-100000.tsv corpus.txt misspelled.tsv names-exact.tsv; do
    if [ ! -s "$DATA/$f" ]; then
        echo "== generating $DATA (missing $f)"
        target/release/examples/gen_bench_data "$DATA"
        break
    fi
done

echo "== machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(grep -m1 MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version)"
if git rev-parse --short HEAD >/dev/null 2>&1; then
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
fi
cat "$DATA/manifest.txt" 2>/dev/null | sed 's/^/data: /' || true

# timed INPUT OUTPUT CMD...: runs CMD once with stdin INPUT and stdout OUTPUT; sets WALL (s),
# CPU (user+sys s) and RSS (peak resident KB).
timed() {
    local input=$1 output=$2
    shift 2
    if [ -x "$TIME_BIN" ]; then
        # Wall and CPU time from bash's `time` (millisecond resolution; /usr/bin/time rounds
        # to 10 ms, a few percent of a 0.2 s run), peak memory from /usr/bin/time.
        local TIMEFORMAT='%3R %3U %3S'
        { time "$TIME_BIN" -o "$TMP/time" -f '%M' "$@" <"$input" >"$output" 2>>"$TMP/stderr"; } 2>"$TMP/bashtime"
        read -r WALL u s <"$TMP/bashtime"
        RSS=$(tail -n1 "$TMP/time")
        CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    else
        local t0 t1 pid hwm ticks clk
        clk=$(getconf CLK_TCK)
        t0=$(date +%s.%N)
        "$@" <"$input" >"$output" 2>>"$TMP/stderr" &
        pid=$!
        RSS=0 ticks=0
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            if [ -n "$hwm" ] && [ "$hwm" -gt "$RSS" ]; then RSS=$hwm; fi
            ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo "$ticks")
            sleep 0.02
        done
        wait "$pid"
        t1=$(date +%s.%N)
        WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        CPU=$(awk -v t="$ticks" -v c="$clk" 'BEGIN { printf "%.2f", t / c }')
    fi
}

# best INPUT OUTPUT CMD...: best of $RUNS; sets BWALL, BCPU (minimum of each) and BRSS (maximum).
best() {
    local input=$1 output=$2
    shift 2
    BWALL= BCPU= BRSS=0
    for _ in $(seq "$RUNS"); do
        timed "$input" "$output" "$@"
        BWALL=$(awk -v a="${BWALL:-$WALL}" -v b="$WALL" 'BEGIN { print (b < a ? b : a) }')
        BCPU=$(awk -v a="${BCPU:-$CPU}" -v b="$CPU" 'BEGIN { print (b < a ? b : a) }')
        if [ "$RSS" -gt "$BRSS" ]; then BRSS=$RSS; fi
    done
}

mbps() { awk -v b="$1" -v t="$2" 'BEGIN { if (t <= 0) print "n/a"; else printf "%.1f", b / 1e6 / t }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }

CORPUS=$DATA/corpus.txt
BYTES=$(wc -c <"$CORPUS")
# Build time is measured on one line that no lexicon names: it makes lazily built parts (the
# transliteration index) get built, and takes no measurable time to tag or resolve.
ONE_LINE=$TMP/one-line
echo "Xyzzy Qwerty" >"$ONE_LINE"

declare -A BASELINE_RESULT

# compare LABEL CANONYM-ARGS... -- BASELINE-LEXICON: tag the corpus with both, best of $RUNS.
compare() {
    local label=$1
    shift
    local args=()
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    local baselex=$2

    best "$ONE_LINE" /dev/null "$BIN" tag -j "$JOBS" "${args[@]}"
    local c_build=$BWALL c_build_cpu=$BCPU
    best "$CORPUS" "$TMP/canonym.out" "$BIN" tag -j "$JOBS" "${args[@]}"
    local c_wall=$BWALL c_cpu=$BCPU c_rss=$BRSS
    local c_n
    c_n=$(wc -l <"$TMP/canonym.out")

    # The baseline ignores tiers: measure it once per lexicon.
    if [ -z "${BASELINE_RESULT[$baselex]:-}" ]; then
        best "$ONE_LINE" /dev/null "$BASE" "$baselex" -
        local build="$BWALL $BCPU"
        : >"$TMP/stderr"
        best "$CORPUS" "$TMP/baseline.out" "$BASE" "$baselex" -
        # The baseline also times its scan loop itself: the best of those is the steadier figure.
        local internal
        internal=$(sed -n 's/.* = \([0-9.]*\) MB\/s$/\1/p' "$TMP/stderr" | sort -n | tail -n1)
        BASELINE_RESULT[$baselex]="$build $BWALL $BCPU $BRSS $(wc -l <"$TMP/baseline.out") ${internal:-n/a}"
    fi
    local b_build b_build_cpu b_wall b_cpu b_rss b_n b_internal
    read -r b_build b_build_cpu b_wall b_cpu b_rss b_n b_internal <<<"${BASELINE_RESULT[$baselex]}"

    local c_scan b_scan c_scan_cpu b_scan_cpu
    c_scan=$(minus "$c_wall" "$c_build") b_scan=$(minus "$b_wall" "$b_build")
    c_scan_cpu=$(minus "$c_cpu" "$c_build_cpu") b_scan_cpu=$(minus "$b_cpu" "$b_build_cpu")
    echo
    echo "== tag: $label ($BYTES bytes, best of $RUNS, canonym -j $JOBS)"
    printf '%-9s %8s %8s %9s %9s %10s %10s %12s %10s %9s\n' "" wall_s cpu_s build_s scan_s e2e_MB/s scan_MB/s scan_cpu_MB/s mentions peak_MB
    printf '%-9s %8s %8s %9s %9s %10s %10s %12s %10s %9s\n' canonym "$c_wall" "$c_cpu" "$c_build" "$c_scan" \
        "$(mbps "$BYTES" "$c_wall")" "$(mbps "$BYTES" "$c_scan")" "$(mbps "$BYTES" "$c_scan_cpu")" "$c_n" "$((c_rss / 1024))"
    printf '%-9s %8s %8s %9s %9s %10s %10s %12s %10s %9s\n' baseline "$b_wall" "$b_cpu" "$b_build" "$b_scan" \
        "$(mbps "$BYTES" "$b_wall")" "$(mbps "$BYTES" "$b_scan")" "$(mbps "$BYTES" "$b_scan_cpu")" "$b_n" "$((b_rss / 1024))"
    echo "baseline scan loop timed inside the process (best of $RUNS): $b_internal MB/s"
    echo "ratio canonym/baseline throughput: end to end $(ratio "$b_wall" "$c_wall")x, scan only $(ratio "$b_scan" "$c_scan")x (wall), $(ratio "$b_scan_cpu" "$c_scan_cpu")x (cpu)"
}

LEX100K=$DATA/lex-100000.tsv
compare "100k synthetic entities, --tiers none (exact+folded)" --tiers none --no-default-lexicons --lexicon "$LEX100K" -- "$LEX100K"
compare "100k synthetic entities, default tiers" --no-default-lexicons --lexicon "$LEX100K" -- "$LEX100K"
compare "built-in lexicons, --tiers none (exact+folded)" --tiers none -- builtin
compare "built-in lexicons, default tiers" -- builtin

# The two sections below compare runs of a third of a second, on a VM whose speed swings by
# 5-10% from one run to the next: at least 7 runs each, and the best of each side.
RUNS_ASKED=$RUNS
RUNS=$((RUNS < 7 ? 7 : RUNS))

# The tiers' cost: every tier against exact+folded alone, same lexicons, the two alternated so
# that a drift in the machine's speed hits both.
exact_cpu= tiers_cpu=
for _ in $(seq "$RUNS"); do
    timed "$CORPUS" /dev/null "$BIN" tag -j 1 --tiers none
    exact_cpu=$(awk -v a="${exact_cpu:-$CPU}" -v b="$CPU" 'BEGIN { print (b < a ? b : a) }')
    timed "$CORPUS" /dev/null "$BIN" tag -j 1
    tiers_cpu=$(awk -v a="${tiers_cpu:-$CPU}" -v b="$CPU" 'BEGIN { print (b < a ? b : a) }')
done
echo
echo "== tiers: built-in lexicons, one core, cpu s (best of $RUNS, alternated)"
echo "exact+folded $exact_cpu s ($(mbps "$BYTES" "$exact_cpu") MB/s), every tier $tiers_cpu s ($(mbps "$BYTES" "$tiers_cpu") MB/s)"
echo "every tier / exact+folded: $(ratio "$tiers_cpu" "$exact_cpu")x the time, $(ratio "$exact_cpu" "$tiers_cpu") of the throughput"

# Multi-core: wall time of -j 1 against -j $(nproc), same input, the two alternated so that a
# drift in the machine's speed hits both. Idle cores are needed: run this on a quiet machine.
NPROC=$(nproc)
echo
echo "== multi-core: built-in lexicons, wall s (best of $RUNS, alternated)"
for tiers in none default; do
    targs=()
    if [ "$tiers" = none ]; then targs=(--tiers none); fi
    w1= wn=
    for _ in $(seq "$RUNS"); do
        timed "$CORPUS" /dev/null "$BIN" tag -j 1 "${targs[@]}"
        w1=$(awk -v a="${w1:-$WALL}" -v b="$WALL" 'BEGIN { print (b < a ? b : a) }')
        timed "$CORPUS" /dev/null "$BIN" tag -j "$NPROC" "${targs[@]}"
        wn=$(awk -v a="${wn:-$WALL}" -v b="$WALL" 'BEGIN { print (b < a ? b : a) }')
    done
    echo "tiers $tiers: -j 1 $w1 s, -j $NPROC $wn s: speed-up $(ratio "$w1" "$wn")x"
done

RUNS=$RUNS_ASKED

# resolve_eval LABEL LIST REPEAT CANONYM-ARGS...: names/s (build time subtracted) and top-1
# accuracy, on LIST repeated REPEAT times.
resolve_eval() {
    local label=$1 list=$2 repeat=$3
    shift 3
    : >"$TMP/names"
    : >"$TMP/expected"
    # Short runs drown in the build time; repeating the list makes the lookups count.
    for _ in $(seq "$repeat"); do
        cut -f1 "$list" >>"$TMP/names"
        cut -f2 "$list" >>"$TMP/expected"
    done
    local n
    n=$(wc -l <"$TMP/names")
    # Build time: the same command on the list's first name alone.
    head -n1 "$list" | cut -f1 >"$TMP/first"
    best "$TMP/first" /dev/null "$BIN" resolve "$@"
    local build=$BWALL build_cpu=$BCPU
    best "$TMP/names" "$TMP/resolved" "$BIN" resolve "$@"
    local wall=$BWALL cpu=$BCPU rss=$BRSS
    sed -E 's/.*"id":(null|"([^"]*)").*/\2/' "$TMP/resolved" >"$TMP/got"
    local correct answered
    correct=$(paste "$TMP/expected" "$TMP/got" | awk -F'\t' '$1 == $2' | wc -l)
    answered=$(awk 'length > 0' "$TMP/got" | wc -l)
    echo
    echo "== resolve: $label ($n names, best of $RUNS)"
    echo "wall $wall s (build $build s), cpu $cpu s (build $build_cpu s), peak $((rss / 1024)) MB"
    echo "names/s excluding build: $(awk -v n="$n" -v t="$(minus "$wall" "$build")" 'BEGIN { if (t <= 0) print "n/a"; else printf "%.0f", n / t }') (wall), $(awk -v n="$n" -v t="$(minus "$cpu" "$build_cpu")" 'BEGIN { if (t <= 0) print "n/a"; else printf "%.0f", n / t }') (cpu)"
    echo "top-1 accuracy: $(ratio "$correct" "$n") ($correct of $n correct, $answered answered)"
}

# resolve_steady LABEL LIST CANONYM-ARGS...: the steady rate, from the list once and the list ten
# times, alternated ($RUNS each, best of each): the nine extra passes over the time they add.
# Start-up, the build and whatever the first pass builds cancel out, with no build timed apart.
resolve_steady() {
    local label=$1 list=$2
    shift 2
    cut -f1 "$list" >"$TMP/once"
    : >"$TMP/ten"
    for _ in $(seq 10); do cat "$TMP/once" >>"$TMP/ten"; done
    local n c1= c10=
    n=$(wc -l <"$TMP/once")
    for _ in $(seq "$RUNS"); do
        timed "$TMP/once" /dev/null "$BIN" resolve "$@"
        c1=$(awk -v a="${c1:-$CPU}" -v b="$CPU" 'BEGIN { print (b < a ? b : a) }')
        timed "$TMP/ten" /dev/null "$BIN" resolve "$@"
        c10=$(awk -v a="${c10:-$CPU}" -v b="$CPU" 'BEGIN { print (b < a ? b : a) }')
    done
    echo
    echo "== resolve, steady rate: $label (best of $RUNS, alternated)"
    echo "cpu: list once $c1 s, ten times $c10 s: $(awk -v n="$n" -v a="$c1" -v b="$c10" 'BEGIN { if (b <= a) print "n/a"; else printf "%.0f", 9 * n / (b - a) }') names/s"
}

# The automaton shards a name needs are built on first use, so a single pass over the list
# also pays for building them; the steady rate leaves that out. One thread (`-j 1`): the target
# is per core, and `resolve` uses every core by default.
resolve_eval "misspelled aliases (1-2 edits), 100k entities" "$DATA/misspelled.tsv" 1 -j 1 --no-default-lexicons --lexicon "$LEX100K"
resolve_steady "misspelled aliases (1-2 edits), 100k entities" "$DATA/misspelled.tsv" -j 1 --no-default-lexicons --lexicon "$LEX100K"
resolve_eval "exact aliases, 100k entities" "$DATA/names-exact.tsv" 10 -j 1 --no-default-lexicons --lexicon "$LEX100K"

echo
echo "== start-up: echo Erbil | canonym resolve"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 3 --runs 30 -N --input <(echo Erbil) "$BIN resolve" 2>/dev/null ||
        hyperfine --warmup 3 --runs 30 "echo Erbil | $BIN resolve"
else
    n=30
    t0=$(date +%s.%N)
    for _ in $(seq $n); do echo Erbil | "$BIN" resolve >/dev/null; done
    t1=$(date +%s.%N)
    echo "mean of $n runs (no hyperfine): $(awk -v a="$t0" -v b="$t1" -v n=$n 'BEGIN { printf "%.1f ms", (b - a) * 1000 / n }')"
fi
timed <(echo Erbil) /dev/null "$BIN" resolve
echo "one run: wall $WALL s, cpu $CPU s, peak $((RSS / 1024)) MB"

echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
