// SigV4: AWS Signature Version 4 checked against AWS's own test vector and a
// request signed by botocore, and each way a signature can be wrong.

#include "broker/sqs/codec/SigV4.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace depot::sqs;

namespace {

qint64 at(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

// Signed by botocore 1.43 (SigV4Auth, credentials guest/guest, region
// eu-west-1, service sqs, at 2024-05-01T12:00:00Z).
HttpRequest botocoreSigned()
{
    HttpRequest r;
    r.method = "POST";
    r.target = r.path = "/";
    r.body = R"({"QueueName":"signed"})";
    r.headers = {
        {"host", "127.0.0.1:9324"},
        {"content-type", "application/x-amz-json-1.0"},
        {"x-amz-target", "AmazonSQS.CreateQueue"},
        {"x-amz-date", "20240501T120000Z"},
        {"authorization",
            "AWS4-HMAC-SHA256 Credential=guest/20240501/eu-west-1/sqs/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=75f812a3b5ee4a76c780a215cfc8041d658c8592e53552f42d3b65bddbd45993"},
        {"content-length", "22"},
    };
    return r;
}

std::optional<QString> guest(const QString &key)
{
    return key == QLatin1String("guest") ? std::optional<QString>(QStringLiteral("guest")) : std::nullopt;
}

} // namespace

class TestSigV4 final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // AWS's SigV4 test suite, "get-vanilla".
    void awsTestVector()
    {
        HttpRequest r;
        r.method = "GET";
        r.target = r.path = "/";
        r.headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
        QCOMPARE(sigV4Signature(r, {"host", "x-amz-date"}, QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                     "20150830T123600Z", QStringLiteral("us-east-1"), QStringLiteral("service")),
            QByteArray("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    }

    void aBotocoreSignatureIsAccepted() { QVERIFY(!verifySigV4(botocoreSigned(), guest, at("2024-05-01T12:05:00"))); }

    void wrongSignaturesAreRefused()
    {
        const qint64 now = at("2024-05-01T12:00:00");
        HttpRequest r = botocoreSigned();
        r.body = R"({"QueueName":"other!"})";
        QCOMPARE(verifySigV4(r, guest, now)->code, ErrorCode::SignatureDoesNotMatch);

        const auto otherSecret = [](const QString &) { return std::optional<QString>(QStringLiteral("nope")); };
        QCOMPARE(verifySigV4(botocoreSigned(), otherSecret, now)->code, ErrorCode::SignatureDoesNotMatch);

        const auto nobody = [](const QString &) { return std::optional<QString>(); };
        QCOMPARE(verifySigV4(botocoreSigned(), nobody, now)->code, ErrorCode::InvalidClientTokenId);
        QCOMPARE(verifySigV4(botocoreSigned(), nobody, now)->httpStatus(), 403);

        QCOMPARE(
            verifySigV4(botocoreSigned(), guest, at("2024-05-01T12:16:00"))->code, ErrorCode::SignatureDoesNotMatch);

        HttpRequest unsigned_ = botocoreSigned();
        unsigned_.headers.removeIf([](const auto &h) { return h.first == "authorization"; });
        QCOMPARE(verifySigV4(unsigned_, guest, now)->code, ErrorCode::MissingAuthenticationToken);

        HttpRequest hostChanged = botocoreSigned();
        hostChanged.headers[0].second = "evil:1";
        QCOMPARE(verifySigV4(hostChanged, guest, now)->code, ErrorCode::SignatureDoesNotMatch);

        HttpRequest truncated = botocoreSigned();
        truncated.headers[4].second = "AWS4-HMAC-SHA256 Credential=guest/20240501";
        QCOMPARE(verifySigV4(truncated, guest, now)->code, ErrorCode::MissingAuthenticationToken);
    }
};

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
