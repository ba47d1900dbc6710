// The two layouts considered for Kafka's partitions (docs/ARCHITECTURE.md
// §14, "Log store"), measured side by side with nothing else of Depot in the
// way: appends of record batches in group commits, then range reads.
//
//   sqlite:   a table of batches keyed by (topic, partition, base offset) in
//             an SQLite file opened as the store's writer opens depot.db (WAL,
//             the same pragmas), one transaction per group commit;
//   segments: an append-only segment file per partition plus an index file of
//             (base offset, position, size) entries, fdatasync'ed per group
//             commit with fsync durability (as Kafka would with
//             flush.messages=1), only written otherwise.
//
// Reads ask for `--read-bytes` worth of batches from a random offset (a
// consumer's fetch): SQLite with one range SELECT on the key, the segments
// by a binary search of the in-memory index and one pread.
//
//   bench_logstore [--batches N] [--batch-bytes B] [--per-commit K] [--reads R] [--read-bytes M] [--dir PATH]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

struct Options
{
    int batches = 4000;
    int batchBytes = 16 * 1024;
    int perCommit = 4;
    int reads = 2000;
    int readBytes = 1024 * 1024;
    QString dir;
};

struct Figures
{
    double appendMBs = 0;
    double appendBatchesPerSecond = 0;
    double readMBs = 0;
    double readsPerSecond = 0;
    qint64 fileBytes = 0;
};

// One batch's stand-in: incompressible bytes (record batches are often
// compressed), the same for every layout.
QByteArray batchBytes(int size, int seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random{quint32(seed)};
    random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

void fail(const QString &what)
{
    std::fprintf(stderr, "bench_logstore: %s\n", qPrintable(what));
    std::exit(1);
}

Figures runSqlite(const Options &o, bool fsync, const std::vector<QByteArray> &payloads)
{
    const QString path = QDir(o.dir).filePath(QStringLiteral("log-%1.db").arg(fsync));
    Figures f;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
        db.setDatabaseName(path);
        if (!db.open())
            fail(db.lastError().text());
        QSqlQuery q(db);
        for (const QString &sql :
             {QStringLiteral("PRAGMA journal_mode = WAL"),
              fsync ? QStringLiteral("PRAGMA synchronous = FULL") : QStringLiteral("PRAGMA synchronous = NORMAL"),
              QStringLiteral("PRAGMA wal_autocheckpoint = 4000"), QStringLiteral("PRAGMA cache_size = -32768"),
              QStringLiteral("PRAGMA journal_size_limit = 67108864"),
              QStringLiteral("CREATE TABLE log_batches (topic_id INTEGER NOT NULL, partition INTEGER NOT NULL,"
                             " base_offset INTEGER NOT NULL, last_offset INTEGER NOT NULL,"
                             " max_timestamp INTEGER NOT NULL, bytes BLOB NOT NULL,"
                             " PRIMARY KEY (topic_id, partition, base_offset))")}) {
            if (!q.exec(sql))
                fail(q.lastError().text());
        }
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO log_batches VALUES (1, 0, ?, ?, 0, ?)"));
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < o.batches;) {
            db.transaction();
            for (int k = 0; k < o.perCommit && i < o.batches; ++k, ++i) {
                insert.bindValue(0, qint64(i) * 100);
                insert.bindValue(1, qint64(i) * 100 + 99);
                insert.bindValue(2, payloads[size_t(i) % payloads.size()]);
                if (!insert.exec())
                    fail(insert.lastError().text());
            }
            if (!db.commit())
                fail(db.lastError().text());
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        f.appendBatchesPerSecond = o.batches / seconds;
        f.appendMBs = double(o.batches) * o.batchBytes / seconds / 1e6;
        f.fileBytes = fileSize(path) + fileSize(path + QStringLiteral("-wal"));

        QSqlQuery read(db);
        read.setForwardOnly(true);
        read.prepare(QStringLiteral("SELECT bytes FROM log_batches WHERE topic_id = 1 AND partition = 0"
                                    " AND base_offset >= ? ORDER BY base_offset LIMIT ?"));
        const int perRead = qMax(1, o.readBytes / o.batchBytes);
        qint64 bytes = 0;
        timer.restart();
        for (int r = 0; r < o.reads; ++r) {
            const int from = int(QRandomGenerator::global()->bounded(o.batches));
            read.bindValue(0, qint64(from) * 100);
            read.bindValue(1, perRead);
            if (!read.exec())
                fail(read.lastError().text());
            while (read.next())
                bytes += read.value(0).toByteArray().size();
        }
        const double readSeconds = double(timer.nsecsElapsed()) / 1e9;
        f.readMBs = double(bytes) / readSeconds / 1e6;
        f.readsPerSecond = o.reads / readSeconds;
        read = QSqlQuery();
        insert = QSqlQuery();
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    return f;
}

struct IndexEntry
{
    qint64 baseOffset;
    qint64 position;
    qint32 size;
};

Figures runSegments(const Options &o, bool fsync, const std::vector<QByteArray> &payloads)
{
    const QByteArray segment = QFile::encodeName(QDir(o.dir).filePath(QStringLiteral("seg-%1.log").arg(fsync)));
    const QByteArray indexPath = QFile::encodeName(QDir(o.dir).filePath(QStringLiteral("seg-%1.index").arg(fsync)));
    const int log = ::open(segment.constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int index = ::open(indexPath.constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log < 0 || index < 0)
        fail(QStringLiteral("cannot create the segment files"));
    std::vector<IndexEntry> entries;
    entries.reserve(size_t(o.batches));
    Figures f;
    QElapsedTimer timer;
    timer.start();
    qint64 position = 0;
    for (int i = 0; i < o.batches;) {
        for (int k = 0; k < o.perCommit && i < o.batches; ++k, ++i) {
            const QByteArray &bytes = payloads[size_t(i) % payloads.size()];
            if (::write(log, bytes.constData(), size_t(bytes.size())) != bytes.size())
                fail(QStringLiteral("segment write failed"));
            const IndexEntry entry{qint64(i) * 100, position, qint32(bytes.size())};
            if (::write(index, &entry, sizeof entry) != qint64(sizeof entry))
                fail(QStringLiteral("index write failed"));
            entries.push_back(entry);
            position += bytes.size();
        }
        if (fsync && (::fdatasync(log) != 0 || ::fdatasync(index) != 0))
            fail(QStringLiteral("fdatasync failed"));
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    f.appendBatchesPerSecond = o.batches / seconds;
    f.appendMBs = double(o.batches) * o.batchBytes / seconds / 1e6;
    f.fileBytes = position + qint64(entries.size() * sizeof(IndexEntry));

    QByteArray buffer(o.readBytes + o.batchBytes, Qt::Uninitialized);
    const int perRead = qMax(1, o.readBytes / o.batchBytes);
    qint64 bytes = 0;
    timer.restart();
    for (int r = 0; r < o.reads; ++r) {
        const qint64 offset = qint64(QRandomGenerator::global()->bounded(o.batches)) * 100;
        const auto first = std::lower_bound(entries.begin(), entries.end(), offset,
                                            [](const IndexEntry &e, qint64 v) { return e.baseOffset < v; });
        const auto last = first + qMin<qint64>(perRead, entries.end() - first);
        const qint64 length = (last - 1)->position + (last - 1)->size - first->position;
        if (::pread(log, buffer.data(), size_t(length), first->position) != length)
            fail(QStringLiteral("segment read failed"));
        // The same copy-out the SQLite path makes per batch.
        for (auto e = first; e != last; ++e)
            bytes += QByteArray(buffer.constData() + (e->position - first->position), e->size).size();
    }
    const double readSeconds = double(timer.nsecsElapsed()) / 1e9;
    f.readMBs = double(bytes) / readSeconds / 1e6;
    f.readsPerSecond = o.reads / readSeconds;
    ::close(log);
    ::close(index);
    return f;
}

void print(const char *layout, bool fsync, const Options &o, const Figures &f)
{
    std::printf("%-9s %-6s append %7.0f batches/s %7.1f MB/s  read %6.0f fetches/s %7.1f MB/s  on disk %.1f MB"
                " (%d x %d B, %d per commit)\n",
                layout, fsync ? "fsync" : "normal", f.appendBatchesPerSecond, f.appendMBs, f.readsPerSecond, f.readMBs,
                double(f.fileBytes) / 1e6, o.batches, o.batchBytes, o.perCommit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption batchesOpt(QStringLiteral("batches"), QStringLiteral("Batches appended."), QStringLiteral("N"), QStringLiteral("4000"));
    const QCommandLineOption batchBytesOpt(QStringLiteral("batch-bytes"), QStringLiteral("Bytes per batch."), QStringLiteral("B"), QStringLiteral("16384"));
    const QCommandLineOption perCommitOpt(QStringLiteral("per-commit"), QStringLiteral("Batches per group commit."), QStringLiteral("K"), QStringLiteral("4"));
    const QCommandLineOption readsOpt(QStringLiteral("reads"), QStringLiteral("Range reads."), QStringLiteral("R"), QStringLiteral("2000"));
    const QCommandLineOption readBytesOpt(QStringLiteral("read-bytes"), QStringLiteral("Bytes per range read."), QStringLiteral("M"), QStringLiteral("1048576"));
    const QCommandLineOption dirOpt(QStringLiteral("dir"), QStringLiteral("Directory for the files (default: a temporary one)."), QStringLiteral("PATH"));
    parser.addOptions({batchesOpt, batchBytesOpt, perCommitOpt, readsOpt, readBytesOpt, dirOpt});
    parser.process(app);

    Options o;
    o.batches = qMax(1, parser.value(batchesOpt).toInt());
    o.batchBytes = qMax(4, parser.value(batchBytesOpt).toInt()) & ~3;
    o.perCommit = qMax(1, parser.value(perCommitOpt).toInt());
    o.reads = qMax(1, parser.value(readsOpt).toInt());
    o.readBytes = qMax(o.batchBytes, parser.value(readBytesOpt).toInt());
    QTemporaryDir temporary(parser.isSet(dirOpt) ? QDir(parser.value(dirOpt)).filePath(QStringLiteral("bench-logstore-XXXXXX"))
                                                 : QDir::tempPath() + QStringLiteral("/bench-logstore-XXXXXX"));
    if (!temporary.isValid())
        fail(QStringLiteral("cannot create a directory for the files"));
    o.dir = temporary.path();

    std::vector<QByteArray> payloads;
    for (int i = 0; i < 16; ++i)
        payloads.push_back(batchBytes(o.batchBytes, i));
    for (const bool fsync : {false, true}) {
        print("sqlite", fsync, o, runSqlite(o, fsync, payloads));
        print("segments", fsync, o, runSegments(o, fsync, payloads));
    }
    return 0;
}
