#include "app/ClientCommands.h"

#include "broker/export/ExportFormat.h"
#include "broker/store/PrivateFiles.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>
#include <cstdio>
#include <memory>

namespace depot::app {

namespace {

// An import sends at most this much per request: each request is committed
// whole or not at all, and Depot refuses request bodies over 16 MiB.
constexpr int BatchMessages = 2000;
constexpr qsizetype BatchBytes = 4 * 1024 * 1024;

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stderr);
    std::fflush(stderr);
}

class Client final
{
public:
    explicit Client(const ClientOptions &options)
        : m_options(options)
        , m_command(
              options.command == ClientOptions::Command::Export ? QStringLiteral("export") : QStringLiteral("import"))
    {
    }

    int run() { return m_options.command == ClientOptions::Command::Export ? runExport() : runImport(); }

private:
    QString fail(const QString &text) const { return QStringLiteral("depot %1: %2").arg(m_command, text); }

    QNetworkRequest request(const QString &path, const QUrlQuery &query = {}) const
    {
        QUrl url = m_options.url;
        url.setPath(url.path(QUrl::FullyEncoded).chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path,
            QUrl::TolerantMode);
        if (!query.isEmpty())
            url.setQuery(query);
        QNetworkRequest r(url);
        r.setRawHeader("Authorization",
            "Basic " + QString(m_options.user + QLatin1Char(':') + m_options.password).toUtf8().toBase64());
        r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        return r;
    }

    static QString encoded(const QString &segment) { return QString::fromLatin1(QUrl::toPercentEncoding(segment)); }

    // The one line for a request that got no HTTP answer at all.
    QString unreachable(QNetworkReply *reply) const
    {
        const QString where = m_options.url.toString();
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::HostNotFoundError:
            return fail(QStringLiteral("no Depot is running at %1 (%2); start one with `depot` or "
                                       "`depot --headless`, or give its address with --url")
                            .arg(where, reply->errorString()));
        default:
            return fail(QStringLiteral("Depot at %1 did not answer: %2").arg(where, reply->errorString()));
        }
    }

    // What Depot said when it refused (its JSON {"reason": ...}), else the status.
    static QString refusal(int status, const QByteArray &body)
    {
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        const QString reason = o.value(QStringLiteral("reason")).toString();
        if (status == 401)
            return QStringLiteral("Depot refused the credentials (HTTP 401); give --user and --password");
        return reason.isEmpty() ? QStringLiteral("Depot answered HTTP %1").arg(status) : reason;
    }

    // Waits for a reply while the event loop runs.
    static void wait(QNetworkReply *reply)
    {
        if (reply->isFinished())
            return;
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }

    int runExport()
    {
        QFile out;
        if (m_options.output.isEmpty()) {
            if (!out.open(stdout, QIODevice::WriteOnly)) {
                printLine(fail(QStringLiteral("cannot write to standard output")));
                return 1;
            }
        } else {
            out.setFileName(m_options.output);
            QString error;
            if (!store::openPrivateFile(out, &error)) {
                printLine(fail(QStringLiteral("cannot write %1: %2").arg(m_options.output, error)));
                return 1;
            }
        }
        const auto discard = [&] {
            if (!m_options.output.isEmpty()) {
                out.close();
                out.remove();
            }
        };
        QUrlQuery query;
        if (!m_options.filter.isEmpty()) {
            query.addQueryItem(
                QStringLiteral("filter"), QString::fromLatin1(QUrl::toPercentEncoding(m_options.filter)));
            if (m_options.regex)
                query.addQueryItem(QStringLiteral("regex"), QStringLiteral("true"));
            if (m_options.caseSensitive)
                query.addQueryItem(QStringLiteral("case_sensitive"), QStringLiteral("true"));
        }
        if (!m_options.query.isEmpty())
            query.addQueryItem(QStringLiteral("query"), QString::fromLatin1(QUrl::toPercentEncoding(m_options.query)));
        const bool topic = !m_options.topic.isEmpty();
        if (topic && m_options.partition >= 0)
            query.addQueryItem(QStringLiteral("partition"), QString::number(m_options.partition));
        const QString path = topic
            ? QStringLiteral("/api/depot/topics/%1/export").arg(encoded(m_options.topic))
            : QStringLiteral("/api/depot/queues/%1/%2/export").arg(encoded(m_options.vhost), encoded(m_options.queue));
        const QString what = topic ? QStringLiteral("records") : QStringLiteral("messages");
        std::unique_ptr<QNetworkReply> reply(m_nam.get(request(path, query)));
        qint64 lines = 0;
        bool writeFailed = false;
        QByteArray errorBody;
        QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&] {
            const QByteArray data = reply->readAll();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                errorBody += data;
                return;
            }
            lines += data.count('\n');
            if (!writeFailed && out.write(data) != data.size())
                writeFailed = true;
        });
        wait(reply.get());
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        errorBody += status == 200 ? QByteArray() : reply->readAll();
        if (status == 0) {
            discard();
            printLine(unreachable(reply.get()));
            return 1;
        }
        if (status != 200) {
            discard();
            printLine(
                fail(status == 404 && !topic ? QStringLiteral("no queue '%1' in vhost '%2'").arg(m_options.queue, m_options.vhost)
                                             : refusal(status, errorBody)));
            return 1;
        }
        if (reply->error() != QNetworkReply::NoError) {
            discard();
            printLine(
                fail(QStringLiteral("the export was cut short (%1) after %2 %3; %4")
                         .arg(reply->errorString())
                         .arg(std::max<qint64>(0, lines - 1))
                         .arg(what)
                         .arg(m_options.output.isEmpty() ? QStringLiteral("what was written is incomplete")
                                                         : QStringLiteral("%1 was removed").arg(m_options.output))));
            return 1;
        }
        if (writeFailed || !out.flush()) {
            const QString why = out.errorString();
            discard();
            printLine(
                fail(QStringLiteral("cannot write %1: %2")
                         .arg(m_options.output.isEmpty() ? QStringLiteral("standard output") : m_options.output, why)));
            return 1;
        }
        const qint64 messages = std::max<qint64>(0, lines - 1);
        if (!m_options.output.isEmpty())
            printLine(QStringLiteral("depot export: %1 %2 from %3 '%4' written to %5")
                          .arg(messages)
                          .arg(what, topic ? QStringLiteral("topic") : QStringLiteral("queue"),
                              topic ? m_options.topic : m_options.queue, m_options.output));
        return 0;
    }

    int runImport()
    {
        QFile file(m_options.input);
        if (!file.open(QIODevice::ReadOnly)) {
            printLine(fail(QStringLiteral("cannot read %1: %2").arg(m_options.input, file.errorString())));
            return 1;
        }
        const QByteArray data = file.readAll();
        // All of it is checked before anything is sent: a bad line anywhere
        // imports nothing.
        exportformat::Header header;
        exportformat::DecodeError error;
        const auto count = exportformat::decodeFile(data, &header, &error);
        if (!count) {
            printLine(fail(QStringLiteral("%1: %2; nothing was imported").arg(m_options.input, error.message())));
            return 1;
        }
        // Where each line starts, to send whole lines in batches.
        std::vector<qsizetype> starts;
        starts.reserve(size_t(*count) + 2);
        for (qsizetype at = 0; at < data.size();) {
            starts.push_back(at);
            const qsizetype end = data.indexOf('\n', at);
            at = end < 0 ? data.size() : end + 1;
        }
        starts.push_back(data.size());
        const QByteArray headerLine = data.left(starts[1]).trimmed() + '\n';
        if (m_options.skip > *count) {
            printLine(fail(QStringLiteral("--skip %1 is more than the %2 messages in %3")
                               .arg(m_options.skip)
                               .arg(*count)
                               .arg(m_options.input)));
            return 1;
        }
        const bool intoQueue = !m_options.queue.isEmpty();
        const QString target = intoQueue
            ? QStringLiteral("queues/%1/%2").arg(encoded(m_options.vhost), encoded(m_options.queue))
            : QStringLiteral("exchanges/%1/%2").arg(encoded(m_options.vhost), encoded(m_options.exchange));
        const QString path = QStringLiteral("/api/depot/%1/import").arg(target);
        QUrlQuery query;
        query.addQueryItem(
            QStringLiteral("keep_ids"), m_options.keepIds ? QStringLiteral("true") : QStringLiteral("false"));
        query.addQueryItem(QStringLiteral("keep_timestamps"),
            m_options.keepTimestamps ? QStringLiteral("true") : QStringLiteral("false"));

        qint64 next = m_options.skip; // messages of the file already in (or left out)
        qint64 imported = 0;
        qint64 unroutable = 0;
        const auto messageLine = [](qint64 message) { return message + 2; }; // file line of message n (from 0)
        while (next < *count) {
            // A batch: whole lines, up to the limits (at least one message).
            qint64 end = next;
            qsizetype bytes = headerLine.size();
            while (end < *count && end - next < BatchMessages) {
                const qsizetype size = starts[size_t(end + 2)] - starts[size_t(end + 1)];
                if (end > next && bytes + size > BatchBytes)
                    break;
                bytes += size;
                ++end;
            }
            QByteArray body = headerLine;
            body += data.mid(starts[size_t(next + 1)], starts[size_t(end + 1)] - starts[size_t(next + 1)]);
            if (!body.endsWith('\n'))
                body += '\n';
            QNetworkRequest r = request(path, query);
            r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-ndjson"));
            std::unique_ptr<QNetworkReply> reply(m_nam.post(r, body));
            wait(reply.get());
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = reply->readAll();
            if (status == 0) {
                if (next == m_options.skip && reply->error() == QNetworkReply::ConnectionRefusedError) {
                    printLine(unreachable(reply.get()));
                    return 1;
                }
                printLine(lostDepot(reply.get(), next, end));
                return 1;
            }
            if (status != 202) {
                QJsonObject o = QJsonDocument::fromJson(answer).object();
                QString reason = refusal(status, answer);
                // Depot counts lines within the batch; say them as lines of the file.
                if (o.contains(QStringLiteral("line"))) {
                    const qint64 batchLine = o.value(QStringLiteral("line")).toInteger();
                    const qint64 fileLine = messageLine(next) + batchLine - 2;
                    const QString prefix = QStringLiteral("line %1").arg(batchLine);
                    if (reason.startsWith(prefix))
                        reason = QStringLiteral("line %1").arg(fileLine) + reason.mid(prefix.size());
                }
                printLine(fail(QStringLiteral("%1: %2; %3").arg(m_options.input, reason, doneSoFar(next))));
                return 1;
            }
            // Answered at once; done when the task says the store committed it.
            const QJsonObject task = QJsonDocument::fromJson(answer).object();
            const qint64 taskId = task.value(QStringLiteral("id")).toInteger();
            QJsonObject state = task;
            while (state.value(QStringLiteral("state")).toString() == QLatin1String("running")) {
                QThread::msleep(10);
                std::unique_ptr<QNetworkReply> poll(
                    m_nam.get(request(QStringLiteral("/api/depot/tasks/%1").arg(taskId))));
                wait(poll.get());
                if (poll->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                    printLine(lostDepot(poll.get(), next, end));
                    return 1;
                }
                state = QJsonDocument::fromJson(poll->readAll()).object();
            }
            imported += state.value(QStringLiteral("done")).toInteger();
            unroutable += state.value(QStringLiteral("skipped")).toInteger();
            next = end;
        }
        QString line = QStringLiteral("depot import: %1 messages from %2 into %3")
                           .arg(imported)
                           .arg(m_options.input,
                               intoQueue ? QStringLiteral("queue '%1'").arg(m_options.queue)
                                         : QStringLiteral("exchange '%1'").arg(m_options.exchange));
        if (unroutable)
            line += QStringLiteral(", %1 routed nowhere").arg(unroutable);
        if (m_options.skip)
            line += QStringLiteral(" (the first %1 skipped)").arg(m_options.skip);
        printLine(line);
        return 0;
    }

    QString doneSoFar(qint64 next) const
    {
        if (next == m_options.skip)
            return QStringLiteral("nothing was imported");
        return QStringLiteral("the file's first %1 messages are imported; run again with --skip %1 to go on").arg(next);
    }

    // Depot went away while a batch was on its way: it went in whole or not at all.
    QString lostDepot(QNetworkReply *reply, qint64 next, qint64 end) const
    {
        return fail(QStringLiteral("lost Depot at %1 (%2): the first %3 messages of %4 are imported, and the next %5 "
                                   "(lines %6 to %7) went in whole or not at all; once Depot is back, look at the "
                                   "queue and run again with --skip %3 or --skip %8")
                        .arg(m_options.url.toString(), reply->errorString())
                        .arg(next)
                        .arg(m_options.input)
                        .arg(end - next)
                        .arg(next + 2)
                        .arg(end + 1)
                        .arg(end));
    }

    const ClientOptions &m_options;
    QString m_command;
    QNetworkAccessManager m_nam;
};

} // namespace

int runClientCommand(const ClientOptions &options)
{
    Client client(options);
    return client.run();
}

} // namespace depot::app
