#!/usr/bin/env bash
# Builds Depot's libFuzzer targets with clang (ASan + UBSan, in build-fuzz)
# and runs each one for a bounded time, starting from its seed corpus.
#
#   tests/fuzz/run-fuzzers.sh [seconds per target, default 60] [target ...]
#
# Prints one line per target ("fuzz_amqp_frame: 1234567 execs, 0 crashes")
# and exits non-zero if any target found something. A finding's input is
# saved under build-fuzz/fuzz-findings/<target>/; replay it with
#   build-fuzz/tests/fuzz/<target> <file>
# Environment: DEPOT_FUZZ_BUILD_DIR (default <repo>/build-fuzz),
# DEPOT_FUZZ_JOBS (build jobs, default 2), CC / CXX (default clang-14).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(fuzz_amqp_frame fuzz_amqp_fieldtable fuzz_amqp_methods fuzz_amqp_contentheader fuzz_http_api fuzz_sqs_request
     fuzz_kafka_batch fuzz_kafka_request)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
build=${DEPOT_FUZZ_BUILD_DIR:-$root/build-fuzz}

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$root" -B "$build" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPOT_BUILD_FUZZERS=ON -DDEPOT_BUILD_GUI=OFF -DDEPOT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j "${DEPOT_FUZZ_JOBS:-2}" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

failed=0
for t in "${targets[@]}"; do
    work="$build/fuzz-corpus/$t"          # what this machine's runs found
    findings="$build/fuzz-findings/$t"
    log="$build/fuzz-logs/$t.log"
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    dirs=("$work" "$root/tests/fuzz/corpus/$t")
    [ -d "$root/tests/fuzz/regressions/$t" ] && dirs+=("$root/tests/fuzz/regressions/$t")
    extra=()
    [ -f "$root/tests/fuzz/$t.dict" ] && extra+=("-dict=$root/tests/fuzz/$t.dict")
    before=$(find "$findings" -type f | wc -l)
    status=0
    "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$findings/" "${extra[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if [ -z "$execs" ]; then
        execs=$(grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')
    fi
    crashes=$(( $(find "$findings" -type f | wc -l) - before ))
    [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
    echo "$t: ${execs:-0} execs, $crashes crashes"
    if [ "$crashes" -ne 0 ]; then
        failed=1
        grep -E 'ERROR|SUMMARY|fuzz check failed|runtime error|Test unit written' "$log" | head -5 | sed 's/^/    /'
        echo "    log: $log"
    fi
done
exit $failed
