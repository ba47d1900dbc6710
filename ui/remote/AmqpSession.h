#pragma once

// AmqpSession: one AMQP 0-9-1 connection to a remote RabbitMQ through
// Debian's rabbitmq-c (librabbitmq), with one channel for reading and a
// second one: for confirmed publishing, or (in transaction mode) for probing
// queues. Every call blocks on the network, so a session lives on a worker
// thread (RemoteMessageJobs) or a tool process, never on the GUI thread.
//
// It offers what the window's message work needs and nothing more:
// basic.get without auto-ack (the message stays unacked until ack() or
// requeue()), publishing with the mandatory flag either with publisher
// confirms (publishConfirmed() returns only when the broker confirmed,
// refused or returned the message) or inside AMQP transactions on the
// reading channel (tx.select; publishes and acks take effect together at
// commit()), and reading a stream from an offset (basic.qos, basic.consume
// with x-stream-offset, then basic.cancel), which has no side effect on a
// stream.
//
// amqp:// and amqps:// (rabbitmq-c's OpenSSL socket) with the profile's TLS
// settings: the system's CAs or a CA file, a client certificate and key, and
// a certificate the user accepted by its SHA-256 fingerprint, which passes
// only with exactly that fingerprint (as for the management API).

#include "broker/engine/Message.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace depot::ui::remote {

struct RemoteProfile;

// One message as read over AMQP: its content as the window's types, and the
// raw properties kept so a republish sends them exactly as they were.
struct AmqpMessage
{
    quint64 deliveryTag = 0;
    bool redelivered = false;
    quint64 messageCount = 0; // basic.get-ok's: messages left behind it
    MessageContent content;   // headers as read, x-death included
    std::shared_ptr<void> raw; // rabbitmq-c's message (properties + body), for republishing
    qint64 streamOffset = -1;  // a stream's x-stream-offset header, else -1
};

class AmqpSession final
{
public:
    struct Options
    {
        QUrl url; // amqp://host:port or amqps://host:port; a path names the vhost
        QString user;
        QString password;
        QString vhost; // used when the URL has no path
        bool systemCas = true;
        QString caFile;
        QString clientCertificate;
        QString clientKey;
        QString acceptedFingerprint; // sha-256, hex with colons, lower case

        static Options fromProfile(const RemoteProfile &profile, const QString &password, const QString &vhost);
    };

    AmqpSession();
    ~AmqpSession();
    AmqpSession(const AmqpSession &) = delete;
    AmqpSession &operator=(const AmqpSession &) = delete;

    enum class Publishing {
        None,         // reading only
        Confirms,     // publishes on channel 2 with publisher confirms
        Transactions, // tx.select on channel 1: publishes and acks wait for commit()
    };
    // Connects, logs in, opens channel 1 and what `publishing` needs. False
    // with error() set on failure (a broker that refuses tx.select or
    // confirm.select says so in error()).
    bool open(const Options &options, Publishing publishing);
    void close();
    bool isOpen() const { return m_open; }
    bool transactional() const { return m_publishing == Publishing::Transactions; }
    QString error() const { return m_error; }

    // basic.get without auto-ack. nullopt with error() empty: the queue is empty.
    std::optional<AmqpMessage> get(const QString &queue);
    // `count` basic.gets sent at once and their answers read in order (one
    // round trip for all); `empty` is set when the queue ran out. Only while
    // no publish waits for its confirm (its frames would come in between).
    QList<AmqpMessage> getBatch(const QString &queue, int count, bool *empty);
    bool ack(quint64 deliveryTag, bool multiple = false);
    // basic.nack with requeue (multiple: every unacked tag up to this one).
    bool requeue(quint64 deliveryTag, bool multiple);

    enum class Confirm { Confirmed, Returned, Nacked, Failed };
    // Publishes `message` as it was read (properties and body) to exchange/
    // routingKey with the mandatory flag and waits for the broker's answer.
    Confirm publishConfirmed(const AmqpMessage &message, const QString &exchange, const QString &routingKey);
    // The same without waiting: its publish sequence number (0: failed).
    quint64 publish(const AmqpMessage &message, const QString &exchange, const QString &routingKey);
    // Waits until every publish up to `seq` is confirmed or nacked; each
    // one's answer goes to `outcomes` (Confirmed or Nacked). A message the
    // broker returned (unroutable; its confirm follows) is reported in
    // `returnedKeys` by RemoteMessage's key: returns carry no sequence
    // number. False (error() set) when the connection failed meanwhile.
    bool waitConfirms(quint64 seq, QHash<quint64, Confirm> &outcomes, QStringList &returnedKeys);

    // Transaction mode: tx.commit on channel 1, waiting for commit-ok. The
    // publishes and acks since the last commit take effect together; the
    // messages RabbitMQ could not route (it returns them at the commit, as
    // its "Semantics of tx" documents) go to `returned` (when given) with
    // their content.
    // False (error() set) when the commit failed or its answer did not come:
    // RabbitMQ then discards the uncommitted work when the channel closes.
    bool commit(QList<AmqpMessage> *returned);
    // commit() in two halves, so that a caller can work on another
    // connection while the broker commits: sendCommit() sends tx.commit,
    // waitCommit() waits for its answer (nothing else may be sent on this
    // session in between).
    bool sendCommit();
    bool waitCommit(QList<AmqpMessage> *returned);
    // After a failed commit: RabbitMQ closed the channel with 406 (its
    // "partial tx completion"): a queue refused one of the publishes (it is
    // full with x-overflow reject-publish) while the commit had already
    // settled the acks. The acked sources are gone from their queue, and only
    // some of the publishes took: the caller must put the batch back.
    bool commitRefused() const { return m_commitRefused; }
    // Whether `queue` exists in the session's vhost (queue.declare passive on
    // the second channel, so that a missing queue, which closes the channel
    // it was asked on, never closes the transaction's). nullopt: the broker
    // did not answer (error() set).
    std::optional<bool> queueExists(const QString &queue);

    // Reads up to `max` messages of a stream from `offset` (x-stream-offset:
    // a number; -1 for "first") and cancels. A read ends early after
    // `idleMs` without a delivery (the stream's end).
    QList<AmqpMessage> readStream(const QString &queue, qint64 offset, int max, int idleMs);

private:
    struct State;
    bool fail(const QString &what, int status);
    bool failReply(const QString &what);
    std::unique_ptr<State> m_state;
    bool m_open = false;
    Publishing m_publishing = Publishing::None;
    QString m_error;
    quint64 m_publishSeq = 0;
    quint64 m_answeredUpTo = 0; // every publish up to here has its answer
    bool m_commitRefused = false;
};

} // namespace depot::ui::remote
