#!/usr/bin/env bash
# compare_amqp.sh REVISION [ROUNDS] [bench_amqp options...]
#
# Is this tree slower or faster than REVISION (a commit, tag or branch) on
# the AMQP benchmark, and how do both compare with RabbitMQ? Builds REVISION
# in a Release worktree of its own (build-bench-REV/, beside build-release/;
# ccache makes the second time quick), builds this tree's Release depot, then
# runs bench_amqp alternately against the two and RabbitMQ, ROUNDS rounds
# (default 3), and prints per-run figures, medians and ratios.
#
#   tests/bench/compare_amqp.sh 2e8fdcb 3
#
# Each round runs bench_amqp twice, in alternating order (odd rounds OLD
# first, even rounds NEW first) so that drift in machine load hits both alike:
#   - OLD depot alone (--no-rabbitmq),
#   - NEW depot, then RabbitMQ in the same invocation (bench_amqp measures
#     RabbitMQ right after Depot when it listens on 127.0.0.1:5672).
# The same bench_amqp binary (OLD's) drives both depots, so the client side
# is identical. If nothing listens on 5672, Debian's rabbitmq-server is
# started (-detached) and stopped again at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REV="${1:?usage: compare_amqp.sh REVISION [ROUNDS] [bench_amqp options...]}"
shift
ROUNDS="${1:-3}"
shift || true
say() { printf 'compare_amqp: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number (got '$ROUNDS')"
OLD_SHA="$(git -C "$ROOT" rev-parse --verify --short "$REV^{commit}")" || die "no such revision: $REV"
OLD_TREE="$ROOT/build-bench-$OLD_SHA/src"
# OLD_BUILD=dir: a Release build of REVISION made elsewhere (it is used as is).
OLD_BUILD="${OLD_BUILD:-$ROOT/build-bench-$OLD_SHA/build}"
NEW_BUILD="$ROOT/build-release"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
pairs=("$ROOT:$NEW_BUILD")
if [[ -x "$OLD_BUILD/app/depot" && -x "$OLD_BUILD/tests/bench/bench_amqp" && ! -d "$OLD_TREE" ]]; then
    say "using the build of $OLD_SHA in $OLD_BUILD"
else
    pairs+=("$OLD_TREE:$OLD_BUILD")
fi
if [[ ${#pairs[@]} -eq 2 && ! -d "$OLD_TREE" ]]; then
    say "checking out $OLD_SHA into $OLD_TREE"
    git -C "$ROOT" worktree add --detach "$OLD_TREE" "$OLD_SHA" >/dev/null
fi
for pair in "${pairs[@]}"; do
    src="${pair%%:*}" build="${pair#*:}"
    [[ -f "$build/CMakeCache.txt" ]] || cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
    say "building $build"
    cmake --build "$build" -j "$(nproc)" --target depot bench_amqp >/dev/null
done
OLD_DEPOT="$OLD_BUILD/app/depot"
NEW_DEPOT="$NEW_BUILD/app/depot"
BENCH="$OLD_BUILD/tests/bench/bench_amqp"
RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
LOGDIR="${LOGDIR:-$(mktemp -d /tmp/compare-amqp.XXXXXX)}"
mkdir -p "$LOGDIR"

for f in "$OLD_DEPOT" "$NEW_DEPOT" "$BENCH"; do
    [[ -x "$f" ]] || die "not an executable: $f"
done

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started_rabbit=0
stop_rabbit() {
    if [[ $started_rabbit -eq 1 ]]; then
        say "stopping the rabbitmq-server this script started"
        rabbitmqctl stop >/dev/null 2>&1 || true
        # rabbitmq-server also started Erlang's port mapper; end it when no
        # other Erlang node uses it.
        if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
            epmd -kill >/dev/null 2>&1 || true
        fi
    fi
}
trap stop_rabbit EXIT

if ! listening "$RABBITMQ_PORT"; then
    [[ "$RABBITMQ_PORT" == 5672 ]] || die "nothing listens on $RABBITMQ_PORT"
    command -v rabbitmq-server >/dev/null || die "rabbitmq-server is not installed"
    say "starting rabbitmq-server"
    rabbitmq-server -detached >/dev/null 2>&1 || die "rabbitmq-server -detached failed"
    started_rabbit=1
    for _ in $(seq 1 120); do
        listening 5672 && break
        sleep 1
    done
    listening 5672 || die "rabbitmq-server did not listen on 5672 within 120 s"
    sleep 2   # let it finish booting its plugins
fi

say "old depot: $OLD_DEPOT"
say "new depot: $NEW_DEPOT"
say "driver:    $BENCH"
say "raw output in $LOGDIR"

run_old() {
    local log="$LOGDIR/round$1-old.txt"
    say "round $1: old depot"
    "$BENCH" --runs 1 --no-rabbitmq --depot "$OLD_DEPOT" "${@:2}" >"$log" 2>&1 || { cat "$log" >&2; die "bench_amqp failed (old)"; }
}
run_new() {
    local log="$LOGDIR/round$1-new.txt"
    say "round $1: new depot, then RabbitMQ"
    "$BENCH" --runs 1 --rabbitmq-port "$RABBITMQ_PORT" --depot "$NEW_DEPOT" "${@:2}" >"$log" 2>&1 || { cat "$log" >&2; die "bench_amqp failed (new)"; }
    grep -q '^  rabbitmq run' "$log" || say "round $1: RabbitMQ was not measured (see $log)"
}

for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 == 1 )); then
        run_old "$round" "$@"
        run_new "$round" "$@"
    else
        run_new "$round" "$@"
        run_old "$round" "$@"
    fi
done

echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$LOGDIR" "$ROUNDS" <<'EOF'
import re, statistics, sys
logdir, rounds = sys.argv[1], int(sys.argv[2])
line = re.compile(r'^\s+(depot|rabbitmq)\s+run \d+: persistent\+confirms\s+([\d.]+) msg/s \| transient publish\s+([\d.]+)'
                  r' msg/s \| consume\s+([\d.]+) msg/s \| publish\+consume\s+([\d.]+) msg/s'
                  r' \| latency p50 ([\d.]+) ms p99 ([\d.]+) ms')
keys = ['persistent', 'transient', 'consume', 'combined', 'p50', 'p99']
labels = {'persistent': 'persistent publish+confirms msg/s', 'transient': 'transient publish msg/s',
          'consume': 'consume with acks msg/s', 'combined': 'publish+consume at once msg/s',
          'p50': 'latency p50 ms', 'p99': 'latency p99 ms'}
higher_is_better = {'persistent': True, 'transient': True, 'consume': True, 'combined': True,
                    'p50': False, 'p99': False}
runs = {'old': [], 'new': [], 'rabbitmq': []}
for r in range(1, rounds + 1):
    for which in ('old', 'new'):
        for text in open(f'{logdir}/round{r}-{which}.txt'):
            m = line.match(text)
            if not m:
                continue
            who = which if m.group(1) == 'depot' else 'rabbitmq'
            runs[who].append((r, dict(zip(keys, map(float, m.groups()[1:])))))

def fmt(k, v):
    return f'{v:12.2f}' if k in ('p50', 'p99') else f'{v:12.0f}'

print('\nper run')
print(f'{"round":>5} {"broker":<9}' + ''.join(f'{k:>12}' for k in keys))
for who in ('old', 'new', 'rabbitmq'):
    for r, f in runs[who]:
        print(f'{r:>5} {who:<9}' + ''.join(fmt(k, f[k]) for k in keys))

med = {who: {k: statistics.median(f[k] for _, f in runs[who]) for k in keys} for who in runs if runs[who]}
print(f'\nmedians of {rounds} round(s)')
cols = [w for w in ('old', 'new', 'rabbitmq') if w in med]
header = f'{"":<34}' + ''.join(f'{w:>12}' for w in cols)
if 'old' in med and 'new' in med:
    header += f'{"new/old":>10}'
if 'rabbitmq' in med:
    header += f'{"old/rmq":>10}{"new/rmq":>10}'
print(header)
for k in keys:
    row = f'{labels[k]:<34}' + ''.join(fmt(k, med[w][k]) for w in cols)
    def ratio(a, b):   # how many times better a is than b
        if not med[a][k] or not med[b][k]:
            return f'{"-":>10}'
        v = med[a][k] / med[b][k] if higher_is_better[k] else med[b][k] / med[a][k]
        return f'{v:9.2f}x'
    if 'old' in med and 'new' in med:
        row += ratio('new', 'old')
    if 'rabbitmq' in med:
        row += ratio('old', 'rabbitmq') + ratio('new', 'rabbitmq')
    print(row)
print('(ratios: how many times better the first is; for latency the inverse of the times;'
      ' new/old below 1.00 is a regression)')
EOF
