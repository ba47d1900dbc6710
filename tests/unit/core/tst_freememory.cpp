#include "broker/core/FreeMemory.h"

#include <QFile>
#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <vector>

// releaseFreeMemory() hands freed memory back to the system. The test frees
// most of 128 MiB of small blocks but keeps one in 1024 alive, so that neither
// malloc can give the memory back by merely shrinking its heap's end: only
// the release call does. Built twice (tests/CMakeLists.txt): with the
// system's malloc and, where Debian's tcmalloc is installed, with it.

namespace {

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : -1;
}

} // namespace

class TestFreeMemory final : public QObject
{
    Q_OBJECT

private slots:
    void freedMemoryGoesBack();
};

void TestFreeMemory::freedMemoryGoesBack()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer brings its own malloc, which keeps freed memory in quarantine");
#endif
    constexpr qsizetype BlockSize = 256;
    constexpr qsizetype Blocks = 128 * 1024 * 1024 / BlockSize;
    std::vector<char *> blocks(Blocks);
    for (char *&b : blocks) {
        b = static_cast<char *>(std::malloc(BlockSize));
        QVERIFY(b);
        std::memset(b, 1, BlockSize);   // resident, not only reserved
    }
    const qint64 filled = residentBytes();
    for (qsizetype i = 0; i < Blocks; ++i) {
        if (i % 1024 != 0) {
            std::free(blocks[i]);
            blocks[i] = nullptr;
        }
    }
    const qint64 freed = residentBytes();
    const QString allocator = depot::core::releaseFreeMemory();
    const qint64 released = residentBytes();
    qInfo("allocator %s: resident %lld MiB filled, %lld MiB after free, %lld MiB after the release",
        qPrintable(allocator), filled >> 20, freed >> 20, released >> 20);
    QCOMPARE(allocator, QString::fromLatin1(DEPOT_EXPECTED_ALLOCATOR));
    QVERIFY(filled > 0 && freed > 0 && released > 0);
    // Most of the 128 MiB must leave; what stays (the kept blocks' pages,
    // the allocator's own) is well under half.
    QVERIFY2(freed - released > 96 * 1024 * 1024,
        qPrintable(QStringLiteral("only %1 MiB went back").arg((freed - released) >> 20)));
    for (char *b : blocks)
        std::free(b);
}

QTEST_APPLESS_MAIN(TestFreeMemory)
#include "tst_freememory.moc"
