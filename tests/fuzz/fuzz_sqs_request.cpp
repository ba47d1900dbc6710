// Fuzzes the SQS listener's request parser, both protocols, without a
// network: the input is the raw bytes a client sends (one request or
// several, pipelined), taken apart by HttpRequestReader as a connection does,
// each request parsed by parseSqsRequest (protocol choice, JSON body or
// flattened query keys), its message attributes and receipt handle read as
// the actions read them, and answers rendered in both protocols.
//
// Checked: every refusal is a 4xx; an answer is an HTTP response whose
// Content-Length is its body's; every XML answer (the parameters echoed back
// as a result, and each error) is well-formed XML; a receipt handle that
// decodes encodes back to the same text.

#include "FuzzSupport.h"
#include "broker/sqs/codec/HttpFraming.h"
#include "broker/sqs/codec/SqsMessageAttributes.h"
#include "broker/sqs/codec/SqsProtocol.h"
#include "broker/sqs/codec/SqsReceipt.h"

#include <QJsonArray>
#include <QXmlStreamReader>

using namespace depot;
using namespace depot::fuzz;
using namespace depot::sqs;

namespace {

void checkResponse(const QByteArray &response)
{
    DEPOT_FUZZ_CHECK(response.startsWith("HTTP/1.1 "));
    const qsizetype end = response.indexOf("\r\n\r\n");
    DEPOT_FUZZ_CHECK(end > 0);
    const qsizetype at = response.indexOf("Content-Length: ");
    DEPOT_FUZZ_CHECK(at > 0 && at < end);
    const qsizetype length = response.mid(at + 16, response.indexOf("\r\n", at) - at - 16).toLongLong();
    DEPOT_FUZZ_CHECK(response.size() - end - 4 == length);
}

void checkXml(const QByteArray &body)
{
    QXmlStreamReader reader(body);
    while (!reader.atEnd())
        reader.readNext();
    if (reader.hasError())
        failCheck(__FILE__, __LINE__, "an XML answer is not well-formed", body, {});
}

void exercise(const HttpRequest &http)
{
    const ParsedRequest parsed = parseSqsRequest(http);
    if (parsed.error) {
        DEPOT_FUZZ_CHECK(parsed.error->httpStatus() >= 400 && parsed.error->httpStatus() < 500);
        checkResponse(renderError(parsed.request.protocol, *parsed.error, "rid", true));
        const QByteArray xml = renderError(Protocol::Query, *parsed.error, "rid", true);
        checkXml(xml.mid(xml.indexOf("\r\n\r\n") + 4));
        return;
    }
    DEPOT_FUZZ_CHECK(isSqsAction(parsed.request.action));
    const QJsonObject &params = parsed.request.params;
    MessageAttributes attributes;
    if (!parseMessageAttributes(params.value(QStringLiteral("MessageAttributes")), false, &attributes)) {
        const QString md5 = md5OfMessageAttributes(attributes);
        DEPOT_FUZZ_CHECK(attributes.isEmpty() ? md5.isEmpty() : md5.size() == 32);
        // What was accepted survives the trip through headers.
        QVariantMap headers;
        writeAttributeHeaders(attributes, &headers);
        DEPOT_FUZZ_CHECK(readAttributeHeaders(headers) == attributes);
    }
    for (const QJsonValue &entry : params.value(QStringLiteral("Entries")).toArray()) {
        MessageAttributes entryAttributes;
        parseMessageAttributes(entry.toObject().value(QStringLiteral("MessageAttributes")), false, &entryAttributes);
    }
    const QString handleText = params.value(QStringLiteral("ReceiptHandle")).toString();
    if (const auto handle = decodeReceiptHandle(handleText))
        DEPOT_FUZZ_CHECK(encodeReceiptHandle(handle->queue, handle->messageId, handle->lease) == handleText);
    firstInvalidCharacter(params.value(QStringLiteral("MessageBody")).toString());

    // The parameters echoed back as a result: any text must render as XML.
    SqsRequest asQuery = parsed.request;
    asQuery.protocol = Protocol::Query;
    checkXml(queryResponseBody(parsed.request.action, params, "rid"));
    checkResponse(renderResponse(parsed.request, params, "rid", http.keepAlive));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpRequestReader reader(64 * 1024);
    // Fed in two parts, as a socket may deliver it.
    const qsizetype half = qsizetype(size / 2);
    reader.feed(reinterpret_cast<const char *>(data), half);
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 64; ++i) {
            HttpRequest request;
            HttpFramingError error;
            const auto state = reader.next(&request, &error);
            if (state == HttpRequestReader::State::NeedMore)
                break;
            if (state == HttpRequestReader::State::Error) {
                DEPOT_FUZZ_CHECK(error.status >= 400 && error.status < 600 && error.status != 500);
                if (error.closeAfter)
                    return 0;
                continue;
            }
            exercise(request);
        }
        if (round == 0)
            reader.feed(reinterpret_cast<const char *>(data) + half, qsizetype(size) - half);
    }
    return 0;
}
