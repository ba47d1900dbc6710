#pragma once

// OriginPolicy: which requests an HTTP listener on this machine answers at
// all, whatever their credentials. Two attacks come from the browser the
// developer has open next to Depot (docs/security.md):
//
// - DNS rebinding: a page whose own name is made to resolve to 127.0.0.1
//   talks to Depot as a same-origin page. Its requests carry that name in
//   their Host header, so a request is answered only when its Host names
//   this machine as a local client reaches it (localhost, 127.0.0.1, [::1],
//   the bound address) or a name the user allowed (--allowed-host).
// - Cross-site requests: any page may send a PUT/POST/DELETE to
//   127.0.0.1:15672 (it cannot read the answer, but the queue is purged all
//   the same). A state-changing request whose Origin (or, without one, its
//   Referer) is not an origin the user allowed (--allowed-origin) is refused.
//
// Requests without a Host or Origin come from programs, not pages (browsers
// always send Host, and Origin on every cross-site state-changing request),
// and are answered. Every HTTP listener (the management API, the SQS API)
// asks the same policy before it looks at anything else.

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

namespace depot::net {

struct OriginPolicyOptions
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    // Host names the user allows besides the built-in ones (--allowed-host),
    // without a port: "depot.test", "my-laptop.local".
    QStringList allowedHosts;
    // Origins allowed to send state-changing requests and to read answers
    // (--allowed-origin), normalised by normaliseOrigin().
    QStringList allowedOrigins;
};

class OriginPolicy final
{
public:
    explicit OriginPolicy(OriginPolicyOptions options = {});

    // Why a request with this Host header is not answered, or an empty
    // string when it is. An absent (empty) Host is answered.
    QString hostRefusal(QByteArrayView host) const;
    // Why a state-changing request (PUT, POST, DELETE, PATCH) with these
    // Origin and Referer headers is not answered, or an empty string.
    QString originRefusal(QByteArrayView origin, QByteArrayView referer) const;
    // The Access-Control-Allow-Origin value for a request with this Origin:
    // the origin itself when the user allowed it, else empty (no CORS
    // headers at all, so no page can read an answer).
    QByteArray corsOrigin(QByteArrayView origin) const;

    // "HTTP://Dash.Example:80/" -> "http://dash.example". Only http and
    // https origins, with a host and nothing after the port; otherwise
    // nullopt and *error says why (for the command line).
    static std::optional<QString> normaliseOrigin(const QString &url, QString *error);
    // A host name or address as --allowed-host takes it (no scheme, no port).
    static std::optional<QString> normaliseHost(const QString &name, QString *error);

private:
    bool allowedHostName(const QString &host) const;

    OriginPolicyOptions m_options;
    QStringList m_hostNames; // lower case: built-in, machine names, allowed
};

} // namespace depot::net
