#pragma once

// BrokerClient: the window's only way to the broker (DESIGN.md §2).
//
// It lives on the GUI thread and never waits: work is posted to the broker
// thread with BrokerService::post(), and results come back as queued calls
// into callbacks. Every callback is bound to a context QObject and dropped
// when that object (or this client) is gone, so a closed window or a replaced
// model never receives a late answer.
//
// A timer (about 4 Hz) asks the broker thread for one coalesced snapshot of
// queues, exchanges, bindings, connections, consumers, Kafka topics and
// consumer groups, merges the stats
// snapshot in, and emits it as one batched signal. At most one snapshot
// request is in flight: a slow broker thread makes the window update less
// often, it never piles up requests.

#include "broker/amqp/ImportPublish.h"
#include "broker/core/BrokerService.h"
#include "broker/export/ExportFormat.h"
#include "broker/engine/Engine.h"
#include "broker/kafka/TopicQueries.h"
#include "ui/client/BrokerSnapshot.h"
#include "ui/client/MessageRow.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <functional>
#include <type_traits>

class QTimer;

namespace depot::ui {

// One message to publish from the window, `count` times.
struct PublishRequest
{
    QString exchange;
    QString routingKey;
    MessageProperties properties;
    QByteArray body;
    int count = 1;
    DeathHistory deaths;   // a resent dead letter keeps its history
    MessageId editedFrom = 0; // edit and resend: the original, whose story links to the copies
};

struct PublishReply
{
    int sent = 0;        // copies the broker took (committed, see BrokerClient::publish)
    // Not empty: the broker refused the rest; the text says why.
    QString refused;
    QString error;       // anything else that stopped it (unknown exchange, ...)
    QString warning;     // taken, but not routed or rejected by a full queue
};

// Where an export from the window has got to: a walk over the whole queue,
// or a list of ids. Read and changed only on the broker thread, by one
// exportSlice() at a time.
struct ExportCursor
{
    BrowseCursor walk;
    MessageFilter filter; // a walk writes only the messages it matches (a query's result)
    QList<MessageId> ids; // not empty: only these, in this order
    qsizetype nextId = 0;
};

// Where an export of a topic's records from the window has got to (the
// Topics tab's Export…): what `spec` matches in its one topic, walked by a
// TopicQueryScan made by the first slice, or only `records` (partition,
// offset) when not empty. Read and changed only on the broker thread, by one
// exportTopicSlice() at a time.
struct TopicExportCursor
{
    kafka::TopicQuerySpec spec; // spec.topics: the one topic exported
    QList<QPair<qint32, qint64>> records; // not empty: only these, in this order
    qsizetype next = 0;
    std::shared_ptr<kafka::TopicQueryScan> scan;
    QPointer<log::LogEngine> logs; // the engine the scan walks
};

// One slice of an export: encoded lines of Depot's export format.
struct ExportChunk
{
    QByteArray lines;
    quint64 messages = 0; // messages or records in `lines`
    // A query over a topic: records looked at so far, of how many.
    quint64 scanned = 0;
    quint64 scanTotal = 0;
    bool done = false;
    QString error; // the queue or topic is gone: the export cannot be whole
};

// What one slice of an import did.
struct ImportSliceReport
{
    quint64 imported = 0;
    QStringList skipped; // one reason per message not imported
    QString stopped; // not empty: nothing more can go in (queue gone, publishers blocked)
};

// One chunk of a filter's scan over a queue.
struct ScanResult
{
    QList<MessageRow> matches;
    quint64 scanned = 0; // messages looked at in this chunk
    quint64 total = 0; // the queue's depth now
    BrowseCursor cursor; // where the next chunk goes on; cursor.done ends the scan
};

class BrokerClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerClient)

public:
    static constexpr int DefaultRefreshMs = 250;

    explicit BrokerClient(BrokerService *service, QObject *parent = nullptr);
    ~BrokerClient() override;

    BrokerService *service() const { return m_service; }
    // The latest snapshot; never null (empty until the first one arrives).
    SnapshotPtr snapshot() const { return m_snapshot; }

    void setRefreshInterval(int ms);
    // Asks for a snapshot now (F5), unless one is already on its way.
    void refreshNow();

    // ---- typed requests ----
    // Each runs on the broker thread and answers `done` later on the GUI
    // thread, unless `context` or this client is gone by then. None waits.
    // While the broker is not running they answer nothing and return false
    // (the void ones do nothing).

    // Rows [offset, offset+limit) of a queue in delivery order; peeking changes nothing.
    bool browse(QObject *context, const QString &queue, quint64 offset, quint64 limit,
        std::function<void(QList<MessageRow>)> done);
    // The ids alone of each range of rows [first, last] (no bodies are read).
    bool browseIds(QObject *context, const QString &queue, const QList<std::pair<int, int>> &rows,
        std::function<void(QList<QList<MessageId>>)> done);
    // The messages matching `filter` among the next `limit` messages of a
    // walk over the queue from `cursor` (a default one starts it), with
    // their positions. The walk resumes by message id (Engine::browseNext):
    // consumers taking messages between two chunks make it skip none that
    // stays in the queue, as an offset would.
    bool scan(QObject *context, const QString &queue, const MessageFilter &filter, const BrowseCursor &cursor,
        quint64 limit, std::function<void(ScanResult)> done);
    // One message with its whole body and headers, or nothing when it is gone.
    bool message(
        QObject *context, const QString &queue, MessageId id, std::function<void(std::optional<MessageView>)> done);
    // Removes ready messages by id; the value is how many were removed.
    bool deleteMessages(
        QObject *context, const QString &queue, const QList<MessageId> &ids, std::function<void(Result<quint64>)> done);
    // The window's Delete and Purge: the messages are set aside for
    // Engine::AsideHoldMs, so restoreAside() can put them back (Undo).
    bool setAside(QObject *context, const QString &queue, const QList<MessageId> &ids,
        std::function<void(Result<AsideReport>)> done);
    bool setAsideAll(QObject *context, const QString &queue, std::function<void(Result<AsideReport>)> done);
    bool restoreAside(QObject *context, quint64 token, std::function<void(Result<quint64>)> done);
    // Stops (paused) or resumes delivery from a queue to its consumers.
    bool setQueuePaused(
        QObject *context, const QString &queue, bool paused, std::function<void(Result<QueueInfo>)> done);
    // Retry controls (x-retry-delays) on messages of a queue, by id: Retry
    // now, Give up (dead-letter now), Reset attempts (Engine's retryNow,
    // giveUp, resetAttempts). Each message is tried; the value is how many
    // were changed, the error the first refusal (a message a consumer holds,
    // one gone meanwhile), set even when others were changed.
    enum class RetryAction { RetryNow, GiveUp, ResetAttempts };
    bool retryMessages(QObject *context, const QString &queue, RetryAction action, const QList<MessageId> &ids,
        std::function<void(Result<quint64>)> done);
    // Every message of the queue waiting for a retry is ready now; the value is how many.
    bool retryAllWaiting(QObject *context, const QString &queue, std::function<void(Result<quint64>)> done);
    // Replaces the queue's x-retry-delays (ms); an empty list removes it.
    bool setRetryDelays(QObject *context, const QString &queue, const QList<qint64> &delays,
        std::function<void(Result<QueueInfo>)> done);
    // Deletes a queue with its messages (AMQP queue.delete without
    // if-unused/if-empty); answers how many messages went with it.
    bool deleteQueue(QObject *context, const QString &queue, std::function<void(Result<quint64>)> done);
    // Declares a queue as an AMQP client would (not passive, no owner): the
    // engine's refusal (bad arguments, the name taken with others) is the answer.
    bool declareQueue(QObject *context, const QueueDef &queue, std::function<void(Result<QueueInfo>)> done);
    // Creates an exchange: unlike an AMQP declaration, one that exists
    // already (with any settings) is refused, so the window never says it
    // created what was there.
    bool createExchange(QObject *context, const ExchangeDef &exchange, std::function<void(Result<void>)> done);
    // Deletes an exchange with its bindings (exchange.delete without if-unused).
    bool deleteExchange(QObject *context, const QString &exchange, std::function<void(Result<void>)> done);
    // Adds a binding; one that exists already is refused (see createExchange).
    bool bind(QObject *context, const BindingDef &binding, std::function<void(Result<void>)> done);
    bool unbind(QObject *context, const BindingDef &binding, std::function<void(Result<void>)> done);
    // Publishes request.count copies, in slices so the broker thread stays
    // responsive, and answers once every copy that went out is committed to
    // the store (at once for transient messages or --in-memory): whoever
    // acts on the answer (edit and resend removing the original) never acts
    // on a message that could still be lost.
    bool publish(QObject *context, const PublishRequest &request, std::function<void(PublishReply)> done);
    bool startTransfer(QObject *context, const TransferSpec &spec, std::function<void(Result<quint64>)> done);
    void cancelTransfer(quint64 transferId);
    // Asks the protocol server that owns the connection to close it; false
    // when it had already gone.
    bool closeConnection(
        QObject *context, ConnectionId connection, const QString &reason, std::function<void(bool)> done);
    // Depth (ready + unacked) per second of one queue, oldest first.
    bool depthHistory(QObject *context, const QString &queue, int seconds, std::function<void(RateSeries)> done);
    // The next slice of an export of `queue` in Depot's file format (at most
    // `budget` messages looked at); BrokerClientFiles.cpp.
    bool exportSlice(QObject *context, const QString &queue, std::shared_ptr<ExportCursor> cursor, quint64 budget,
        std::function<void(ExportChunk)> done);
    // The same for a topic's records, in the format's version 2 (at most
    // TopicQueryScan::Slice records looked at, or `budget` selected records).
    bool exportTopicSlice(QObject *context, std::shared_ptr<TopicExportCursor> cursor, quint64 budget,
        std::function<void(ExportChunk)> done);
    // Imports messages [from, from + count) of `messages` into `queue` as the
    // HTTP import does (broker/amqp/ImportPublish), through the publish gate,
    // in one turn of the broker thread (one commit), and answers once the
    // store has committed them.
    bool importSlice(QObject *context, const QString &queue,
        std::shared_ptr<const std::vector<exportformat::ExportedMessage>> messages, size_t from, size_t count,
        ImportChoices choices, std::function<void(ImportSliceReport)> done);
    // ---- Kafka topics and consumer groups (BrokerClientKafka.cpp) ----
    // What broker/kafka/KafkaAdmin does, asked from the window; the errors
    // are KafkaAdmin's (their text names what was wrong).
    bool kafkaRecords(QObject *context, const QString &topic, qint32 partition, kafka::RecordsFrom from,
        qint32 limit, std::function<void(Result<kafka::RecordPage>)> done);
    bool kafkaSearch(QObject *context, const QString &topic, const kafka::RecordSearch &search,
        std::function<void(Result<kafka::SearchPage>)> done);
    // The life story of one record (KafkaAdmin::recordStory).
    bool kafkaRecordStory(QObject *context, const QString &topic, qint32 partition, qint64 offset,
        std::function<void(Result<kafka::RecordStory>)> done);
    // Produce and re-produce answer once the store has committed the records.
    bool kafkaProduce(QObject *context, const QList<kafka::ProduceRecord> &records,
        std::function<void(Result<QList<kafka::ProducedRecord>>)> done);
    bool kafkaReproduce(QObject *context, const kafka::Reproduce &request,
        std::function<void(Result<QList<kafka::ProducedRecord>>)> done);
    bool kafkaResetOffsets(QObject *context, const kafka::OffsetReset &reset,
        std::function<void(Result<QList<kafka::GroupOffsetView>>)> done);
    bool kafkaDeleteGroup(QObject *context, const QString &group, std::function<void(Result<void>)> done);
    bool kafkaCreateTopic(QObject *context, const QString &name, const log::TopicSettings &settings,
        std::function<void(Result<void>)> done);
    bool kafkaDeleteTopic(QObject *context, const QString &name, std::function<void(Result<void>)> done);
    // ---- message life stories (BrokerClientHistory.cpp) ----
    // The story of a message by any id it had, in a queue or gone; nothing
    // when none is kept. `historyOn` says whether the broker records any.
    bool messageHistory(QObject *context, MessageId id, std::function<void(std::optional<MessageStory>, bool historyOn)> done);
    // Stories by id, message-id or correlation-id (Engine::findHistory).
    bool findHistory(QObject *context, const HistoryQuery &query, std::function<void(QList<MessageStory>, bool historyOn)> done);

    // ---- queries over queues (BrokerClientQuery.cpp) ----
    // Runs a query (docs/query.md) over the queues `spec` picks, in slices on
    // the broker thread (Engine::startQuery). `started` answers its id, or
    // the engine's refusal (an invalid query, a named queue that does not
    // exist); then queryMatched brings the matches as each slice finds them
    // (rows with a body preview, never whole bodies), queryProgress follows
    // every slice, and queryFinished comes once, done or cancelled. A query
    // whose `context` is gone before it started is cancelled at once.
    struct QueryResult
    {
        QString queue;
        MessageRow row;
    };
    bool startQuery(QObject *context, const QuerySpec &spec, std::function<void(Result<quint64>)> started);
    // Stops it at once on the broker thread; its queryFinished (cancelled) follows.
    void cancelQuery(quint64 queryId);
Q_SIGNALS:
    void queryMatched(quint64 queryId, const QList<depot::ui::BrokerClient::QueryResult> &results);
    void queryProgress(const depot::QueryProgress &progress);
    void queryFinished(const depot::QueryProgress &progress);

public:
    // ---- queries over Kafka topics (BrokerClientTopicQuery.cpp) ----
    // The same for records (docs/query.md, "Topics"): KafkaAdmin's
    // TopicQueries runs it in slices on the broker thread; `started` answers
    // its id or the refusal (an invalid query, a named topic or partition that
    // does not exist), then topicQueryMatched brings the records each slice
    // finds, topicQueryProgress follows every slice, and topicQueryFinished
    // comes once. A query whose `context` is gone before it started is
    // cancelled at once.
    bool startTopicQuery(QObject *context, const kafka::TopicQuerySpec &spec, std::function<void(Result<quint64>)> started);
    void cancelTopicQuery(quint64 queryId);
Q_SIGNALS:
    void topicQueryMatched(quint64 queryId, const QList<depot::kafka::RecordView> &records);
    void topicQueryProgress(const depot::kafka::TopicQueryProgress &progress);
    void topicQueryFinished(const depot::kafka::TopicQueryProgress &progress);

public:
    // The built-in demo producers and consumers.
    void startDemo();
    void stopDemo();

Q_SIGNALS:
    void snapshotUpdated(const depot::ui::SnapshotPtr &snapshot);
    void transferProgress(quint64 transferId, quint64 done, quint64 total);
    void transferFinished(const depot::TransferReport &report);
    // Started, stopped or failed: read service()->state().
    void brokerStateChanged();

private:
    // Runs `work(engine)` on the broker thread and `done(result)` later on the
    // GUI thread, unless `context` or this client has been destroyed by then.
    // Returns false when the broker is not running (done is never called).
    // Private: views ask for what they need by name, never hold the engine.
    template <typename Work, typename Done> bool call(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work, Engine &>;
        return m_service->post([reply = replier<R>(context, std::move(done)), work = std::move(work)](
                                   Engine &engine) mutable { reply(work(engine)); });
    }
    // A function that, called on the broker thread with a result, hands it
    // to `done` on the GUI thread if `context` and this client still exist.
    template <typename R, typename Done> std::function<void(R)> replier(QObject *context, Done done)
    {
        QPointer<QObject> guard(context);
        QPointer<BrokerClient> self(this);
        return [guard, self, done = std::move(done)](R result) mutable {
            // qApp lives on the GUI thread for the whole run; the guards are
            // only read there, never on the broker thread.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard, self, done, result = std::move(result)]() mutable {
                    if (guard && self)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        };
    }
    // The same with Kafka's admin beside the engine: `work(engine, admin)`.
    template <typename Work, typename Done> bool callKafka(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work, Engine &, kafka::KafkaAdmin &>;
        return m_service->postKafka([reply = replier<R>(context, std::move(done)), work = std::move(work)](
                                        Engine &engine, kafka::KafkaAdmin &admin) mutable {
            reply(work(engine, admin));
        });
    }
    // Fire and forget.
    bool run(std::function<void(Engine &)> work) { return m_service->post(std::move(work)); }
    // From the broker thread: hands a started query's id (or refusal) to
    // `started` on the GUI thread; a query whose asker is gone by then is
    // stopped with `cancel` (BrokerClientQuery.cpp).
    static void answerStarted(QPointer<BrokerClient> self, QPointer<QObject> guard,
        std::function<void(Result<quint64>)> started, Result<quint64> result, void (BrokerClient::*cancel)(quint64));
    void publishSlice(QObject *context, PublishRequest request, int sentBefore, quint64 waitFor,
        std::function<void(PublishReply)> done);
    // Calls `answer` on the broker thread once the store has committed
    // `sequence` (at once when it has, or without a store).
    static void whenCommitted(Engine &engine, quint64 sequence, std::function<void()> answer);

    void requestSnapshot();
    void receiveSnapshot(std::shared_ptr<BrokerSnapshot> snapshot);
    void attachEngineSignals();

    BrokerService *m_service; // not owned; outlives the client
    SnapshotPtr m_snapshot;
    QTimer *m_timer = nullptr;
    bool m_snapshotPending = false;
    quint64 m_requestGeneration = 0;
};

} // namespace depot::ui
