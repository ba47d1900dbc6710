// A small stand-in for libFuzzer's main(), so the fuzz targets build with any
// compiler and run in the default test suite (gcc has no -fsanitize=fuzzer):
//
//   fuzz_xyz [-seconds=N] [-seed=S] [-max_len=B] DIR_OR_FILE...
//
// First every input in the given corpus and regression directories runs once
// (a finding once fixed stays fixed). Then, for N seconds (default 0), inputs
// made by mutating them (bit flips, random bytes, insertions, deletions,
// repeats, splices with another input) run too, so a target that stops
// building or starts failing on its own seeds is seen by every test run.
// It is no replacement for a real libFuzzer run under ASan and UBSan
// (tests/fuzz/run-fuzzers.sh): no coverage guidance, no sanitizers. An input
// that fails (a check, abort, segfault) is written to crash-<target>-<seed>
// in the working directory before the process dies; copy it into
// regressions/<target>/.

#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace {

// What runs now, for the crash handler (async-signal-safe: plain memory).
const char *g_current = nullptr;
size_t g_currentSize = 0;
char g_crashPath[512];

void onFatalSignal(int sig)
{
    if (g_current) {
        const int fd = ::open(g_crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            size_t done = 0;
            while (done < g_currentSize) {
                const ssize_t n = ::write(fd, g_current + done, g_currentSize - done);
                if (n <= 0)
                    break;
                done += size_t(n);
            }
            ::close(fd);
        }
        static const char note[] = "fuzz driver: the failing input was written to ";
        [[maybe_unused]] ssize_t ignored = ::write(2, note, sizeof note - 1);
        ignored = ::write(2, g_crashPath, std::strlen(g_crashPath));
        ignored = ::write(2, "\n", 1);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void run(const QByteArray &input)
{
    g_current = input.constData();
    g_currentSize = size_t(input.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()), size_t(input.size()));
    g_current = nullptr;
}

QByteArray mutate(const std::vector<QByteArray> &corpus, QRandomGenerator &rng, qsizetype maxLen)
{
    QByteArray out = corpus[rng.bounded(quint32(corpus.size()))];
    const int steps = 1 + int(rng.bounded(8u));
    for (int i = 0; i < steps; ++i) {
        const quint32 size = quint32(out.size());
        switch (rng.bounded(7u)) {
        case 0: // flip a bit
            if (size)
                out[rng.bounded(size)] ^= char(1u << rng.bounded(8u));
            break;
        case 1: // an interesting or random byte
            if (size) {
                static const char interesting[] = {0, 1, 0x7f, char(0x80), char(0xff), 0x20, 0x0a, 0x3b, 0x7d};
                out[rng.bounded(size)]
                    = rng.bounded(2u) ? interesting[rng.bounded(quint32(sizeof interesting))] : char(rng.bounded(256u));
            }
            break;
        case 2: // insert bytes
            out.insert(qsizetype(rng.bounded(size + 1)), QByteArray(1 + int(rng.bounded(8u)), char(rng.bounded(256u))));
            break;
        case 3: // delete a range
            if (size) {
                const quint32 at = rng.bounded(size);
                out.remove(at, 1 + qsizetype(rng.bounded(size - at)));
            }
            break;
        case 4: // repeat a chunk
            if (size) {
                const quint32 at = rng.bounded(size);
                const QByteArray chunk = out.mid(at, 1 + qsizetype(rng.bounded(qMin<quint32>(size - at, 64))));
                out.insert(qsizetype(rng.bounded(size + 1)), chunk);
            }
            break;
        case 5: { // splice with another input
            const QByteArray &other = corpus[rng.bounded(quint32(corpus.size()))];
            if (!other.isEmpty())
                out = out.left(qsizetype(rng.bounded(size + 1))) + other.mid(rng.bounded(quint32(other.size())));
            break;
        }
        case 6: // truncate
            out.truncate(qsizetype(rng.bounded(size + 1)));
            break;
        }
    }
    if (out.size() > maxLen)
        out.truncate(maxLen);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    const QString target = QFileInfo(QString::fromLocal8Bit(argv[0])).fileName();
    double seconds = 0;
    quint32 seed = QRandomGenerator::system()->generate();
    qsizetype maxLen = 64 * 1024;
    QStringList paths;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg.startsWith("-seconds="))
            seconds = arg.mid(9).toDouble();
        else if (arg.startsWith("-seed="))
            seed = arg.mid(6).toUInt();
        else if (arg.startsWith("-max_len="))
            maxLen = arg.mid(9).toLongLong();
        else if (arg.startsWith('-'))
            std::fprintf(stderr, "fuzz driver: ignoring %s (libFuzzer's options need a clang build)\n", argv[i]);
        else
            paths.append(QString::fromLocal8Bit(arg));
    }
    std::snprintf(g_crashPath, sizeof g_crashPath, "crash-%s-%u", qPrintable(target), seed);
    for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
        std::signal(sig, onFatalSignal);

    std::vector<QByteArray> corpus;
    for (const QString &path : std::as_const(paths)) {
        QStringList files;
        if (QFileInfo(path).isDir()) {
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
            files.sort();
        } else {
            files.append(path);
        }
        for (const QString &file : std::as_const(files)) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "fuzz driver: cannot read %s\n", qPrintable(file));
                return 2;
            }
            corpus.push_back(f.readAll());
        }
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "fuzz driver: no inputs in %s\n", qPrintable(paths.join(QLatin1Char(' '))));
        return 2;
    }
    for (const QByteArray &input : corpus)
        run(input);
    std::printf("%s: %zu corpus inputs passed\n", qPrintable(target), corpus.size());

    QRandomGenerator rng(seed);
    quint64 runs = 0;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < qint64(seconds * 1000)) {
        run(mutate(corpus, rng, maxLen));
        ++runs;
    }
    std::printf("%s: %llu mutated inputs in %.1f s passed (-seed=%u)\n", qPrintable(target),
        static_cast<unsigned long long>(runs), double(clock.elapsed()) / 1000.0, seed);
    return 0;
}
