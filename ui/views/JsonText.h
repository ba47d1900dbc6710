#pragma once

// Pretty-printing JSON for reading, without changing it: keys keep their
// order (and duplicates), numbers and strings keep their spelling. Qt's
// QJsonDocument sorts keys and rewrites numbers, which made the inspector and
// edit-and-resend show (and send) a different body than the one received.

#include <QString>

namespace depot::ui {

// `json` indented by two spaces per level; an empty string when `json` is not
// one valid JSON value.
QString prettyJson(const QString &json);

} // namespace depot::ui
