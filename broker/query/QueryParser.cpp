#include "broker/query/Query.h"
#include "broker/query/QueryNodes.h"

// The query language's grammar (docs/query.md):
//
//   query      := or-expr
//   or-expr    := and-expr ("or" and-expr)*
//   and-expr   := unary ("and" unary)*
//   unary      := "not" unary | "(" or-expr ")" | STRING | comparison
//   comparison := field ( ("=" | "!=" | "<" | "<=" | ">" | ">=") literal
//                       | ("~" | "!~" | "contains" | "like") STRING
//                       | "in" "(" literal ("," literal)* ")"
//                       | "exists" )
//   field      := NAME ("." (NAME | STRING | INTEGER) | "[" INTEGER "]")*
//   literal    := STRING | NUMBER | NUMBER unit | "true" | "false" | "null"
//
// Keywords and field names are case-insensitive; header names and JSON keys
// are not. A bare STRING is found in the body, in any case.

#include <QDateTime>
#include <QHash>

#include <cmath>

namespace depot::query {

QString QueryError::text() const
{
    return QStringLiteral("at %1: %2").arg(position).arg(message);
}

namespace {

struct Token
{
    enum class Kind { End, Name, String, Number, Symbol } kind = Kind::End;
    QString text;      // Name, String (unescaped), Symbol
    double number = 0;
    QString unit;      // Number: lower-case unit letters right after it, if any
    qsizetype at = 0;  // 0-based
    qsizetype length = 0;
};

// The basic properties by the names the export format and RabbitMQ's
// management API give them, and what kind of value each holds.
const QStringList kStringProperties = {QStringLiteral("content_type"), QStringLiteral("content_encoding"),
    QStringLiteral("correlation_id"), QStringLiteral("reply_to"), QStringLiteral("expiration"),
    QStringLiteral("message_id"), QStringLiteral("type"), QStringLiteral("user_id"), QStringLiteral("app_id"),
    QStringLiteral("cluster_id")};
const QStringList kNumberProperties = {
    QStringLiteral("delivery_mode"), QStringLiteral("priority"), QStringLiteral("timestamp")};

const QHash<QString, FieldKind> &plainFields()
{
    static const QHash<QString, FieldKind> fields = {
        {QStringLiteral("queue"), FieldKind::Queue},
        {QStringLiteral("exchange"), FieldKind::Exchange},
        {QStringLiteral("routing_key"), FieldKind::RoutingKey},
        {QStringLiteral("body"), FieldKind::Body},
        {QStringLiteral("size"), FieldKind::Size},
        {QStringLiteral("age"), FieldKind::Age},
        {QStringLiteral("delivery_count"), FieldKind::DeliveryCount},
        {QStringLiteral("redelivered"), FieldKind::Redelivered},
        {QStringLiteral("persistent"), FieldKind::Persistent},
        {QStringLiteral("priority"), FieldKind::Priority},
        {QStringLiteral("id"), FieldKind::Id},
        {QStringLiteral("group"), FieldKind::Group},
        {QStringLiteral("original_queue"), FieldKind::OriginalQueue},
    };
    return fields;
}

QString fieldList()
{
    return QStringLiteral("queue, exchange, routing_key, body, body.<path>, size, age, delivery_count, "
                          "redelivered, persistent, priority, id, group, original_queue, properties.<name>, "
                          "headers.<name>, deaths.count, deaths.reason, deaths.queue");
}

// The largest index a path may hold (it is converted to an integer).
constexpr double MaxIndex = 1e9;

std::optional<QByteArray> asciiBytes(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return std::nullopt;
    }
    return text.toLatin1();
}

class Parser
{
public:
    Parser(const QString &text, Over over)
        : m_text(text)
        , m_over(over)
    {
    }

    std::shared_ptr<const Node> parse(QueryError *error)
    {
        advance();
        std::shared_ptr<const Node> root;
        if (m_token.kind != Token::Kind::End) {
            root = orExpr();
            if (ok() && m_token.kind != Token::Kind::End)
                fail(m_token, QStringLiteral("expected 'and', 'or' or the end of the query, found %1").arg(describe(m_token)));
        }
        if (!ok()) {
            if (error)
                *error = m_error;
            return nullptr;
        }
        return root;
    }

    bool ok() const { return m_error.message.isEmpty(); }

private:
    // ---- tokens ----
    void advance()
    {
        if (!ok()) {
            m_token = Token{};
            return;
        }
        m_token = lex();
    }

    Token lex()
    {
        const qsizetype n = m_text.size();
        while (m_pos < n && m_text.at(m_pos).isSpace())
            ++m_pos;
        Token t;
        t.at = m_pos;
        if (m_pos >= n)
            return t;
        const QChar c = m_text.at(m_pos);
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            return lexString(c);
        if (c.isDigit() || (c == QLatin1Char('-') && m_pos + 1 < n && m_text.at(m_pos + 1).isDigit()))
            return lexNumber();
        if (c.isLetter() || c == QLatin1Char('_')) {
            qsizetype end = m_pos + 1;
            while (end < n) {
                const QChar d = m_text.at(end);
                if (!(d.isLetterOrNumber() || d == QLatin1Char('_') || d == QLatin1Char('-')))
                    break;
                ++end;
            }
            t.kind = Token::Kind::Name;
            t.text = m_text.mid(m_pos, end - m_pos);
            t.length = end - m_pos;
            m_pos = end;
            return t;
        }
        static const QStringList twoChar = {QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("<>"),
            QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("!~")};
        const QString two = m_text.mid(m_pos, 2);
        t.kind = Token::Kind::Symbol;
        if (twoChar.contains(two)) {
            t.text = two;
            t.length = 2;
        } else if (QStringLiteral("=<>~(),.[]").contains(c)) {
            t.text = c;
            t.length = 1;
        } else {
            fail(t, QStringLiteral("unexpected character '%1'").arg(c));
            return Token{};
        }
        m_pos += t.length;
        return t;
    }

    Token lexString(QChar quote)
    {
        Token t;
        t.kind = Token::Kind::String;
        t.at = m_pos;
        qsizetype i = m_pos + 1;
        const qsizetype n = m_text.size();
        while (i < n) {
            const QChar c = m_text.at(i);
            if (c == quote) {
                t.length = i + 1 - m_pos;
                m_pos = i + 1;
                return t;
            }
            if (c != QLatin1Char('\\')) {
                t.text.append(c);
                ++i;
                continue;
            }
            if (i + 1 >= n)
                break;
            const QChar e = m_text.at(i + 1);
            switch (e.unicode()) {
            case 'n': t.text.append(QLatin1Char('\n')); break;
            case 't': t.text.append(QLatin1Char('\t')); break;
            case 'r': t.text.append(QLatin1Char('\r')); break;
            case '\\': case '"': case '\'': t.text.append(e); break;
            default:
                // Anything else stays as written, so a regular expression's
                // escapes (\d, \.) need no doubling.
                t.text.append(QLatin1Char('\\'));
                t.text.append(e);
            }
            i += 2;
        }
        Token at;
        at.at = m_pos;
        fail(at, QStringLiteral("the string that starts here has no closing %1").arg(quote));
        m_pos = n;
        return Token{};
    }

    Token lexNumber()
    {
        Token t;
        t.kind = Token::Kind::Number;
        t.at = m_pos;
        const qsizetype n = m_text.size();
        qsizetype i = m_pos;
        if (m_text.at(i) == QLatin1Char('-'))
            ++i;
        while (i < n && m_text.at(i).isDigit())
            ++i;
        if (i + 1 < n && m_text.at(i) == QLatin1Char('.') && m_text.at(i + 1).isDigit()) {
            ++i;
            while (i < n && m_text.at(i).isDigit())
                ++i;
        }
        bool parsed = false;
        t.number = m_text.mid(m_pos, i - m_pos).toDouble(&parsed);
        qsizetype unitEnd = i;
        while (unitEnd < n && m_text.at(unitEnd).isLetter())
            ++unitEnd;
        t.unit = m_text.mid(i, unitEnd - i).toLower();
        t.length = unitEnd - m_pos;
        m_pos = unitEnd;
        if (!parsed || !std::isfinite(t.number))
            fail(t, QStringLiteral("'%1' is not a number").arg(m_text.mid(t.at, t.length)));
        return t;
    }

    bool isKeyword(const Token &t, const char *word) const
    {
        return t.kind == Token::Kind::Name && t.text.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
    }
    bool isSymbol(const Token &t, const char *symbol) const
    {
        return t.kind == Token::Kind::Symbol && t.text == QLatin1String(symbol);
    }

    QString describe(const Token &t) const
    {
        switch (t.kind) {
        case Token::Kind::End: return QStringLiteral("the end of the query");
        case Token::Kind::String: return QStringLiteral("a string");
        case Token::Kind::Number: return QStringLiteral("'%1'").arg(m_text.mid(t.at, t.length));
        case Token::Kind::Name:
        case Token::Kind::Symbol: return QStringLiteral("'%1'").arg(t.text);
        }
        return QString();
    }

    void fail(const Token &at, const QString &message)
    {
        if (!ok())
            return;
        m_error.position = at.at + 1;
        m_error.message = message;
    }

    // ---- expressions ----
    std::shared_ptr<const Node> orExpr() { return chain("or", Node::Kind::Or); }
    std::shared_ptr<const Node> andExpr() { return chain("and", Node::Kind::And); }

    std::shared_ptr<const Node> chain(const char *word, Node::Kind kind)
    {
        auto first = kind == Node::Kind::Or ? andExpr() : unary();
        if (!ok() || !isKeyword(m_token, word))
            return first;
        auto node = std::make_shared<Node>();
        node->kind = kind;
        node->children.push_back(first);
        while (ok() && isKeyword(m_token, word)) {
            advance();
            node->children.push_back(kind == Node::Kind::Or ? andExpr() : unary());
        }
        return node;
    }

    std::shared_ptr<const Node> unary()
    {
        if (isKeyword(m_token, "not")) {
            advance();
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Not;
            node->children.push_back(unary());
            return node;
        }
        if (isSymbol(m_token, "(")) {
            const Token open = m_token;
            advance();
            if (isSymbol(m_token, ")")) {
                fail(m_token, QStringLiteral("expected a condition inside the parentheses"));
                return nullptr;
            }
            auto inner = orExpr();
            if (ok() && !isSymbol(m_token, ")"))
                fail(m_token, QStringLiteral("expected ')' to close the '(' at %1, found %2").arg(open.at + 1).arg(describe(m_token)));
            advance();
            return inner;
        }
        if (m_token.kind == Token::Kind::String) {
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Text;
            node->text = m_token.text;
            node->asciiNeedle = asciiBytes(node->text);
            advance();
            return node;
        }
        if (m_token.kind != Token::Kind::Name || isKeyword(m_token, "and") || isKeyword(m_token, "or")) {
            fail(m_token, QStringLiteral("expected a field, a string, 'not' or '(', found %1").arg(describe(m_token)));
            return nullptr;
        }
        return comparison();
    }

    std::shared_ptr<const Node> comparison()
    {
        auto node = std::make_shared<Node>();
        if (!field(node->field))
            return nullptr;
        const Token opToken = m_token;
        static const QHash<QString, Op> symbols = {{QStringLiteral("="), Op::Eq}, {QStringLiteral("=="), Op::Eq},
            {QStringLiteral("!="), Op::Ne}, {QStringLiteral("<>"), Op::Ne}, {QStringLiteral("<"), Op::Lt},
            {QStringLiteral("<="), Op::Le}, {QStringLiteral(">"), Op::Gt}, {QStringLiteral(">="), Op::Ge},
            {QStringLiteral("~"), Op::Regex}, {QStringLiteral("!~"), Op::NotRegex}};
        if (opToken.kind == Token::Kind::Symbol && symbols.contains(opToken.text)) {
            node->op = symbols.value(opToken.text);
        } else if (isKeyword(opToken, "contains")) {
            node->op = Op::Contains;
        } else if (isKeyword(opToken, "like")) {
            node->op = Op::Like;
        } else if (isKeyword(opToken, "in")) {
            node->op = Op::In;
        } else if (isKeyword(opToken, "exists")) {
            node->op = Op::Exists;
        } else {
            fail(opToken, QStringLiteral("expected an operator after %1 (=, !=, <, <=, >, >=, ~, !~, contains, like, "
                                         "in, exists), found %2")
                              .arg(node->field.spelled, describe(opToken)));
            return nullptr;
        }
        advance();
        if (node->op == Op::In) {
            if (!isSymbol(m_token, "(")) {
                fail(m_token, QStringLiteral("expected '(' and a list of values after 'in', found %1").arg(describe(m_token)));
                return nullptr;
            }
            do {
                advance();
                if (!literal(node->field, opToken, node.get()))
                    return nullptr;
            } while (isSymbol(m_token, ","));
            if (!isSymbol(m_token, ")")) {
                fail(m_token, QStringLiteral("expected ',' or ')' in the list of values, found %1").arg(describe(m_token)));
                return nullptr;
            }
            advance();
        } else if (node->op != Op::Exists) {
            if (!literal(node->field, opToken, node.get()))
                return nullptr;
        }
        if (!check(*node, opToken))
            return nullptr;
        return node;
    }

    // NAME ("." (NAME | STRING | INTEGER) | "[" INTEGER "]")*
    bool field(Field &f)
    {
        const Token first = m_token;
        std::vector<PathStep> steps;
        f.spelled = first.text;
        advance();
        while (ok() && (isSymbol(m_token, ".") || isSymbol(m_token, "["))) {
            const bool bracket = isSymbol(m_token, "[");
            advance();
            PathStep step;
            if (m_token.kind == Token::Kind::Number && m_token.unit.isEmpty() && m_token.number >= 0
                && m_token.number <= MaxIndex && m_token.number == std::floor(m_token.number)) {
                step.index = qsizetype(m_token.number);
                step.key = QString::number(step.index);
                f.spelled += bracket ? QStringLiteral("[%1]").arg(step.index) : QStringLiteral(".%1").arg(step.index);
            } else if (!bracket && (m_token.kind == Token::Kind::Name || m_token.kind == Token::Kind::String)) {
                step.key = m_token.text;
                f.spelled += QLatin1Char('.') + step.key;
            } else {
                fail(m_token, bracket ? QStringLiteral("expected an index (0, 1, ...) inside '[ ]', found %1").arg(describe(m_token))
                                      : QStringLiteral("expected a name after '.', found %1").arg(describe(m_token)));
                return false;
            }
            step.keyUtf8 = step.key.toUtf8();
            advance();
            if (bracket) {
                if (!isSymbol(m_token, "]")) {
                    fail(m_token, QStringLiteral("expected ']', found %1").arg(describe(m_token)));
                    return false;
                }
                advance();
            }
            steps.push_back(step);
        }
        if (!ok())
            return false;
        return resolve(first, steps, f);
    }

    bool resolve(const Token &first, std::vector<PathStep> steps, Field &f)
    {
        const QString head = first.text.toLower();
        if (m_over == Over::Records) {
            QString why;
            if (!resolveRecordField(head, std::move(steps), f, &why)) {
                fail(first, why);
                return false;
            }
            return true;
        }
        const auto unknown = [&] {
            fail(first, QStringLiteral("unknown field '%1'; fields are %2%3").arg(f.spelled, fieldList(), recordFieldHint(head)));
            return false;
        };
        if (head == QLatin1String("body") && !steps.empty()) {
            f.kind = FieldKind::BodyPath;
            f.path = std::move(steps);
            return true;
        }
        if (head == QLatin1String("headers")) {
            if (steps.empty() || steps.front().index >= 0) {
                fail(first, QStringLiteral("'headers' needs a header's name: headers.<name>"));
                return false;
            }
            f.kind = FieldKind::Header;
            f.path = std::move(steps);
            return true;
        }
        if (head == QLatin1String("properties")) {
            const QString name = steps.size() == 1 ? steps.front().key.toLower() : QString();
            if (!kStringProperties.contains(name) && !kNumberProperties.contains(name)) {
                fail(first, QStringLiteral("'%1' is not a property; properties are %2")
                                .arg(f.spelled, (kStringProperties + kNumberProperties).join(QStringLiteral(", "))));
                return false;
            }
            f.kind = FieldKind::Property;
            f.property = name;
            return true;
        }
        if (head == QLatin1String("deaths")) {
            const QString what = steps.size() == 1 ? steps.front().key.toLower() : QString();
            if (what == QLatin1String("count"))
                f.kind = FieldKind::DeathsCount;
            else if (what == QLatin1String("reason"))
                f.kind = FieldKind::DeathsReason;
            else if (what == QLatin1String("queue"))
                f.kind = FieldKind::DeathsQueue;
            else {
                fail(first, QStringLiteral("'%1' is not known; use deaths.count, deaths.reason or deaths.queue").arg(f.spelled));
                return false;
            }
            return true;
        }
        if (!steps.empty())
            return unknown();
        if (plainFields().contains(head)) {
            f.kind = plainFields().value(head);
            return true;
        }
        // The properties by their own names too (message_id = "...").
        if (head != QLatin1String("priority") && (kStringProperties.contains(head) || kNumberProperties.contains(head))) {
            f.kind = FieldKind::Property;
            f.property = head;
            return true;
        }
        return unknown();
    }

    // One literal, appended to node->values.
    bool literal(const Field &f, const Token &opToken, Node *node)
    {
        Literal l;
        const Token t = m_token;
        switch (t.kind) {
        case Token::Kind::String:
            l.kind = Literal::Kind::String;
            l.string = t.text;
            break;
        case Token::Kind::Number:
            if (!number(t, l))
                return false;
            break;
        case Token::Kind::Name:
            if (isKeyword(t, "true") || isKeyword(t, "false")) {
                l.kind = Literal::Kind::Bool;
                l.boolean = isKeyword(t, "true");
                break;
            }
            if (isKeyword(t, "null")) {
                l.kind = Literal::Kind::Null;
                break;
            }
            [[fallthrough]];
        default:
            fail(t, QStringLiteral("expected a value after %1 (a \"string\", a number, true, false or null), found %2")
                        .arg(QStringLiteral("'%1'").arg(opToken.text), describe(t)));
            return false;
        }
        node->values.push_back(l);
        advance();
        return true;
    }

    bool number(const Token &t, Literal &l)
    {
        l.number = t.number;
        if (t.unit.isEmpty()) {
            l.kind = Literal::Kind::Number;
            return true;
        }
        static const QHash<QString, double> durations = {{QStringLiteral("ms"), 1}, {QStringLiteral("s"), 1000},
            {QStringLiteral("m"), 60000}, {QStringLiteral("h"), 3600000}, {QStringLiteral("d"), 86400000}};
        static const QHash<QString, double> sizes = {{QStringLiteral("b"), 1}, {QStringLiteral("kb"), 1024},
            {QStringLiteral("mb"), 1024.0 * 1024}, {QStringLiteral("gb"), 1024.0 * 1024 * 1024}};
        if (durations.contains(t.unit)) {
            l.kind = Literal::Kind::Duration;
            l.number *= durations.value(t.unit);
            return true;
        }
        if (sizes.contains(t.unit)) {
            l.kind = Literal::Kind::Size;
            l.number *= sizes.value(t.unit);
            return true;
        }
        fail(t, QStringLiteral("unknown unit '%1' (durations: ms, s, m, h, d; sizes: b, kb, mb, gb)").arg(t.unit));
        return false;
    }

    // Whether the field can be compared that way with those values.
    bool check(Node &node, const Token &opToken)
    {
        const Field &f = node.field;
        const Op op = node.op;
        const auto refuse = [&](const Token &at, const QString &why) {
            fail(at, why);
            return false;
        };
        const Token &valueAt = opToken;   // errors about values point at the operator
        const bool ordering = op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge;
        const bool textual = op == Op::Regex || op == Op::NotRegex || op == Op::Contains || op == Op::Like;
        // The fields a message (or a record) may lack.
        const bool records = m_over == Over::Records;
        const bool optional = records ? recordFieldIsOptional(f.kind) : f.kind == FieldKind::BodyPath || f.kind == FieldKind::Header
            || f.kind == FieldKind::Property || f.kind == FieldKind::DeathsReason || f.kind == FieldKind::DeathsQueue
            || f.kind == FieldKind::OriginalQueue || f.kind == FieldKind::Group;

        if (op == Op::Exists && !optional && records)
            return refuse(opToken, QStringLiteral("every record has %1: 'exists' is for key, value, key.<path>, "
                                                  "value.<path> and headers.<name>")
                                       .arg(f.spelled));
        if (op == Op::Exists && !optional)
            return refuse(opToken, QStringLiteral("every message has %1: 'exists' is for body.<path>, headers.<name>, "
                                                  "properties, deaths.reason, deaths.queue, original_queue and group")
                                       .arg(f.spelled));
        if (textual) {
            if (node.values.front().kind != Literal::Kind::String)
                return refuse(valueAt, QStringLiteral("'%1' takes a \"string\"").arg(opToken.text));
            if (op == Op::Contains)
                node.asciiNeedle = asciiBytes(node.values.front().string);
            if (op == Op::Regex || op == Op::NotRegex || op == Op::Like) {
                node.regex = op == Op::Like ? likePattern(node.values.front().string)
                                            : QRegularExpression(node.values.front().string);
                if (!node.regex.isValid())
                    return refuse(valueAt, QStringLiteral("the regular expression is not valid: %1 (at %2 in it)")
                                               .arg(node.regex.errorString())
                                               .arg(node.regex.patternErrorOffset() + 1));
                node.regex.optimize();
            }
        }

        enum class Wants { Text, Number, Duration, Bool, Reason, Time, Any };
        Wants wants = Wants::Any;
        switch (f.kind) {
        case FieldKind::Queue: case FieldKind::Exchange: case FieldKind::RoutingKey: case FieldKind::Group:
        case FieldKind::OriginalQueue: case FieldKind::DeathsQueue: case FieldKind::Body:
            wants = Wants::Text;
            break;
        case FieldKind::Size: case FieldKind::DeliveryCount: case FieldKind::Priority: case FieldKind::Id:
        case FieldKind::DeathsCount:
            wants = Wants::Number;
            break;
        case FieldKind::Age: wants = Wants::Duration; break;
        case FieldKind::Redelivered: case FieldKind::Persistent: wants = Wants::Bool; break;
        case FieldKind::DeathsReason: wants = Wants::Reason; break;
        case FieldKind::Property:
            wants = kNumberProperties.contains(f.property) ? Wants::Number : Wants::Text;
            break;
        case FieldKind::BodyPath: case FieldKind::Header: case FieldKind::KeyPath: wants = Wants::Any; break;
        case FieldKind::Topic: case FieldKind::Key: wants = Wants::Text; break;
        case FieldKind::Partition: case FieldKind::Offset: wants = Wants::Number; break;
        case FieldKind::Timestamp: wants = Wants::Time; break;
        }
        if (textual && (wants == Wants::Number || wants == Wants::Duration || wants == Wants::Bool || wants == Wants::Time))
            return refuse(opToken, QStringLiteral("%1 is not text: compare it with =, !=, <, <=, >, >= or in").arg(f.spelled));
        if (ordering && (wants == Wants::Bool || wants == Wants::Reason || f.kind == FieldKind::Body))
            return refuse(opToken, QStringLiteral("%1 cannot be ordered: use = or !=").arg(f.spelled));
        if (textual)
            return true;
        for (Literal &l : node.values) {
            switch (wants) {
            case Wants::Text:
                // A record's key and value may be null.
                if (records && optional && l.kind == Literal::Kind::Null && (op == Op::Eq || op == Op::Ne || op == Op::In))
                    break;
                if (l.kind != Literal::Kind::String)
                    return refuse(valueAt, records && optional
                            ? QStringLiteral("%1 is text or null: compare it with a \"string\" or null").arg(f.spelled)
                            : QStringLiteral("%1 is text: compare it with a \"string\"").arg(f.spelled));
                break;
            case Wants::Time: {
                // Milliseconds since the epoch, or an ISO 8601 time in a string.
                const QDateTime at = l.kind == Literal::Kind::String
                    ? QDateTime::fromString(l.string, Qt::ISODateWithMs) : QDateTime();
                if (at.isValid()) {
                    l.kind = Literal::Kind::Number;
                    l.number = double(at.toMSecsSinceEpoch());
                } else if (l.kind != Literal::Kind::Number) {
                    return refuse(valueAt, QStringLiteral("timestamp is compared with milliseconds since the epoch or "
                                                          "an ISO 8601 time such as \"2026-12-03T14:00:00Z\""));
                }
                break;
            }
            case Wants::Number:
                if (l.kind != Literal::Kind::Number && !(f.kind == FieldKind::Size && l.kind == Literal::Kind::Size))
                    return refuse(valueAt, f.kind == FieldKind::Size
                            ? QStringLiteral("size is compared with a number of bytes or a size such as 10kb")
                            : QStringLiteral("%1 is a number: compare it with a number").arg(f.spelled));
                break;
            case Wants::Duration:
                if (l.kind != Literal::Kind::Duration)
                    return refuse(valueAt, QStringLiteral("age is compared with a duration such as 500ms, 30s, 10m, 2h or 1d"));
                break;
            case Wants::Bool:
                if (l.kind != Literal::Kind::Bool)
                    return refuse(valueAt, QStringLiteral("%1 is true or false").arg(f.spelled));
                break;
            case Wants::Reason: {
                const auto reason = l.kind == Literal::Kind::String ? deathReasonFromName(l.string.toLower()) : std::nullopt;
                if (!reason)
                    return refuse(valueAt, QStringLiteral("deaths.reason is one of \"rejected\", \"expired\", \"maxlen\", \"delivery_limit\""));
                l.string = deathReasonName(*reason);
                break;
            }
            case Wants::Any:
                break;
            }
        }
        return true;
    }

    const QString &m_text;
    const Over m_over;
    qsizetype m_pos = 0;
    Token m_token;
    QueryError m_error;
};

} // namespace

// `like` (and the queues a scan picks): * is any run of characters (slashes and line breaks too), ? is
// one character, everything else is itself; the whole text must match.
QRegularExpression likePattern(const QString &glob)
{
    QString re = QStringLiteral("\\A(?:");
    for (const QChar c : glob) {
        if (c == QLatin1Char('*'))
            re += QStringLiteral(".*");
        else if (c == QLatin1Char('?'))
            re += QLatin1Char('.');
        else
            re += QRegularExpression::escape(QString(c));
    }
    re += QStringLiteral(")\\z");
    return QRegularExpression(re, QRegularExpression::DotMatchesEverythingOption);
}

Query::Query() = default;

Query Query::parse(const QString &text, QueryError *error, Over over)
{
    Query q;
    q.m_text = text.trimmed();
    q.m_over = over;
    Parser parser(q.m_text, over);
    QueryError e;
    q.m_root = parser.parse(&e);
    q.m_valid = parser.ok();
    if (!q.m_valid) {
        // Positions count in the text as given, not the trimmed one.
        qsizetype lead = 0;
        while (lead < text.size() && text.at(lead).isSpace())
            ++lead;
        e.position += lead;
        if (error)
            *error = e;
    }
    return q;
}

bool Query::isEmpty() const
{
    return m_valid && !m_root;
}

} // namespace depot::query
