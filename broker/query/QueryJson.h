#pragma once

// Inside Query: finding one value in a JSON body without building the
// document. A query reads a path or two (body.customer) of every message it
// looks at; QJsonDocument would parse and allocate the whole body each time,
// about ten times the cost. This scanner walks the bytes once, skipping
// every member that is not on the path, and stops at the value asked for.
//
// It reads the body as JSON up to that value: a body broken after it still
// gives the value (a query is a search, not a validator); one broken before
// it, or not JSON at all, gives nothing. Duplicate keys: the first wins.

#include "broker/query/QueryNodes.h"

#include <QByteArrayView>
#include <QString>

namespace depot::query::json {

struct Found
{
    enum class Type { Missing, Null, Bool, Number, String, Compound } type = Type::Missing;
    double number = 0;
    bool boolean = false;
    QString string;
};

Found find(QByteArrayView body, const std::vector<PathStep> &path);

} // namespace depot::query::json
