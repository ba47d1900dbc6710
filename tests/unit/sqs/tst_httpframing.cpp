// HttpRequestReader: requests taken off a byte stream one at a time, with
// keep-alive, pipelining and bodies refused from their Content-Length.

#include "broker/sqs/codec/HttpFraming.h"

#include <QTest>

using namespace depot::sqs;

class TestHttpFraming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pipelinedRequestsComeOneByOne()
    {
        HttpRequestReader reader(1024);
        reader.feed(QByteArray("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                               "GET /b HTTP/1.1\r\nConnection: close\r\n\r\n"));
        HttpRequest r;
        HttpFramingError e;
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/a"));
        QCOMPARE(r.query, QByteArray("x=1"));
        QCOMPARE(r.body, QByteArray("abc"));
        QCOMPARE(r.header("host"), QByteArray("h"));
        QVERIFY(r.keepAlive);
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QCOMPARE(r.path, QByteArray("/b"));
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.keepAlive);
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::NeedMore);
    }

    void aBodyInPiecesWaitsForItsLength()
    {
        HttpRequestReader reader(1024);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(QByteArray("POST / HTTP/1.1\r\nContent-"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::NeedMore);
        reader.feed(QByteArray("Length: 5\r\n\r\nab"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::NeedMore);
        reader.feed(QByteArray("cde"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QCOMPARE(r.body, QByteArray("abcde"));
    }

    // Refused from the header alone; the body is skipped as it arrives (never
    // held) and the next request on the connection is read normally.
    void anOversizeBodyIsRefusedAndSkipped()
    {
        HttpRequestReader reader(10);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(QByteArray(
            "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100000\r\n\r\n"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Error);
        QCOMPARE(e.status, 413);
        QVERIFY(e.headersRead);
        QVERIFY(!e.closeAfter);
        QCOMPARE(e.request.header("content-type"), QByteArray("application/x-amz-json-1.0"));
        const QByteArray chunk(1000, 'x');
        for (int i = 0; i < 100; ++i) {
            reader.feed(chunk);
            QVERIFY(reader.buffered() <= qsizetype(chunk.size()));
            QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::NeedMore);
        }
        reader.feed(QByteArray("GET /ok HTTP/1.1\r\n\r\n"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QCOMPARE(r.path, QByteArray("/ok"));
    }

    void brokenStreamsAreRefusedAndClosed_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << 411;
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::newRow("two lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                     << 400;
        QTest::newRow("request line") << QByteArray("garbage\r\n\r\n") << 400;
        QTest::newRow("version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("header name") << QByteArray("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") << 400;
    }
    void brokenStreamsAreRefusedAndClosed()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        HttpRequestReader reader(1024);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(input);
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Error);
        QCOMPARE(e.status, status);
        QVERIFY(e.closeAfter);
        QVERIFY(reader.broken());
    }

    void anEndlessHeaderBlockIsRefused()
    {
        HttpRequestReader reader(1024);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(QByteArray("GET / HTTP/1.1\r\n") + QByteArray(HttpRequestReader::MaxHeaderBytes + 10, 'a'));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Error);
        QCOMPARE(e.status, 431);
    }

    void expectContinueIsAnnounced()
    {
        HttpRequestReader reader(1024);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(QByteArray("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::NeedMore);
        QVERIFY(reader.wantsContinue());
        reader.ackContinue();
        reader.feed(QByteArray("ok"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QCOMPARE(r.body, QByteArray("ok"));
    }

    void http10ClosesUnlessKeptAlive()
    {
        HttpRequestReader reader(1024);
        HttpRequest r;
        HttpFramingError e;
        reader.feed(QByteArray("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QVERIFY(!r.keepAlive);
        QCOMPARE(reader.next(&r, &e), HttpRequestReader::State::Request);
        QVERIFY(r.keepAlive);
    }

    void formsDecode()
    {
        const auto pairs = parseFormPairs("Action=SendMessage&MessageBody=a+b%26c%3D&Empty=&Flag");
        QCOMPARE(pairs.size(), 4);
        QCOMPARE(pairs[1].second, QStringLiteral("a b&c="));
        QCOMPARE(pairs[2].second, QString());
        QCOMPARE(pairs[3].first, QStringLiteral("Flag"));
        QCOMPARE(percentDecode("%zz%4", false), QByteArray("%zz%4"));
        QCOMPARE(percentDecode("a+%2F", false), QByteArray("a+/"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "tst_httpframing.moc"
