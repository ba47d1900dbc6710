#pragma once

// A JSON string as Qt's QJsonDocument::toJson writes it (", \ and the
// control characters escaped: \b \f \n \r \t, the others as \u00XX; every
// other byte as it is), appended to `out` from valid UTF-8. Shared by the
// writers that put JSON text together by hand for speed: the SQS answers
// (sqs::JsonText) and the export's lines (exportformat::detail::JsonLine).

#include <QByteArray>
#include <QByteArrayView>

namespace depot::json {

void appendString(QByteArray &out, QByteArrayView utf8);

} // namespace depot::json
