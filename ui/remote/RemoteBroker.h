#pragma once

// RemoteBroker: one open remote RabbitMQ. It reads the broker's management
// API with its own QNetworkAccessManager on the GUI thread's event loop
// (asynchronous: nothing here waits) and turns the answers into the same
// BrokerSnapshot the window's views show for Depot's own broker.
//
// Polling follows the window's cadence (RefreshMs, 4 Hz) without hammering
// the broker: each view (overview, nodes, queues, exchanges, bindings,
// connections, channels, consumers, and the charts' rates and depth) sends
// at most one request per tick and never has more than one in flight; an
// answer slower than a tick delays that view's next request by as long as
// the answer took, and failures back off (1 s, 2 s ... 30 s). Views nobody
// looks at are not polled (setWantedViews). The charts' views ask once a
// second (ChartRefreshMs, the charts' own redraw), for the sampled history
// of the window they show (ChartSource).
//
// What went wrong is a State the window shows in a banner: unreachable,
// credentials refused (401; polling stops until a new password is given),
// or a certificate nobody vouches for (its SHA-256 fingerprint is offered
// for the user to accept for this profile).
//
// The message work (browsing, replaying) sends its management API requests
// through sendApi() and takes the password for its AMQP connection
// (RemoteMessageJobs) from here.

#include "ui/client/BrokerSnapshot.h"
#include "ui/remote/ManagementJson.h"
#include "ui/remote/RemoteProfile.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>

#include <array>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace depot::ui::remote {

class RemoteBroker final : public QObject, public ChartSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteBroker)

public:
    static constexpr int RefreshMs = 250;
    static constexpr int MaxBackoffMs = 30000;
    static constexpr int ChartRefreshMs = 1000;

    enum class View {
        Overview,
        Nodes,
        Queues,
        Exchanges,
        Bindings,
        Connections,
        Channels,
        Consumers,
        Rates, // the overview's message rates over the charts' window
        Depth, // the charts' queue's depth over that window
        Count_
    };
    static constexpr int ViewCount = int(View::Count_);

    enum class State {
        Connecting,         // no answer yet
        Online,             // the last answers were good
        Unreachable,        // no connection, a timeout, or a server error
        CredentialsRefused, // 401: polling stopped until setPassword()
        UntrustedCertificate, // TLS: see certificateFingerprint()
        Failed,             // any other refusal (403, a malformed answer)
    };

    RemoteBroker(const RemoteProfile &profile, const QString &password, QObject *parent = nullptr);
    ~RemoteBroker() override;

    const RemoteProfile &profile() const { return m_profile; }
    State state() const { return m_state; }
    // What went wrong, in words (empty when online).
    QString problem() const { return m_problem; }
    // The SHA-256 of the certificate the broker showed (hex, lower case,
    // colon-separated), when state() is UntrustedCertificate.
    QString certificateFingerprint() const { return m_fingerprint; }
    // The latest picture of the broker; never null.
    SnapshotPtr snapshot() const { return m_snapshot; }
    const Overview &overview() const { return m_overview; }

    // Views polled besides overview, nodes and queues (always); the others
    // are not asked for.
    void setWantedViews(const QList<View> &views);
    bool isWanted(View view) const { return m_views[size_t(view)].wanted; }
    // A new password (after a refusal): polling starts again.
    void setPassword(const QString &password);
    // Trusts the certificate with this fingerprint for this broker (the
    // profile keeps it); polling starts again.
    void acceptCertificate(const QString &fingerprint);
    // Starts again now after a failure (Retry).
    void retryNow();

    // How long a view waits now before its next request (tests, the banner).
    int backoffMs(View view) const { return m_views[size_t(view)].backoffMs; }
    // Requests sent so far per view (tests).
    quint64 requestsSent(View view) const { return m_views[size_t(view)].sent; }
    bool inFlight(View view) const { return m_views[size_t(view)].reply != nullptr; }

    static QString fingerprintOf(const QSslCertificate &certificate);

    // The password in use (for the AMQP connection of the message work).
    QString password() const { return m_password; }
    // Sends one management API request outside the polling (a get, a purge)
    // with the profile's credentials and TLS settings; the caller owns the
    // reply (asynchronous, as every request here). An accepted certificate
    // passes as for the polling.
    QNetworkReply *sendApi(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    // The vhost and name of a queue the snapshot lists as `shown` (with every
    // vhost shown, queues outside "/" are "vhost/name").
    std::pair<QString, QString> vhostAndName(const QString &shown) const;

    // ChartSource: the latest samples of the Rates and Depth views. Asking
    // for another window or queue makes it the one those views poll (what
    // was in flight for the old one is dropped).
    bool chartsReady() const override { return true; }
    bool hasHistory(Counter counter) const override;
    ChartSeries rateHistory(Counter counter, int seconds) override;
    void depthHistory(QObject *context, const QString &queue, int seconds,
                      std::function<void(ChartSeries)> done) override;
    // The sample spacing asked for a chart window of `seconds` (RabbitMQ
    // keeps 5 s samples for 10 minutes, 1 min samples for an hour).
    static int sampleSecondsFor(int seconds);

Q_SIGNALS:
    void snapshotUpdated(const depot::ui::SnapshotPtr &snapshot);
    void stateChanged();
    // The profile changed (an accepted certificate): the owner saves it.
    void profileChanged(const depot::ui::remote::RemoteProfile &profile);

private:
    struct ViewState
    {
        QNetworkReply *reply = nullptr;
        qint64 nextDueMs = 0;
        qint64 sentAtMs = 0;
        int backoffMs = 0;
        quint64 sent = 0;
        bool wanted = true;
        bool forbidden = false; // 403: this user may not read it (e.g. nodes without the monitoring tag)
        State state = State::Connecting; // of this view's last answer
        QString problem;
    };

    void tick();
    // Drops what `view` has in flight and makes it due now.
    void restart(View view);
    void setChartWindow(int seconds, const QString &queue);
    QNetworkRequest requestFor(const QString &path) const;
    void send(View view);
    void onFinished(View view, QNetworkReply *reply);
    void apply(View view, const QByteArray &body);
    void publishSnapshot();
    // Records a view's outcome; the broker's state is the worst of its views'.
    void setState(View view, State state, const QString &problem);
    QString pathOf(View view) const;
    qint64 nowMs() const { return m_clock.elapsed(); }

    RemoteProfile m_profile;
    QString m_password;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_clock;
    QSslConfiguration m_ssl;
    std::array<ViewState, ViewCount> m_views{};
    State m_state = State::Connecting;
    QString m_problem;
    QString m_fingerprint;
    bool m_stopped = false; // credentials refused or certificate untrusted: wait for the user

    Overview m_overview;
    QMap<QString, QString> m_alarms;
    QList<QueueRow> m_queues;
    QList<ExchangeDef> m_exchanges;
    QHash<QString, AppliedPolicy> m_exchangePolicies;
    QList<BindingDef> m_bindings;
    QList<RemoteConnection> m_connections;
    QList<RemoteChannel> m_channels;
    QList<RemoteConsumer> m_consumers;
    NameNumbers m_connectionNumbers;
    NameNumbers m_channelNumbers;
    SnapshotPtr m_snapshot;

    // The charts: the window and queue asked for, and the latest answers
    // (for the window and queue they were asked for).
    int m_chartSeconds = 60;
    QString m_chartQueue;
    int m_ratesSeconds = 0;
    std::array<ChartSeries, CounterCount> m_rateHistory{};
    int m_depthSeconds = 0;
    QString m_depthQueue;
    ChartSeries m_depthHistory;
};

} // namespace depot::ui::remote
