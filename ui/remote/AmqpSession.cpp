#include "ui/remote/AmqpSession.h"

#include "ui/remote/RemoteMessage.h"
#include "ui/remote/RemoteProfile.h"

#include <QDateTime>
#include <QTimeZone>
#include <QVariantList>

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <sys/time.h>

namespace depot::ui::remote {

namespace {

// Gets, acks and consumers on one channel, confirmed publishes on another:
// confirms arriving while a basic.get waits for its answer would otherwise
// sit between the get-ok and its content on the same channel.
constexpr amqp_channel_t Channel = 1;
constexpr amqp_channel_t PublishChannel = 2;
constexpr int ConnectTimeoutS = 10;
// How long a publish waits for the broker's confirm before the session
// counts as failed (the message then stays unacked on its queue).
constexpr int ConfirmTimeoutS = 30;

QString text(amqp_bytes_t b)
{
    return QString::fromUtf8(static_cast<const char *>(b.bytes), qsizetype(b.len));
}

QByteArray bytes(amqp_bytes_t b)
{
    return QByteArray(static_cast<const char *>(b.bytes), qsizetype(b.len));
}

amqp_bytes_t asBytes(const QByteArray &utf8)
{
    return amqp_bytes_t{size_t(utf8.size()), const_cast<char *>(utf8.constData())};
}

QVariant fieldValue(const amqp_field_value_t &v);

QVariantMap tableValue(const amqp_table_t &t)
{
    QVariantMap map;
    for (int i = 0; i < t.num_entries; ++i)
        map.insert(text(t.entries[i].key), fieldValue(t.entries[i].value));
    return map;
}

QVariant fieldValue(const amqp_field_value_t &v)
{
    switch (v.kind) {
    case AMQP_FIELD_KIND_BOOLEAN: return bool(v.value.boolean);
    case AMQP_FIELD_KIND_I8: return qint64(v.value.i8);
    case AMQP_FIELD_KIND_U8: return qint64(v.value.u8);
    case AMQP_FIELD_KIND_I16: return qint64(v.value.i16);
    case AMQP_FIELD_KIND_U16: return qint64(v.value.u16);
    case AMQP_FIELD_KIND_I32: return qint64(v.value.i32);
    case AMQP_FIELD_KIND_U32: return qint64(v.value.u32);
    case AMQP_FIELD_KIND_I64: return qint64(v.value.i64);
    case AMQP_FIELD_KIND_U64: return quint64(v.value.u64);
    case AMQP_FIELD_KIND_F32: return double(v.value.f32);
    case AMQP_FIELD_KIND_F64: return v.value.f64;
    case AMQP_FIELD_KIND_DECIMAL: {
        double d = double(v.value.decimal.value);
        for (int i = 0; i < v.value.decimal.decimals; ++i)
            d /= 10;
        return d;
    }
    case AMQP_FIELD_KIND_UTF8: return text(v.value.bytes);
    case AMQP_FIELD_KIND_BYTES: return bytes(v.value.bytes);
    case AMQP_FIELD_KIND_TIMESTAMP:
        return QDateTime::fromSecsSinceEpoch(qint64(v.value.u64), Qt::UTC);
    case AMQP_FIELD_KIND_TABLE: return tableValue(v.value.table);
    case AMQP_FIELD_KIND_ARRAY: {
        QVariantList list;
        for (int i = 0; i < v.value.array.num_entries; ++i)
            list.append(fieldValue(v.value.array.entries[i]));
        return list;
    }
    default: return {};
    }
}

MessageProperties propertiesOf(const amqp_basic_properties_t &p)
{
    MessageProperties m;
    const auto has = [&p](amqp_flags_t flag) { return (p._flags & flag) != 0; };
    if (has(AMQP_BASIC_CONTENT_TYPE_FLAG)) m.contentType = text(p.content_type);
    if (has(AMQP_BASIC_CONTENT_ENCODING_FLAG)) m.contentEncoding = text(p.content_encoding);
    if (has(AMQP_BASIC_HEADERS_FLAG)) m.headers = tableValue(p.headers);
    if (has(AMQP_BASIC_DELIVERY_MODE_FLAG)) m.deliveryMode = p.delivery_mode;
    if (has(AMQP_BASIC_PRIORITY_FLAG)) m.priority = p.priority;
    if (has(AMQP_BASIC_CORRELATION_ID_FLAG)) m.correlationId = text(p.correlation_id);
    if (has(AMQP_BASIC_REPLY_TO_FLAG)) m.replyTo = text(p.reply_to);
    if (has(AMQP_BASIC_EXPIRATION_FLAG)) m.expiration = text(p.expiration);
    if (has(AMQP_BASIC_MESSAGE_ID_FLAG)) m.messageId = text(p.message_id);
    if (has(AMQP_BASIC_TIMESTAMP_FLAG)) m.timestamp = qint64(p.timestamp);
    if (has(AMQP_BASIC_TYPE_FLAG)) m.type = text(p.type);
    if (has(AMQP_BASIC_USER_ID_FLAG)) m.userId = text(p.user_id);
    if (has(AMQP_BASIC_APP_ID_FLAG)) m.appId = text(p.app_id);
    if (has(AMQP_BASIC_CLUSTER_ID_FLAG)) m.clusterId = text(p.cluster_id);
    return m;
}

struct RawMessage
{
    amqp_message_t message{};
    ~RawMessage() { amqp_destroy_message(&message); }
};

AmqpMessage toMessage(std::shared_ptr<RawMessage> raw, quint64 tag, bool redelivered, const QString &exchange,
    const QString &routingKey)
{
    AmqpMessage m;
    m.deliveryTag = tag;
    m.redelivered = redelivered;
    m.content.exchange = exchange;
    m.content.routingKey = routingKey;
    m.content.properties = propertiesOf(raw->message.properties);
    m.content.body = bytes(raw->message.body);
    if (m.content.properties.headers) {
        const QVariant offset = m.content.properties.headers->value(QStringLiteral("x-stream-offset"));
        if (offset.isValid())
            m.streamOffset = offset.toLongLong();
    }
    m.raw = std::move(raw);
    return m;
}

// The SHA-256 the user accepted, for the verify callback below: a session
// lives on one worker thread and connects there.
thread_local QByteArray t_pinnedFingerprint;

int verifyPinned(int preverifyOk, X509_STORE_CTX *store)
{
    if (preverifyOk)
        return 1;
    X509 *cert = X509_STORE_CTX_get0_cert(store);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!cert || !X509_digest(cert, EVP_sha256(), md, &len))
        return 0;
    const QByteArray hex = QByteArray(reinterpret_cast<const char *>(md), int(len)).toHex(':').toLower();
    return !t_pinnedFingerprint.isEmpty() && hex == t_pinnedFingerprint ? 1 : 0;
}

} // namespace

struct AmqpSession::State
{
    amqp_connection_state_t conn = nullptr;
};

AmqpSession::Options AmqpSession::Options::fromProfile(
    const RemoteProfile &profile, const QString &password, const QString &vhost)
{
    Options o;
    o.url = profile.amqpUrl;
    o.user = profile.user;
    o.password = password;
    o.vhost = vhost.isEmpty() ? (profile.vhost.isEmpty() ? QStringLiteral("/") : profile.vhost) : vhost;
    o.systemCas = profile.trust == RemoteProfile::TrustMode::SystemCas;
    o.caFile = profile.caFile;
    o.clientCertificate = profile.clientCertificate;
    o.clientKey = profile.clientKey;
    o.acceptedFingerprint = profile.acceptedFingerprint;
    return o;
}

AmqpSession::AmqpSession()
    : m_state(std::make_unique<State>())
{
}

AmqpSession::~AmqpSession()
{
    close();
}

bool AmqpSession::fail(const QString &what, int status)
{
    m_error = what + QStringLiteral(": ") + QString::fromUtf8(amqp_error_string2(status));
    return false;
}

bool AmqpSession::failReply(const QString &what)
{
    const amqp_rpc_reply_t reply = amqp_get_rpc_reply(m_state->conn);
    switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        m_error.clear();
        return true;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return fail(what, reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            const auto *close = static_cast<amqp_channel_close_t *>(reply.reply.decoded);
            m_error = what + QStringLiteral(": ") + QString::number(close->reply_code) + u' ' + text(close->reply_text);
        } else if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            const auto *close = static_cast<amqp_connection_close_t *>(reply.reply.decoded);
            m_error = what + QStringLiteral(": ") + QString::number(close->reply_code) + u' ' + text(close->reply_text);
        } else {
            m_error = what + QStringLiteral(": the broker closed the channel");
        }
        m_open = false; // the channel is gone: the broker requeues what was unacked
        return false;
    default:
        m_error = what + QStringLiteral(": no answer");
        return false;
    }
}

bool AmqpSession::open(const Options &options, Publishing publishing)
{
    close();
    m_error.clear();
    m_publishSeq = 0;
    m_answeredUpTo = 0;
    const QString scheme = options.url.scheme();
    if (scheme != u"amqp" && scheme != u"amqps") {
        m_error = QStringLiteral("the AMQP URL must start with amqp:// or amqps:// (it is \"%1\")")
                      .arg(options.url.toString());
        return false;
    }
    const bool tls = scheme == u"amqps";
    m_state->conn = amqp_new_connection();
    amqp_socket_t *socket = nullptr;
    if (tls) {
        socket = amqp_ssl_socket_new(m_state->conn);
        if (!socket) {
            m_error = QStringLiteral("cannot create a TLS socket");
            return false;
        }
        auto *ctx = static_cast<SSL_CTX *>(amqp_ssl_socket_get_context(socket));
        if (options.systemCas)
            SSL_CTX_set_default_verify_paths(ctx);
        else if (int s = amqp_ssl_socket_set_cacert(socket, options.caFile.toLocal8Bit().constData()))
            return fail(QStringLiteral("cannot read the CA file %1").arg(options.caFile), s);
        if (!options.clientCertificate.isEmpty()) {
            if (int s = amqp_ssl_socket_set_key(socket, options.clientCertificate.toLocal8Bit().constData(),
                    options.clientKey.toLocal8Bit().constData()))
                return fail(QStringLiteral("cannot read the client certificate %1").arg(options.clientCertificate), s);
        }
        amqp_ssl_socket_set_verify_peer(socket, 1);
        if (options.acceptedFingerprint.isEmpty()) {
            amqp_ssl_socket_set_verify_hostname(socket, 1);
        } else {
            // As for the management API: the accepted certificate passes its
            // errors (hostname included), any other certificate does not.
            amqp_ssl_socket_set_verify_hostname(socket, 0);
            t_pinnedFingerprint = options.acceptedFingerprint.toLatin1().toLower();
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verifyPinned);
        }
    } else {
        socket = amqp_tcp_socket_new(m_state->conn);
    }
    if (!socket) {
        m_error = QStringLiteral("cannot create a socket");
        return false;
    }
    const QString host = options.url.host().isEmpty() ? QStringLiteral("localhost") : options.url.host();
    const int port = options.url.port(tls ? 5671 : 5672);
    timeval timeout{ConnectTimeoutS, 0};
    if (int s = amqp_socket_open_noblock(socket, host.toUtf8().constData(), port, &timeout))
        return fail(QStringLiteral("cannot connect to %1:%2").arg(host).arg(port), s);
    QString vhost = options.url.path();
    vhost = vhost.size() > 1 ? QUrl::fromPercentEncoding(vhost.mid(1).toUtf8()) : options.vhost;
    if (vhost.isEmpty())
        vhost = QStringLiteral("/");
    const amqp_rpc_reply_t login = amqp_login(m_state->conn, vhost.toUtf8().constData(), 0, 131072, 0,
        AMQP_SASL_METHOD_PLAIN, options.user.toUtf8().constData(), options.password.toUtf8().constData());
    if (login.reply_type != AMQP_RESPONSE_NORMAL) {
        if (login.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION)
            return fail(QStringLiteral("%1 refused the login to vhost %2").arg(host, vhost), login.library_error);
        m_error = QStringLiteral("%1 refused the login to vhost %2").arg(host, vhost);
        return false;
    }
    amqp_channel_open(m_state->conn, Channel);
    if (!failReply(QStringLiteral("cannot open a channel")))
        return false;
    if (publishing != Publishing::None) {
        amqp_channel_open(m_state->conn, PublishChannel);
        if (!failReply(QStringLiteral("cannot open a channel")))
            return false;
    }
    if (publishing == Publishing::Confirms) {
        amqp_confirm_select(m_state->conn, PublishChannel);
        if (!failReply(QStringLiteral("the broker refused publisher confirms")))
            return false;
    } else if (publishing == Publishing::Transactions) {
        amqp_tx_select(m_state->conn, Channel);
        if (!failReply(QStringLiteral("the broker refused transactions (tx.select)")))
            return false;
    }
    m_publishing = publishing;
    m_open = true;
    return true;
}

void AmqpSession::close()
{
    if (!m_state->conn)
        return;
    if (m_open) {
        amqp_channel_close(m_state->conn, Channel, AMQP_REPLY_SUCCESS);
        if (m_publishing != Publishing::None)
            amqp_channel_close(m_state->conn, PublishChannel, AMQP_REPLY_SUCCESS);
        amqp_connection_close(m_state->conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(m_state->conn);
    m_state->conn = nullptr;
    m_open = false;
}

std::optional<AmqpMessage> AmqpSession::get(const QString &queue)
{
    m_error.clear();
    const QByteArray name = queue.toUtf8();
    const amqp_rpc_reply_t reply = amqp_basic_get(m_state->conn, Channel, asBytes(name), 0);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        failReply(QStringLiteral("basic.get on %1 failed").arg(queue));
        return std::nullopt;
    }
    if (reply.reply.id == AMQP_BASIC_GET_EMPTY_METHOD)
        return std::nullopt;
    const auto *ok = static_cast<amqp_basic_get_ok_t *>(reply.reply.decoded);
    const quint64 tag = ok->delivery_tag;
    const bool redelivered = ok->redelivered;
    const QString exchange = text(ok->exchange);
    const QString routingKey = text(ok->routing_key);
    const quint64 left = ok->message_count;
    auto raw = std::make_shared<RawMessage>();
    const amqp_rpc_reply_t read = amqp_read_message(m_state->conn, Channel, &raw->message, 0);
    if (read.reply_type != AMQP_RESPONSE_NORMAL) {
        m_open = false;
        m_error = QStringLiteral("reading a message from %1 failed").arg(queue);
        return std::nullopt;
    }
    AmqpMessage m = toMessage(std::move(raw), tag, redelivered, exchange, routingKey);
    m.messageCount = left;
    amqp_maybe_release_buffers_on_channel(m_state->conn, Channel); // the decoded frames; the message has its own pool
    return m;
}

QList<AmqpMessage> AmqpSession::getBatch(const QString &queue, int count, bool *empty)
{
    QList<AmqpMessage> out;
    m_error.clear();
    *empty = false;
    const QByteArray name = queue.toUtf8();
    amqp_basic_get_t request{0, asBytes(name), 0};
    for (int i = 0; i < count; ++i) {
        if (int s = amqp_send_method(m_state->conn, Channel, AMQP_BASIC_GET_METHOD, &request)) {
            fail(QStringLiteral("basic.get on %1 failed").arg(queue), s);
            m_open = false;
            return out;
        }
    }
    for (int answered = 0; answered < count;) {
        amqp_frame_t frame;
        timeval timeout{ConfirmTimeoutS, 0};
        const int s = amqp_simple_wait_frame_noblock(m_state->conn, &frame, &timeout);
        if (s != AMQP_STATUS_OK) {
            fail(QStringLiteral("basic.get on %1 failed").arg(queue), s);
            m_open = false;
            return out;
        }
        if (frame.frame_type != AMQP_FRAME_METHOD || frame.channel != Channel)
            continue;
        ++answered;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_GET_EMPTY_METHOD:
            *empty = true;
            break;
        case AMQP_BASIC_GET_OK_METHOD: {
            const auto *ok = static_cast<amqp_basic_get_ok_t *>(frame.payload.method.decoded);
            const quint64 tag = ok->delivery_tag;
            const bool redelivered = ok->redelivered;
            const QString exchange = text(ok->exchange);
            const QString routingKey = text(ok->routing_key);
            const quint64 left = ok->message_count;
            auto raw = std::make_shared<RawMessage>();
            if (amqp_read_message(m_state->conn, Channel, &raw->message, 0).reply_type != AMQP_RESPONSE_NORMAL) {
                m_open = false;
                m_error = QStringLiteral("reading a message from %1 failed").arg(queue);
                return out;
            }
            AmqpMessage m = toMessage(std::move(raw), tag, redelivered, exchange, routingKey);
            m.messageCount = left;
            out.append(std::move(m));
            break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD: {
            const auto *close = static_cast<amqp_channel_close_t *>(frame.payload.method.decoded);
            m_error = QStringLiteral("basic.get on %1 failed: %2 %3").arg(queue).arg(close->reply_code).arg(text(close->reply_text));
            m_open = false;
            return out;
        }
        default:
            break;
        }
    }
    amqp_maybe_release_buffers_on_channel(m_state->conn, Channel);
    return out;
}

bool AmqpSession::ack(quint64 deliveryTag, bool multiple)
{
    if (int s = amqp_basic_ack(m_state->conn, Channel, deliveryTag, multiple))
        return fail(QStringLiteral("basic.ack failed"), s);
    return true;
}

bool AmqpSession::requeue(quint64 deliveryTag, bool multiple)
{
    if (int s = amqp_basic_nack(m_state->conn, Channel, deliveryTag, multiple, 1))
        return fail(QStringLiteral("basic.nack failed"), s);
    return true;
}

AmqpSession::Confirm AmqpSession::publishConfirmed(
    const AmqpMessage &message, const QString &exchange, const QString &routingKey)
{
    const quint64 seq = publish(message, exchange, routingKey);
    if (seq == 0)
        return Confirm::Failed;
    QHash<quint64, Confirm> outcomes;
    QStringList returned;
    if (!waitConfirms(seq, outcomes, returned))
        return Confirm::Failed;
    if (!returned.isEmpty())
        return Confirm::Returned;
    return outcomes.value(seq, Confirm::Failed);
}

quint64 AmqpSession::publish(const AmqpMessage &message, const QString &exchange, const QString &routingKey)
{
    m_error.clear();
    const auto *raw = static_cast<const RawMessage *>(message.raw.get());
    const QByteArray ex = exchange.toUtf8();
    const QByteArray key = routingKey.toUtf8();
    // In a transaction the publishes go on the channel of the gets and acks:
    // a transaction covers one channel.
    const amqp_channel_t channel = m_publishing == Publishing::Transactions ? Channel : PublishChannel;
    if (int s = amqp_basic_publish(m_state->conn, channel, asBytes(ex), asBytes(key), 1, 0,
            &raw->message.properties, raw->message.body)) {
        fail(QStringLiteral("publishing failed"), s);
        m_open = false;
        return 0;
    }
    return ++m_publishSeq;
}

bool AmqpSession::waitConfirms(quint64 seq, QHash<quint64, Confirm> &outcomes, QStringList &returnedKeys)
{
    const auto settle = [&](quint64 tag, bool multiple, Confirm outcome) {
        if (!multiple) {
            outcomes.insert(tag, outcome);
            return;
        }
        for (quint64 s = std::max<quint64>(m_answeredUpTo + 1, 1); s <= tag; ++s) {
            if (!outcomes.contains(s))
                outcomes.insert(s, outcome);
        }
    };
    const auto advance = [&] {
        while (outcomes.contains(m_answeredUpTo + 1))
            ++m_answeredUpTo;
    };
    advance();
    while (m_answeredUpTo < seq) {
        amqp_frame_t frame;
        timeval timeout{ConfirmTimeoutS, 0};
        const int s = amqp_simple_wait_frame_noblock(m_state->conn, &frame, &timeout);
        if (s != AMQP_STATUS_OK) {
            fail(QStringLiteral("waiting for the broker's confirm failed"), s);
            m_open = false;
            return false;
        }
        if (frame.frame_type != AMQP_FRAME_METHOD || frame.channel != PublishChannel)
            continue;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
            const auto *ack = static_cast<amqp_basic_ack_t *>(frame.payload.method.decoded);
            settle(ack->delivery_tag, ack->multiple, Confirm::Confirmed);
            break;
        }
        case AMQP_BASIC_NACK_METHOD: {
            const auto *nack = static_cast<amqp_basic_nack_t *>(frame.payload.method.decoded);
            settle(nack->delivery_tag, nack->multiple, Confirm::Nacked);
            break;
        }
        case AMQP_BASIC_RETURN_METHOD: {
            // Unroutable: its content follows, then its confirm.
            const auto *ret = static_cast<amqp_basic_return_t *>(frame.payload.method.decoded);
            const QString routingKey = text(ret->routing_key);
            RawMessage back;
            if (amqp_read_message(m_state->conn, PublishChannel, &back.message, 0).reply_type != AMQP_RESPONSE_NORMAL) {
                m_open = false;
                m_error = QStringLiteral("reading a returned message failed");
                return false;
            }
            returnedKeys.append(keyOf(routingKey, bytes(back.message.body)));
            break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD: {
            const auto *close = static_cast<amqp_channel_close_t *>(frame.payload.method.decoded);
            m_error = QStringLiteral("the broker closed the channel: %1 %2")
                          .arg(close->reply_code)
                          .arg(text(close->reply_text));
            amqp_channel_close_ok_t ok{};
            amqp_send_method(m_state->conn, PublishChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
            m_open = false;
            return false;
        }
        default:
            break;
        }
        advance();
    }
    amqp_maybe_release_buffers_on_channel(m_state->conn, PublishChannel);
    return true;
}

bool AmqpSession::commit(QList<AmqpMessage> *returned)
{
    return sendCommit() && waitCommit(returned);
}

bool AmqpSession::sendCommit()
{
    m_error.clear();
    m_commitRefused = false;
    amqp_tx_commit_t request{};
    if (int s = amqp_send_method(m_state->conn, Channel, AMQP_TX_COMMIT_METHOD, &request)) {
        m_open = false;
        return fail(QStringLiteral("tx.commit failed"), s);
    }
    return true;
}

bool AmqpSession::waitCommit(QList<AmqpMessage> *returned)
{
    for (;;) {
        amqp_frame_t frame;
        timeval timeout{ConfirmTimeoutS, 0};
        const int s = amqp_simple_wait_frame_noblock(m_state->conn, &frame, &timeout);
        if (s != AMQP_STATUS_OK) {
            m_open = false;
            return fail(QStringLiteral("waiting for the broker's commit-ok failed"), s);
        }
        if (frame.frame_type != AMQP_FRAME_METHOD || frame.channel != Channel)
            continue;
        switch (frame.payload.method.id) {
        case AMQP_TX_COMMIT_OK_METHOD:
            amqp_maybe_release_buffers_on_channel(m_state->conn, Channel);
            return true;
        case AMQP_BASIC_RETURN_METHOD: {
            // Unroutable: RabbitMQ returns it at the commit, its content follows.
            const auto *ret = static_cast<amqp_basic_return_t *>(frame.payload.method.decoded);
            const QString exchange = text(ret->exchange);
            const QString routingKey = text(ret->routing_key);
            auto raw = std::make_shared<RawMessage>();
            if (amqp_read_message(m_state->conn, Channel, &raw->message, 0).reply_type != AMQP_RESPONSE_NORMAL) {
                m_open = false;
                m_error = QStringLiteral("reading a returned message failed");
                return false;
            }
            if (returned)
                returned->append(toMessage(std::move(raw), 0, false, exchange, routingKey));
            break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD: {
            const auto *close = static_cast<amqp_channel_close_t *>(frame.payload.method.decoded);
            m_error = QStringLiteral("the broker closed the channel at the commit: %1 %2")
                          .arg(close->reply_code)
                          .arg(text(close->reply_text));
            // RabbitMQ's "partial tx completion": a queue refused a publish
            // (x-overflow reject-publish) after the commit had settled the acks.
            m_commitRefused = close->reply_code == AMQP_PRECONDITION_FAILED;
            amqp_channel_close_ok_t ok{};
            amqp_send_method(m_state->conn, Channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
            m_open = false;
            return false;
        }
        default:
            break;
        }
    }
}

std::optional<bool> AmqpSession::queueExists(const QString &queue)
{
    m_error.clear();
    const QByteArray name = queue.toUtf8();
    if (amqp_queue_declare(m_state->conn, PublishChannel, asBytes(name), 1, 0, 0, 0, amqp_empty_table))
        return true;
    const amqp_rpc_reply_t reply = amqp_get_rpc_reply(m_state->conn);
    if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto *close = static_cast<amqp_channel_close_t *>(reply.reply.decoded);
        const bool missing = close->reply_code == AMQP_NOT_FOUND;
        const QString why = QString::number(close->reply_code) + u' ' + text(close->reply_text);
        // The probe channel is closed by the broker: confirm and open it again.
        amqp_channel_close_ok_t ok{};
        amqp_send_method(m_state->conn, PublishChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        amqp_channel_open(m_state->conn, PublishChannel);
        if (!failReply(QStringLiteral("cannot open a channel")))
            return std::nullopt;
        if (missing)
            return false;
        m_error = QStringLiteral("queue.declare of %1 failed: %2").arg(queue, why);
        return std::nullopt;
    }
    failReply(QStringLiteral("queue.declare of %1 failed").arg(queue));
    return std::nullopt;
}

QList<AmqpMessage> AmqpSession::readStream(const QString &queue, qint64 offset, int max, int idleMs)
{
    QList<AmqpMessage> out;
    m_error.clear();
    amqp_basic_qos(m_state->conn, Channel, 0, quint16(std::clamp(max, 1, 1000)), 0);
    if (!failReply(QStringLiteral("basic.qos failed")))
        return out;
    amqp_table_entry_t entry{};
    const QByteArray first = QByteArrayLiteral("first");
    entry.key = amqp_cstring_bytes("x-stream-offset");
    if (offset < 0) {
        entry.value.kind = AMQP_FIELD_KIND_UTF8;
        entry.value.value.bytes = asBytes(first);
    } else {
        entry.value.kind = AMQP_FIELD_KIND_I64;
        entry.value.value.i64 = offset;
    }
    amqp_table_t args{1, &entry};
    const QByteArray name = queue.toUtf8();
    const amqp_basic_consume_ok_t *ok
        = amqp_basic_consume(m_state->conn, Channel, asBytes(name), amqp_empty_bytes, 0, 0, 0, args);
    if (!ok) {
        failReply(QStringLiteral("basic.consume on %1 failed").arg(queue));
        return out;
    }
    const QByteArray tag = bytes(ok->consumer_tag);
    while (out.size() < max) {
        amqp_maybe_release_buffers(m_state->conn);
        amqp_envelope_t envelope;
        timeval timeout{idleMs / 1000, (idleMs % 1000) * 1000};
        const amqp_rpc_reply_t r = amqp_consume_message(m_state->conn, &envelope, &timeout, 0);
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT)
            break; // nothing more: the stream's end
        if (r.reply_type != AMQP_RESPONSE_NORMAL) {
            failReply(QStringLiteral("reading %1 failed").arg(queue));
            return out;
        }
        auto raw = std::make_shared<RawMessage>();
        raw->message = envelope.message;
        envelope.message = amqp_message_t{}; // now owned by raw
        out.append(toMessage(raw, envelope.delivery_tag, envelope.redelivered, text(envelope.exchange),
            text(envelope.routing_key)));
        amqp_basic_ack(m_state->conn, Channel, envelope.delivery_tag, 0); // credit; no effect on a stream
        amqp_destroy_envelope(&envelope);
    }
    amqp_basic_cancel(m_state->conn, Channel, asBytes(tag));
    failReply(QStringLiteral("basic.cancel failed"));
    return out;
}

} // namespace depot::ui::remote
