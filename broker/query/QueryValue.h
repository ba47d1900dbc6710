#pragma once

// Inside Query: what QueryEval.cpp (messages) and QueryRecordEval.cpp (Kafka
// records) share to run a parsed query. Each field's value is read as one of
// a few kinds (text, number, true/false, null, a table or list, or missing);
// a comparison between different kinds is false, and so is any comparison
// with a field the subject does not have: `body.total > 10` is false for a
// body that is not JSON, and so is `body.total <= 10`.
//
// evaluate() runs a tree over a subject, which gives:
//   Value valueOf(const Field &);          each field's value
//   const QByteArray *bodyBytes();         the body (a record's value); null: none
//   const QString &bodyText();             the same decoded, made once

#include "broker/query/QueryJson.h"
#include "broker/query/QueryNodes.h"

#include <optional>

namespace depot::query::eval {

struct Value
{
    enum class Type { Missing, Null, Bool, Number, String, Compound } type = Type::Missing;
    double number = 0;
    bool boolean = false;
    QString string;

    static Value text(QString s)
    {
        Value v;
        v.type = Type::String;
        v.string = std::move(s);
        return v;
    }
    static Value num(double n)
    {
        Value v;
        v.type = Type::Number;
        v.number = n;
        return v;
    }
    static Value flag(bool b)
    {
        Value v;
        v.type = Type::Bool;
        v.boolean = b;
        return v;
    }
    static Value optionalText(const std::optional<QString> &s) { return s ? text(*s) : Value(); }

    // What contains, ~ and like look at.
    std::optional<QString> asText() const
    {
        switch (type) {
        case Type::String: return string;
        case Type::Number: return QString::number(number, 'g', 17);
        case Type::Bool: return boolean ? QStringLiteral("true") : QStringLiteral("false");
        case Type::Null: return QStringLiteral("null");
        case Type::Missing:
        case Type::Compound: return std::nullopt;
        }
        return std::nullopt;
    }
};

inline Value fromFound(json::Found found)
{
    Value v;
    switch (found.type) {
    case json::Found::Type::Missing: break;
    case json::Found::Type::Null: v.type = Value::Type::Null; break;
    case json::Found::Type::Bool: return Value::flag(found.boolean);
    case json::Found::Type::Number: return Value::num(found.number);
    case json::Found::Type::String: return Value::text(std::move(found.string));
    case json::Found::Type::Compound: v.type = Value::Type::Compound; break;
    }
    return v;
}

inline bool equals(const Value &v, const Literal &l)
{
    switch (l.kind) {
    case Literal::Kind::Null: return v.type == Value::Type::Null;
    case Literal::Kind::Bool: return v.type == Value::Type::Bool && v.boolean == l.boolean;
    case Literal::Kind::String: return v.type == Value::Type::String && v.string == l.string;
    case Literal::Kind::Number:
    case Literal::Kind::Duration:
    case Literal::Kind::Size: return v.type == Value::Type::Number && v.number == l.number;
    }
    return false;
}

// <0, 0, >0; nullopt when the two cannot be ordered.
inline std::optional<int> order(const Value &v, const Literal &l)
{
    const bool numeric = l.kind == Literal::Kind::Number || l.kind == Literal::Kind::Duration
        || l.kind == Literal::Kind::Size;
    if (numeric && v.type == Value::Type::Number)
        return v.number < l.number ? -1 : (v.number > l.number ? 1 : 0);
    if (l.kind == Literal::Kind::String && v.type == Value::Type::String)
        return v.string.compare(l.string);
    return std::nullopt;
}

// An ASCII needle in any case, in UTF-8 bytes: read as Latin-1, no byte of
// a multi-byte character folds to an ASCII letter, so this finds exactly
// what a search of the decoded text would (bar Unicode's few characters
// that fold to ASCII, such as the Kelvin sign).
inline bool containsAscii(const QByteArray &haystack, const QByteArray &needle)
{
    return QLatin1StringView(haystack).contains(QLatin1StringView(needle), Qt::CaseInsensitive);
}

inline bool compareValue(const Node &n, const Value &v)
{
    if (v.type == Value::Type::Missing)
        return false;
    switch (n.op) {
    case Op::Exists: return true;
    case Op::Eq: return equals(v, n.values.front());
    case Op::Ne: return !equals(v, n.values.front());
    case Op::In:
        for (const Literal &l : n.values) {
            if (equals(v, l))
                return true;
        }
        return false;
    case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
        const auto o = order(v, n.values.front());
        if (!o)
            return false;
        return n.op == Op::Lt ? *o < 0 : n.op == Op::Le ? *o <= 0 : n.op == Op::Gt ? *o > 0 : *o >= 0;
    }
    case Op::Contains: {
        const auto text = v.asText();
        return text && text->contains(n.values.front().string, Qt::CaseInsensitive);
    }
    case Op::Regex:
    case Op::NotRegex:
    case Op::Like: {
        const auto text = v.asText();
        if (!text)
            return false;
        const bool hit = n.regex.match(*text).hasMatch();
        return n.op == Op::NotRegex ? !hit : hit;
    }
    }
    return false;
}

template <typename Subject>
bool evaluate(const Node &n, Subject &s)
{
    switch (n.kind) {
    case Node::Kind::And:
        for (const auto &child : n.children) {
            if (!evaluate(*child, s))
                return false;
        }
        return true;
    case Node::Kind::Or:
        for (const auto &child : n.children) {
            if (evaluate(*child, s))
                return true;
        }
        return false;
    case Node::Kind::Not: return !evaluate(*n.children.front(), s);
    case Node::Kind::Text:
        if (!s.bodyBytes())
            return false;
        return n.asciiNeedle ? containsAscii(*s.bodyBytes(), *n.asciiNeedle)
                             : s.bodyText().contains(n.text, Qt::CaseInsensitive);
    case Node::Kind::Compare:
        if (n.field.kind == FieldKind::Body && n.op == Op::Contains && n.asciiNeedle)
            return s.bodyBytes() && containsAscii(*s.bodyBytes(), *n.asciiNeedle);
        return compareValue(n, s.valueOf(n.field));
    }
    return false;
}

// Three-valued: what the scope's name alone decides (a queue's, or a
// topic's: `scope` is FieldKind::Queue or FieldKind::Topic).
enum class Tri { False, True, Unknown };

inline Tri byScope(const Node &n, const QString &name, FieldKind scope)
{
    switch (n.kind) {
    case Node::Kind::And: {
        Tri result = Tri::True;
        for (const auto &child : n.children) {
            const Tri t = byScope(*child, name, scope);
            if (t == Tri::False)
                return Tri::False;
            if (t == Tri::Unknown)
                result = Tri::Unknown;
        }
        return result;
    }
    case Node::Kind::Or: {
        Tri result = Tri::False;
        for (const auto &child : n.children) {
            const Tri t = byScope(*child, name, scope);
            if (t == Tri::True)
                return Tri::True;
            if (t == Tri::Unknown)
                result = Tri::Unknown;
        }
        return result;
    }
    case Node::Kind::Not: {
        const Tri t = byScope(*n.children.front(), name, scope);
        return t == Tri::Unknown ? t : (t == Tri::True ? Tri::False : Tri::True);
    }
    case Node::Kind::Text: return Tri::Unknown;
    case Node::Kind::Compare:
        // The name is all a comparison of the scope's field reads.
        if (n.field.kind != scope)
            return Tri::Unknown;
        return compareValue(n, Value::text(name)) ? Tri::True : Tri::False;
    }
    return Tri::Unknown;
}

} // namespace depot::query::eval
