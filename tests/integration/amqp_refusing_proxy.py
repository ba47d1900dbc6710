"""A TCP proxy in front of a real RabbitMQ that refuses AMQP transactions.

RabbitMQ always accepts tx.select, yet AMQP 0-9-1 lets a broker refuse it
(some brokers and AMQP gateways do). To test how Depot's remote replay
behaves there, this proxy passes every frame through unchanged except a
client's tx.select: that one never reaches RabbitMQ, and the client gets
channel.close 540 NOT_IMPLEMENTED for it instead (the channel.close-ok it
answers is swallowed, since RabbitMQ never closed that channel). Everything
else, the messages included, is the real RabbitMQ's. So that the channel
can be opened again, the proxy closes it on RabbitMQ's side too (a
channel.close in place of the tx.select, whose close-ok it swallows).

    with RefusingProxy(upstream_port) as proxy:
        proxy.port, proxy.refused (tx.selects refused so far)
"""

import socket
import struct
import threading

FRAME_METHOD = 1
FRAME_END = b"\xce"
TX_SELECT = (90, 10)
CHANNEL_CLOSE = (20, 40)
CHANNEL_CLOSE_OK = (20, 41)
NOT_IMPLEMENTED = 540


def method_frame(channel, class_id, method_id, args):
    payload = struct.pack(">HH", class_id, method_id) + args
    return struct.pack(">BHI", FRAME_METHOD, channel, len(payload)) + payload + FRAME_END


def channel_close(channel, text, class_id, method_id):
    reply = text.encode()
    args = struct.pack(">HB", NOT_IMPLEMENTED, len(reply)) + reply + struct.pack(">HH", class_id, method_id)
    return method_frame(channel, *CHANNEL_CLOSE, args)


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def shut(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


class RefusingProxy:
    def __init__(self, upstream_port, host="127.0.0.1"):
        self.upstream = (host, upstream_port)
        self.refused = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, 0))
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._closing = False
        self._sockets = []

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._closing = True
        self._listener.close()
        for s in self._sockets:
            try:
                s.close()
            except OSError:
                pass

    def _accept(self):
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sockets += [client, server]
            upstream_closing = set()  # this connection's channels the proxy closed on RabbitMQ's side
            threading.Thread(target=self._to_server, args=(client, server, upstream_closing), daemon=True).start()
            threading.Thread(target=self._to_client, args=(server, client, upstream_closing), daemon=True).start()

    def _send_client(self, client, data):
        with self._lock:
            client.sendall(data)

    def _to_client(self, server, client, upstream_closing):
        try:
            while True:
                header = read_exactly(server, 7)
                kind, channel, size = struct.unpack(">BHI", header)
                frame = header + read_exactly(server, size + 1)
                if kind == FRAME_METHOD and size >= 4 and struct.unpack(">HH", frame[7:11]) == CHANNEL_CLOSE_OK \
                        and channel in upstream_closing:
                    upstream_closing.discard(channel)
                    continue
                self._send_client(client, frame)
        except (OSError, ConnectionError):
            pass
        finally:
            shut(client, server)

    def _to_server(self, client, server, upstream_closing):
        closing = set()  # channels this proxy closed, waiting for the client's close-ok
        try:
            server.sendall(read_exactly(client, 8))  # the protocol header
            while True:
                header = read_exactly(client, 7)
                kind, channel, size = struct.unpack(">BHI", header)
                payload = read_exactly(client, size)
                end = read_exactly(client, 1)
                if kind == FRAME_METHOD and size >= 4:
                    method = struct.unpack(">HH", payload[:4])
                    if method == TX_SELECT:
                        self.refused += 1
                        closing.add(channel)
                        upstream_closing.add(channel)
                        server.sendall(method_frame(channel, *CHANNEL_CLOSE,
                                                    struct.pack(">HB", 200, 0) + struct.pack(">HH", 0, 0)))
                        self._send_client(client, channel_close(
                            channel, "NOT_IMPLEMENTED - this broker offers no transactions", *TX_SELECT))
                        continue
                    if method == CHANNEL_CLOSE_OK and channel in closing:
                        closing.discard(channel)
                        continue
                server.sendall(header + payload + end)
        except (OSError, ConnectionError):
            pass
        finally:
            shut(client, server)
