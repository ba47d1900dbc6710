// sqs_load_client: the native load generator bench_sqs uses with
// `--client native`. It speaks AWS JSON 1.0 over keep-alive HTTP/1.1 on plain
// blocking sockets, one connection per thread, with request bodies built
// before the clock starts, so that on a 2-core machine nearly all the CPU is
// left to Depot and the figure is Depot's rather than the client's.
//
//   sqs_load_client send    PORT QUEUE_URL MESSAGES CONNECTIONS
//   sqs_load_client receive PORT QUEUE_URL MESSAGES CONNECTIONS
//
// Prints one line: "<messages> <first start> <last end>", times in seconds of
// CLOCK_MONOTONIC (Python's time.perf_counter on Linux), or a reason on
// stderr and exit status 1.
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

[[noreturn]] void fail(const std::string &why)
{
    std::fprintf(stderr, "sqs_load_client: %s\n", why.c_str());
    std::exit(1);
}

class Connection
{
public:
    explicit Connection(int port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            fail("socket: " + std::string(std::strerror(errno)));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(uint16_t(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            fail("connect to port " + std::to_string(port) + ": " + std::strerror(errno));
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        m_host = "127.0.0.1:" + std::to_string(port);
    }
    ~Connection() { ::close(m_fd); }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // A whole request, ready to write.
    std::string request(const char *action, const std::string &body) const
    {
        std::string r = "POST / HTTP/1.1\r\nHost: " + m_host
            + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS." + action
            + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        r += body;
        return r;
    }

    // Writes a request and returns the body of a 200 answer.
    std::string call(const std::string &request)
    {
        for (size_t done = 0; done < request.size();) {
            const ssize_t n = ::write(m_fd, request.data() + done, request.size() - done);
            if (n <= 0)
                fail("write: " + std::string(std::strerror(errno)));
            done += size_t(n);
        }
        size_t headerEnd;
        while ((headerEnd = m_in.find("\r\n\r\n")) == std::string::npos)
            fill();
        const std::string head = m_in.substr(0, headerEnd);
        if (head.compare(0, 12, "HTTP/1.1 200") != 0)
            fail("answer: " + head.substr(0, head.find("\r\n")) + " " + m_in.substr(headerEnd, 300));
        std::string lower = head;
        std::transform(
            lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const size_t at = lower.find("\r\ncontent-length:");
        if (at == std::string::npos)
            fail("answer without Content-Length");
        const size_t length = size_t(std::strtoull(head.c_str() + at + 17, nullptr, 10));
        while (m_in.size() < headerEnd + 4 + length)
            fill();
        std::string body = m_in.substr(headerEnd + 4, length);
        m_in.erase(0, headerEnd + 4 + length);
        return body;
    }

private:
    void fill()
    {
        char buffer[65536];
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            fail(n == 0 ? "Depot closed the connection" : "read: " + std::string(std::strerror(errno)));
        m_in.append(buffer, size_t(n));
    }

    int m_fd = -1;
    std::string m_host;
    std::string m_in;
};

struct Span
{
    double start = 0;
    double end = 0;
    long messages = 0;
};

std::string sendBatchBody(const std::string &url, int size)
{
    std::string body = "{\"QueueUrl\":\"" + url + "\",\"Entries\":[";
    const std::string text(100, 'x');
    for (int i = 0; i < size; ++i) {
        if (i)
            body += ',';
        body += "{\"Id\":\"" + std::to_string(i) + "\",\"MessageBody\":\"" + text + "\"}";
    }
    return body + "]}";
}

Span sendWorker(int port, const std::string &url, long messages, std::atomic<int> &ready, int workers)
{
    Connection connection(port);
    connection.call(connection.request("ListQueues", "{}")); // connected and warm
    std::vector<std::string> requests;
    for (long left = messages; left > 0; left -= 10)
        requests.push_back(connection.request("SendMessageBatch", sendBatchBody(url, int(std::min(left, 10L)))));
    ready.fetch_add(1);
    while (ready.load() < workers)
        std::this_thread::yield();
    Span span;
    span.start = now();
    for (const std::string &request : requests) {
        const std::string answer = connection.call(request);
        if (answer.find("\"Failed\":[{") != std::string::npos)
            fail("SendMessageBatch failed: " + answer.substr(0, 300));
    }
    span.end = now();
    span.messages = messages;
    return span;
}

// The receipt handles of a ReceiveMessage answer, as written (still JSON-escaped).
std::vector<std::string> receiptHandles(const std::string &answer)
{
    static const std::string key = "\"ReceiptHandle\":\"";
    std::vector<std::string> handles;
    for (size_t at = answer.find(key); at != std::string::npos; at = answer.find(key, at)) {
        at += key.size();
        size_t end = at;
        while (end < answer.size() && answer[end] != '"')
            end += answer[end] == '\\' ? 2 : 1;
        handles.push_back(answer.substr(at, end - at));
        at = end;
    }
    return handles;
}

Span receiveWorker(int port, const std::string &url, std::atomic<int> &ready, int workers)
{
    Connection connection(port);
    connection.call(connection.request("ListQueues", "{}"));
    const std::string receive = connection.request(
        "ReceiveMessage", "{\"QueueUrl\":\"" + url + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":0}");
    ready.fetch_add(1);
    while (ready.load() < workers)
        std::this_thread::yield();
    Span span;
    span.start = now();
    for (int empty = 0; empty < 3;) {
        const std::vector<std::string> handles = receiptHandles(connection.call(receive));
        if (handles.empty()) {
            ++empty;
            continue;
        }
        empty = 0;
        std::string body = "{\"QueueUrl\":\"" + url + "\",\"Entries\":[";
        for (size_t i = 0; i < handles.size(); ++i) {
            if (i)
                body += ',';
            body += "{\"Id\":\"" + std::to_string(i) + "\",\"ReceiptHandle\":\"" + handles[i] + "\"}";
        }
        body += "]}";
        const std::string answer = connection.call(connection.request("DeleteMessageBatch", body));
        if (answer.find("\"Failed\":[{") != std::string::npos)
            fail("DeleteMessageBatch failed: " + answer.substr(0, 300));
        span.messages += long(handles.size());
        span.end = now();
    }
    if (span.end == 0)
        span.end = now();
    return span;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 6)
        fail("usage: sqs_load_client send|receive PORT QUEUE_URL MESSAGES CONNECTIONS");
    const std::string phase = argv[1];
    const int port = std::atoi(argv[2]);
    const std::string url = argv[3];
    const long messages = std::atol(argv[4]);
    const int connections = std::atoi(argv[5]);
    if ((phase != "send" && phase != "receive") || port <= 0 || messages <= 0 || connections <= 0)
        fail("usage: sqs_load_client send|receive PORT QUEUE_URL MESSAGES CONNECTIONS");
    std::vector<Span> spans(static_cast<size_t>(connections));
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (int c = 0; c < connections; ++c) {
        const long share = messages / connections + (c < messages % connections ? 1 : 0);
        threads.emplace_back([&, c, share] {
            spans[size_t(c)] = phase == "send" ? sendWorker(port, url, share, ready, connections)
                                               : receiveWorker(port, url, ready, connections);
        });
    }
    for (std::thread &t : threads)
        t.join();
    Span total{spans[0].start, spans[0].end, 0};
    for (const Span &s : spans) {
        total.start = std::min(total.start, s.start);
        total.end = std::max(total.end, s.end);
        total.messages += s.messages;
    }
    std::printf("%ld %.6f %.6f\n", total.messages, total.start, total.end);
    return 0;
}
