#include "ui/remote/RemoteBroker.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslKey>
#include <QTimer>

namespace depot::ui::remote {

namespace {

// A request the broker has not answered by then counts as unreachable.
constexpr int TransferTimeoutMs = 10000;
constexpr int FirstBackoffMs = 1000;

} // namespace

RemoteBroker::RemoteBroker(const RemoteProfile &profile, const QString &password, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_password(password)
    , m_network(new QNetworkAccessManager(this))
    , m_timer(new QTimer(this))
    , m_snapshot(std::make_shared<BrokerSnapshot>())
{
    m_clock.start();
    m_ssl = QSslConfiguration::defaultConfiguration();
    if (profile.trust == RemoteProfile::TrustMode::CaFile)
        m_ssl.setCaCertificates(QSslCertificate::fromPath(profile.caFile, QSsl::Pem));
    if (!profile.clientCertificate.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(profile.clientCertificate, QSsl::Pem);
        if (!chain.isEmpty())
            m_ssl.setLocalCertificateChain(chain);
        QFile keyFile(profile.clientKey);
        if (keyFile.open(QIODevice::ReadOnly)) {
            const QByteArray pem = keyFile.readAll();
            QSslKey key(pem, QSsl::Rsa);
            if (key.isNull())
                key = QSslKey(pem, QSsl::Ec);
            m_ssl.setPrivateKey(key);
        }
    }
    for (View view : {View::Exchanges, View::Bindings, View::Connections, View::Channels, View::Consumers,
             View::Rates, View::Depth})
        m_views[size_t(view)].wanted = false;
    m_timer->setInterval(RefreshMs);
    connect(m_timer, &QTimer::timeout, this, &RemoteBroker::tick);
    m_timer->start();
    QTimer::singleShot(0, this, &RemoteBroker::tick);
}

RemoteBroker::~RemoteBroker()
{
    for (ViewState &view : m_views) {
        if (QNetworkReply *reply = std::exchange(view.reply, nullptr)) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

QString RemoteBroker::fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':')).toLower();
}

void RemoteBroker::setWantedViews(const QList<View> &views)
{
    for (int i = 0; i < ViewCount; ++i) {
        const View view = View(i);
        if (view != View::Overview && view != View::Nodes && view != View::Queues)
            m_views[size_t(i)].wanted = views.contains(view);
    }
    tick();
}

void RemoteBroker::restart(View view)
{
    ViewState &state = m_views[size_t(view)];
    if (QNetworkReply *reply = std::exchange(state.reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    state.nextDueMs = 0;
}

int RemoteBroker::sampleSecondsFor(int seconds)
{
    return seconds <= 600 ? 5 : 60;
}

void RemoteBroker::setChartWindow(int seconds, const QString &queue)
{
    const bool otherWindow = seconds != m_chartSeconds;
    const bool otherQueue = queue != m_chartQueue;
    if (!otherWindow && !otherQueue)
        return;
    m_chartSeconds = seconds;
    m_chartQueue = queue;
    if (otherWindow)
        restart(View::Rates);
    restart(View::Depth);
    tick();
}

bool RemoteBroker::hasHistory(Counter counter) const
{
    return messageStatsKey(counter) != nullptr;
}

ChartSeries RemoteBroker::rateHistory(Counter counter, int seconds)
{
    setChartWindow(seconds, m_chartQueue);
    return m_ratesSeconds == seconds ? m_rateHistory[size_t(counter)] : ChartSeries();
}

void RemoteBroker::depthHistory(QObject *context, const QString &queue, int seconds,
                                std::function<void(ChartSeries)> done)
{
    Q_UNUSED(context) // answered at once, from the latest samples
    setChartWindow(seconds, queue);
    done(m_depthSeconds == seconds && m_depthQueue == queue ? m_depthHistory : ChartSeries());
}

void RemoteBroker::setPassword(const QString &password)
{
    m_password = password;
    retryNow();
}

void RemoteBroker::acceptCertificate(const QString &fingerprint)
{
    m_profile.acceptedFingerprint = fingerprint;
    Q_EMIT profileChanged(m_profile);
    retryNow();
}

void RemoteBroker::retryNow()
{
    m_stopped = false;
    // A request still out was sent with what is being replaced (the old
    // password, a certificate not yet trusted): its answer must not speak
    // for the new one (a late 401 would stop polling again).
    for (int i = 0; i < ViewCount; ++i)
        restart(View(i));
    for (ViewState &view : m_views) {
        view.backoffMs = 0;
        view.nextDueMs = 0;
    }
    for (int i = 0; i < ViewCount; ++i)
        setState(View(i), State::Connecting, {});
    tick();
}

QString RemoteBroker::pathOf(View view) const
{
    const auto encoded = [](const QString &part) { return QString::fromLatin1(QUrl::toPercentEncoding(part)); };
    const QString vhost = m_profile.allVhosts() ? QString() : u'/' + encoded(m_profile.vhost);
    const QString vhostScoped = m_profile.allVhosts() ? QString() : QStringLiteral("/vhosts") + vhost;
    const int incr = sampleSecondsFor(m_chartSeconds);
    switch (view) {
    case View::Overview:
        return QStringLiteral("/api/overview");
    case View::Nodes:
        return QStringLiteral("/api/nodes?columns=name,running,mem_alarm,disk_free_alarm");
    case View::Queues:
        return QStringLiteral("/api/queues") + vhost;
    case View::Exchanges:
        return QStringLiteral("/api/exchanges") + vhost;
    case View::Bindings:
        return QStringLiteral("/api/bindings") + vhost;
    case View::Connections:
        return QStringLiteral("/api") + vhostScoped + QStringLiteral("/connections");
    case View::Channels:
        return QStringLiteral("/api") + vhostScoped + QStringLiteral("/channels");
    case View::Consumers:
        return QStringLiteral("/api/consumers") + vhost;
    case View::Rates:
        return QStringLiteral("/api/overview?columns=message_stats&msg_rates_age=%1&msg_rates_incr=%2")
            .arg(m_chartSeconds)
            .arg(incr);
    case View::Depth: {
        const auto [queueVhost, name] = vhostAndName(m_chartQueue);
        return QStringLiteral("/api/queues/") + encoded(queueVhost) + u'/' + encoded(name)
            + QStringLiteral("?columns=name,messages_details&lengths_age=%1&lengths_incr=%2").arg(m_chartSeconds).arg(incr);
    }
    case View::Count_:
        break;
    }
    return {};
}

void RemoteBroker::tick()
{
    if (m_stopped)
        return;
    const qint64 now = nowMs();
    for (int i = 0; i < ViewCount; ++i) {
        ViewState &view = m_views[size_t(i)];
        // The charts' depth needs a queue to ask for.
        if (View(i) == View::Depth && m_chartQueue.isEmpty())
            continue;
        if (view.wanted && !view.forbidden && !view.reply && now >= view.nextDueMs)
            send(View(i));
    }
}

QNetworkRequest RemoteBroker::requestFor(const QString &path) const
{
    QNetworkRequest request(m_profile.apiUrl(path));
    request.setRawHeader("Authorization",
        "Basic " + (m_profile.user + u':' + m_password).toUtf8().toBase64());
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(TransferTimeoutMs);
    if (request.url().scheme() == u"https")
        request.setSslConfiguration(m_ssl);
    return request;
}

QNetworkReply *RemoteBroker::sendApi(const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QNetworkRequest request = requestFor(path);
    // RabbitMQ answers a DELETE that accepts only JSON with 406 (it has no body).
    if (verb == "DELETE")
        request.setRawHeader("Accept", "*/*");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
    const QString accepted = m_profile.acceptedFingerprint;
    connect(reply, &QNetworkReply::sslErrors, reply, [reply, accepted](const QList<QSslError> &errors) {
        if (!accepted.isEmpty() && fingerprintOf(reply->sslConfiguration().peerCertificate()) == accepted)
            reply->ignoreSslErrors(errors);
    });
    return reply;
}

std::pair<QString, QString> RemoteBroker::vhostAndName(const QString &shown) const
{
    if (!m_profile.allVhosts())
        return {m_profile.vhost, shown};
    return vhostAndNameOf(shown);
}

void RemoteBroker::send(View view)
{
    QNetworkReply *reply = m_network->get(requestFor(pathOf(view)));
    ViewState &state = m_views[size_t(view)];
    state.reply = reply;
    state.sentAtMs = nowMs();
    ++state.sent;
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        // Only a certificate the user accepted for this profile passes
        // errors that say nobody vouches for it; anything else fails.
        const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        const QString fingerprint = fingerprintOf(peer);
        if (!m_profile.acceptedFingerprint.isEmpty() && fingerprint == m_profile.acceptedFingerprint) {
            reply->ignoreSslErrors(errors);
            return;
        }
        m_fingerprint = fingerprint;
        QStringList why;
        for (const QSslError &error : errors)
            why.append(error.errorString());
        reply->setProperty("depotTlsProblem", why.join(QStringLiteral("; ")));
    });
    connect(reply, &QNetworkReply::finished, this, [this, view, reply] { onFinished(view, reply); });
}

void RemoteBroker::onFinished(View view, QNetworkReply *reply)
{
    ViewState &state = m_views[size_t(view)];
    if (state.reply != reply)
        return;
    state.reply = nullptr;
    reply->deleteLater();
    const qint64 now = nowMs();
    const qint64 took = now - state.sentAtMs;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString tlsProblem = reply->property("depotTlsProblem").toString();

    const auto backOff = [&] {
        state.backoffMs = std::min(MaxBackoffMs, state.backoffMs == 0 ? FirstBackoffMs : state.backoffMs * 2);
        state.nextDueMs = now + state.backoffMs;
    };
    if (!tlsProblem.isEmpty()) {
        m_stopped = true;
        setState(view, State::UntrustedCertificate,
            tr("The broker's certificate is not trusted (%1). SHA-256 fingerprint: %2").arg(tlsProblem, m_fingerprint));
        return;
    }
    // RabbitMQ answers 401 both to a failed login ("Login failed") and to a
    // user whose tags do not allow a path (e.g. "Not monitor user" for
    // /api/nodes without the monitoring tag).
    QString reason;
    if (status == 401 || status == 403) {
        QString ignored;
        if (const auto object = parseObject(reply->readAll(), &ignored))
            reason = object->value(QLatin1String("reason")).toString();
    }
    const bool loginFailed = status == 401 && (reason.isEmpty() || reason == u"Login failed");
    if (loginFailed) {
        m_stopped = true;
        setState(view, State::CredentialsRefused,
            tr("%1 refused the user name or password (HTTP 401)").arg(m_profile.managementUrl.host()));
        return;
    }
    if ((status == 401 || status == 403) && view == View::Nodes) {
        // The alarms are unknown to this user, which is no reason to show
        // the broker as failing.
        state.forbidden = true;
        setState(view, State::Online, {});
        return;
    }
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        backOff();
        setState(view, State::Unreachable,
            tr("%1 cannot be reached: %2. Trying again in %Ln second(s).", nullptr, (state.backoffMs + 999) / 1000)
                .arg(m_profile.managementUrl.authority(), reply->errorString()));
        return;
    }
    if (status >= 500 || (status >= 300 && status < 400)) {
        backOff();
        setState(view, State::Unreachable,
            tr("%1 answered HTTP %2. Trying again in %Ln second(s).", nullptr, (state.backoffMs + 999) / 1000)
                .arg(m_profile.managementUrl.authority())
                .arg(status));
        return;
    }
    const bool chart = view == View::Rates || view == View::Depth;
    if (status == 404 && view == View::Depth) {
        // The charts' queue is gone (deleted since it was chosen): no depth.
        m_depthSeconds = m_chartSeconds;
        m_depthQueue = m_chartQueue;
        m_depthHistory = {};
        state.backoffMs = 0;
        state.nextDueMs = now + ChartRefreshMs;
        setState(view, State::Online, {});
        return;
    }
    if (status != 200) {
        backOff();
        setState(view, State::Failed, tr("%1 refused %2 with HTTP %3: %4")
                                    .arg(m_profile.managementUrl.authority(), pathOf(view))
                                    .arg(status)
                                    .arg(reason));
        return;
    }
    const QByteArray body = reply->readAll();
    QString error;
    const bool isObject = view == View::Overview || chart;
    const bool parsed = isObject ? parseObject(body, &error).has_value() : parseArray(body, &error).has_value();
    if (!parsed) {
        backOff();
        setState(view, State::Failed, tr("%1 sent an answer Depot cannot read for %2: %3")
                                    .arg(m_profile.managementUrl.authority(), pathOf(view), error));
        return;
    }
    // A slow broker is asked less often: as long as it took to answer.
    state.backoffMs = took > RefreshMs ? int(std::min<qint64>(took, MaxBackoffMs)) : 0;
    state.nextDueMs = now + std::max(state.backoffMs, chart ? ChartRefreshMs : 0);
    apply(view, body);
    setState(view, State::Online, {});
    if (!chart) // the charts read their samples themselves (ChartSource)
        publishSnapshot();
}

void RemoteBroker::apply(View view, const QByteArray &body)
{
    QString ignored;
    const bool all = m_profile.allVhosts();
    switch (view) {
    case View::Overview:
        m_overview = overviewFromJson(parseObject(body, &ignored).value_or(QJsonObject()));
        break;
    case View::Nodes:
        m_alarms = alarmsFromNodes(parseArray(body, &ignored).value_or(QJsonArray()));
        break;
    case View::Queues:
        m_queues = queuesFromJson(parseArray(body, &ignored).value_or(QJsonArray()), all);
        break;
    case View::Exchanges: {
        const QJsonArray list = parseArray(body, &ignored).value_or(QJsonArray());
        m_exchanges = exchangesFromJson(list, all);
        m_exchangePolicies = exchangePoliciesFromJson(list, all);
        break;
    }
    case View::Bindings:
        m_bindings = bindingsFromJson(parseArray(body, &ignored).value_or(QJsonArray()), all);
        break;
    case View::Connections:
        m_connections = connectionsFromJson(parseArray(body, &ignored).value_or(QJsonArray()));
        break;
    case View::Channels:
        m_channels = channelsFromJson(parseArray(body, &ignored).value_or(QJsonArray()));
        break;
    case View::Consumers:
        m_consumers = consumersFromJson(parseArray(body, &ignored).value_or(QJsonArray()), all);
        break;
    case View::Rates: {
        // An answer for the window asked when it was sent (a change of
        // window drops the request in flight).
        const QJsonObject stats = parseObject(body, &ignored)
                                      .value_or(QJsonObject())
                                      .value(QLatin1String("message_stats"))
                                      .toObject();
        for (int c = 0; c < CounterCount; ++c)
            m_rateHistory[size_t(c)] = rateHistoryFromJson(stats, Counter(c));
        m_ratesSeconds = m_chartSeconds;
        break;
    }
    case View::Depth:
        m_depthHistory = levelHistoryFromJson(parseObject(body, &ignored)
                                                  .value_or(QJsonObject())
                                                  .value(QLatin1String("messages_details"))
                                                  .toObject());
        m_depthSeconds = m_chartSeconds;
        m_depthQueue = m_chartQueue;
        break;
    case View::Count_:
        break;
    }
}

void RemoteBroker::publishSnapshot()
{
    auto snapshot = std::make_shared<BrokerSnapshot>();
    snapshot->takenAtMs = QDateTime::currentMSecsSinceEpoch();
    snapshot->queues = m_queues;
    snapshot->exchanges = m_exchanges;
    snapshot->exchangePolicies = m_exchangePolicies;
    snapshot->bindings = m_bindings;
    ConnectionsAndConsumers joined
        = joinConnections(m_connections, m_channels, m_consumers, m_connectionNumbers, m_channelNumbers);
    snapshot->connections = std::move(joined.connections);
    snapshot->consumers = std::move(joined.consumers);
    snapshot->totals = m_overview.totals;
    snapshot->rates = m_overview.rates;
    snapshot->alarms = m_alarms;
    linkDeadLetters(snapshot->queues, snapshot->exchanges, snapshot->bindings);
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotUpdated(m_snapshot);
}

void RemoteBroker::setState(View view, State state, const QString &problem)
{
    m_views[size_t(view)].state = state;
    m_views[size_t(view)].problem = problem;
    // The worst outcome among the views polled: one view's good answer does
    // not hide another's failure, and the banner does not flicker between them.
    const auto rank = [](State s) {
        switch (s) {
        case State::UntrustedCertificate: return 5;
        case State::CredentialsRefused: return 4;
        case State::Unreachable: return 3;
        case State::Failed: return 2;
        case State::Connecting: return 0;
        case State::Online: return 1;
        }
        return 0;
    };
    State worst = State::Connecting;
    QString why;
    bool anyOnline = false;
    for (const ViewState &v : m_views) {
        if (!v.wanted || v.forbidden)
            continue;
        anyOnline = anyOnline || v.state == State::Online;
        if (rank(v.state) > rank(worst) && v.state != State::Online) {
            worst = v.state;
            why = v.problem;
        }
    }
    if (worst == State::Connecting && anyOnline)
        worst = State::Online;
    if (worst == m_state && why == m_problem)
        return;
    m_state = worst;
    m_problem = why;
    Q_EMIT stateChanged();
}

} // namespace depot::ui::remote
