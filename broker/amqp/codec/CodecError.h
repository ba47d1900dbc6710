#pragma once

// What the codec reports when bytes from a peer cannot be decoded: the AMQP
// reply code the connection must close with, and a text a Depot user can read
// in the log and in the client's exception.

#include <QString>

#include <optional>
#include <utility>

namespace depot::amqp {

namespace ReplyCode {
inline constexpr quint16 Success = 200;
inline constexpr quint16 FrameError = 501;
inline constexpr quint16 SyntaxError = 502;
inline constexpr quint16 CommandInvalid = 503;
inline constexpr quint16 ChannelError = 504;
inline constexpr quint16 UnexpectedFrame = 505;
inline constexpr quint16 NotImplemented = 540;
} // namespace ReplyCode

struct CodecError
{
    quint16 replyCode = 0;
    QString text;

    bool operator==(const CodecError &) const = default;
};

// A decoded value or the reason there is none. Small on purpose: decoding
// must not throw, and the caller always has to look at which one it got.
template <typename T>
class Decoded final
{
public:
    Decoded(T value) : m_value(std::move(value)) {}
    Decoded(CodecError error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const CodecError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    CodecError m_error;
};

} // namespace depot::amqp
