<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>QObject</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>depot::ui::BindingDialog</name>
    <message>
        <source>Create binding</source>
        <translation>Bindung anlegen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The exchange messages are published to. The default exchange is not listed: it routes by queue name and takes no bindings.</source>
        <translation>Die Exchange, an die Nachrichten veröffentlicht werden. Die Standard-Exchange fehlt: Sie leitet nach Queue-Namen und nimmt keine Bindungen an.</translation>
    </message>
    <message>
        <source>&amp;From exchange:</source>
        <translation>&amp;Von Exchange:</translation>
    </message>
    <message>
        <source>queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <source>&amp;Routing key:</source>
        <translation>&amp;Routing-Key:</translation>
    </message>
    <message>
        <source>all headers match (all)</source>
        <translation>alle Header passen (all)</translation>
    </message>
    <message>
        <source>any header matches (any)</source>
        <translation>ein Header passt (any)</translation>
    </message>
    <message>
        <source>all, x- headers too (all-with-x)</source>
        <translation>alle, auch x-Header (all-with-x)</translation>
    </message>
    <message>
        <source>any, x- headers too (any-with-x)</source>
        <translation>einer, auch x-Header (any-with-x)</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>Ab&amp;gleich:</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Add header</source>
        <translation>Header hin&amp;zufügen</translation>
    </message>
    <message>
        <source>R&amp;emove header</source>
        <translation>Header &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>ganze Zahl</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>wahr/falsch</translation>
    </message>
    <message>
        <source>ignored: a fanout exchange sends every message to every binding</source>
        <translation>ignoriert: Eine Fanout-Exchange sendet jede Nachricht an jede Bindung</translation>
    </message>
    <message>
        <source>a pattern, e.g. order.*.eu (* one word, # any number of words)</source>
        <translation>ein Muster, z. B. order.*.eu (* ein Wort, # beliebig viele Wörter)</translation>
    </message>
    <message>
        <source>ignored: the headers below decide</source>
        <translation>ignoriert: Die Header unten entscheiden</translation>
    </message>
    <message>
        <source>the routing key messages must carry</source>
        <translation>der Routing-Key, den Nachrichten tragen müssen</translation>
    </message>
    <message>
        <source>the queue the messages go to</source>
        <translation>die Queue, an die die Nachrichten gehen</translation>
    </message>
    <message>
        <source>the exchange the messages go on to</source>
        <translation>die Exchange, an die die Nachrichten weitergehen</translation>
    </message>
    <message>
        <source>The header %1 must be a whole number.</source>
        <translation>Der Header %1 muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>The header %1 must be a number (e.g. 2.5).</source>
        <translation>Der Header %1 muss eine Zahl sein (z. B. 2.5).</translation>
    </message>
    <message>
        <source>The header %1 must be true or false.</source>
        <translation>Der Header %1 muss true oder false sein.</translation>
    </message>
    <message>
        <source>There is no exchange to bind from: create one first.</source>
        <translation>Es gibt keine Exchange, von der gebunden werden kann: Legen Sie zuerst eine an.</translation>
    </message>
    <message>
        <source>Choose the queue the messages go to.</source>
        <translation>Wählen Sie die Queue, an die die Nachrichten gehen.</translation>
    </message>
    <message>
        <source>Choose the exchange the messages go on to.</source>
        <translation>Wählen Sie die Exchange, an die die Nachrichten weitergehen.</translation>
    </message>
    <message>
        <source>There is no queue named %1.</source>
        <translation>Es gibt keine Queue namens %1.</translation>
    </message>
    <message>
        <source>There is no exchange named %1.</source>
        <translation>Es gibt keine Exchange namens %1.</translation>
    </message>
    <message>
        <source>The routing key is longer than 255 bytes.</source>
        <translation>Der Routing-Key ist länger als 255 Bytes.</translation>
    </message>
    <message>
        <source>Header %1 in the list has no name.</source>
        <translation>Header %1 in der Liste hat keinen Namen.</translation>
    </message>
    <message>
        <source>x-match is set by the Match choice above, not as a header.</source>
        <translation>x-match wird oben mit „Abgleich“ gewählt, nicht als Header.</translation>
    </message>
    <message>
        <source>The header %1 is listed twice.</source>
        <translation>Der Header %1 steht zweimal in der Liste.</translation>
    </message>
    <message>
        <source>This binding exists already.</source>
        <translation>Diese Bindung existiert bereits.</translation>
    </message>
</context>
<context>
    <name>depot::ui::BrokerClient</name>
    <message>
        <source>Published, but no queue is bound for it: the message was dropped.</source>
        <translation>Veröffentlicht, aber keine Queue ist dafür gebunden: Die Nachricht wurde verworfen.</translation>
    </message>
    <message>
        <source>A full queue rejected the message.</source>
        <translation>Eine volle Queue hat die Nachricht abgelehnt.</translation>
    </message>
    <message>
        <source>Depot stopped while publishing.</source>
        <translation>Depot wurde beim Veröffentlichen beendet.</translation>
    </message>
    <message>
        <source>Queue %1 was deleted during the export.</source>
        <translation>Queue %1 wurde während des Exports gelöscht.</translation>
    </message>
    <message>
        <source>Queue %1 no longer exists.</source>
        <translation>Queue %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>line %1: its properties are refused (%2)</source>
        <translation>Zeile %1: ihre Eigenschaften werden abgelehnt (%2)</translation>
    </message>
    <message>
        <source>line %1: the queue refused it (full)</source>
        <translation>Zeile %1: die Queue hat sie abgelehnt (voll)</translation>
    </message>
    <message>
        <source>an exchange named %1 exists already</source>
        <translation>eine Exchange namens %1 existiert bereits</translation>
    </message>
    <message>
        <source>that binding exists already</source>
        <translation>diese Bindung existiert bereits</translation>
    </message>
    <message>
        <source>Topic %1 was deleted during the export.</source>
        <translation>Das Topic %1 wurde während des Exports gelöscht.</translation>
    </message>
    <message>
        <source>Depot&apos;s topics were restarted during the export.</source>
        <translation>Depots Topics wurden während des Exports neu gestartet.</translation>
    </message>
</context>
<context>
    <name>depot::ui::BrokerStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d03a2f&apos;&gt;Not running&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#d03a2f&apos;&gt;Läuft nicht&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#10a060&apos;&gt;●&lt;/b&gt; Running</source>
        <translation>&lt;b style=&apos;color:#10a060&apos;&gt;●&lt;/b&gt; Läuft</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d03a2f&apos;&gt;● Publishers blocked&lt;/b&gt; (%1)</source>
        <translation>&lt;b style=&apos;color:#d03a2f&apos;&gt;● Publisher blockiert&lt;/b&gt; (%1)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>in memory</source>
        <translation>im Arbeitsspeicher</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ %1 alarm:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;⚠ Alarm %1:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>Use port %1 instead</source>
        <translation>Stattdessen Port %1 verwenden</translation>
    </message>
    <message>
        <source>Starting on the new port…</source>
        <translation>Start auf dem neuen Port …</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 %v / %m</source>
        <translation>%1 %v / %m</translation>
    </message>
    <message numerus="yes">
        <source> %Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform> %Ln übersprungen (keine Ursprungs-Queue, oder das Ziel existiert nicht mehr).</numerusform>
            <numerusform> %Ln übersprungen (keine Ursprungs-Queue, oder das Ziel existiert nicht mehr).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln queue(s)</source>
        <translation>
            <numerusform>%Ln Queue</numerusform>
            <numerusform>%Ln Queues</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ready</source>
        <translation>%1 bereit</translation>
    </message>
    <message>
        <source>%1 unacked</source>
        <translation>%1 unbestätigt</translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letter(s)</source>
        <translation>
            <numerusform>%Ln Dead Letter</numerusform>
            <numerusform>%Ln Dead Letters</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1/s</source>
        <translation>ein %1/s</translation>
    </message>
    <message>
        <source>out %1/s</source>
        <translation>aus %1/s</translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln Verbindung</numerusform>
            <numerusform>%Ln Verbindungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln consumer(s)</source>
        <translation>
            <numerusform>, %Ln Consumer</numerusform>
            <numerusform>, %Ln Consumer</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1-Port %2</translation>
    </message>
    <message>
        <source>%1 is already taken. Depot can start on %2 instead (for this run; use %3 to choose for good).</source>
        <translation>%1 ist bereits belegt. Depot kann stattdessen auf %2 starten (für diesen Lauf; mit %3 dauerhaft festlegen).</translation>
    </message>
    <message>
        <source>Use ports %1 instead</source>
        <translation>Stattdessen Ports %1 verwenden</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %1 of %2 message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>Abgebrochen nach %1 von %2 Nachricht; der Rest blieb, wo er war.</numerusform>
            <numerusform>Abgebrochen nach %1 von %2 Nachrichten; der Rest blieb, wo er war.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %1 of %2 message(s).</source>
        <translation>
            <numerusform>Fertig: %1 von %2 Nachricht.</numerusform>
            <numerusform>Fertig: %1 von %2 Nachrichten.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ChannelListModel</name>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Depot delivers nothing to this channel: the client paused it (channel.flow) or its connection is not reading fast enough.</source>
        <translation>Depot liefert nichts an diesen Kanal: Der Client hat ihn angehalten (channel.flow) oder seine Verbindung liest nicht schnell genug.</translation>
    </message>
    <message>
        <source>(internal)</source>
        <translation>(intern)</translation>
    </message>
    <message>
        <source>confirms</source>
        <translation>Bestätigungen</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>flowing</source>
        <translation>fließt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Fluss</translation>
    </message>
    <message>
        <source>Unacknowledged messages the whole channel may hold (basic.qos, global)</source>
        <translation>Unbestätigte Nachrichten, die der ganze Kanal halten darf (basic.qos, global)</translation>
    </message>
    <message>
        <source>Default limit for each new consumer on the channel (basic.qos)</source>
        <translation>Standardgrenze für jeden neuen Consumer auf dem Kanal (basic.qos)</translation>
    </message>
    <message>
        <source>Publisher confirms (confirm.select)</source>
        <translation>Publisher-Bestätigungen (confirm.select)</translation>
    </message>
    <message>
        <source>Whether Depot delivers to the channel (channel.flow)</source>
        <translation>Ob Depot an den Kanal ausliefert (channel.flow)</translation>
    </message>
    <message>
        <source>Prefetch</source>
        <translation>Prefetch</translation>
    </message>
    <message>
        <source>Consumer prefetch</source>
        <translation>Consumer-Prefetch</translation>
    </message>
    <message>
        <source>Confirms</source>
        <translation>Bestätigungen</translation>
    </message>
</context>
<context>
    <name>depot::ui::ChartsView</name>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>Nachrichten pro Sekunde</translation>
    </message>
    <message>
        <source>published</source>
        <translation>veröffentlicht</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <source>redelivered</source>
        <translation>erneut zugestellt</translation>
    </message>
    <message>
        <source>dead-lettered</source>
        <translation>als Dead Letter abgelegt</translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation>Queue-Tiefe</translation>
    </message>
    <message>
        <source>ready + unacked</source>
        <translation>bereit + unbestätigt</translation>
    </message>
    <message>
        <source>Queue depth (select a queue)</source>
        <translation>Queue-Tiefe (Queue auswählen)</translation>
    </message>
    <message>
        <source>Depth of %1</source>
        <translation>Tiefe von %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::CompareDialog</name>
    <message>
        <source>Differs</source>
        <translation>Unterschiedlich</translation>
    </message>
    <message>
        <source>Only in the left message</source>
        <translation>Nur in der linken Nachricht</translation>
    </message>
    <message>
        <source>Only in the right message</source>
        <translation>Nur in der rechten Nachricht</translation>
    </message>
    <message>
        <source>Compare messages</source>
        <translation>Nachrichten vergleichen</translation>
    </message>
    <message>
        <source>bodies compared as JSON</source>
        <translation>Inhalte als JSON verglichen</translation>
    </message>
    <message>
        <source>bodies compared as text</source>
        <translation>Inhalte als Text verglichen</translation>
    </message>
    <message>
        <source>bodies compared as hex</source>
        <translation>Inhalte hexadezimal verglichen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;Right:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Links:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;Rechts:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>The messages are identical (%1).</source>
        <translation>Die Nachrichten sind identisch (%1).</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) (%1).</source>
        <translation>
            <numerusform>%n Unterschied (%1).</numerusform>
            <numerusform>%n Unterschiede (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Show only differences</source>
        <translation>Nur Unterschiede zeigen</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Left body</source>
        <translation>Linker Inhalt</translation>
    </message>
    <message>
        <source>Right body</source>
        <translation>Rechter Inhalt</translation>
    </message>
</context>
<context>
    <name>depot::ui::ConnectionsPanel</name>
    <message>
        <source>&lt;b&gt;Channels&lt;/b&gt;</source>
        <translation>&lt;b&gt;Kanäle&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>depot::ui::ConsumerListModel</name>
    <message>
        <source>%1
connected %2</source>
        <translation>%1
verbunden seit %2</translation>
    </message>
    <message>
        <source>(inside Depot)</source>
        <translation>(in Depot)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(no consumers)</source>
        <translation>(keine Consumer)</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>waiting (single active consumer)</source>
        <translation>wartet (Single Active Consumer)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>Prefetch</source>
        <translation>Prefetch</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>RabbitMQ counts unacknowledged messages per channel, not per consumer: see the consumer&apos;s channel below</source>
        <translation>RabbitMQ zählt unbestätigte Nachrichten pro Kanal, nicht pro Consumer: siehe den Kanal des Consumers unten</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>per channel</source>
        <translation>pro Kanal</translation>
    </message>
    <message>
        <source>Manual: the consumer acknowledges each message (basic.ack); automatic: a delivery counts as acknowledged when it is sent (no-ack)</source>
        <translation>Manuell: Der Consumer bestätigt jede Nachricht (basic.ack); automatisch: Eine Zustellung gilt beim Senden als bestätigt (no-ack)</translation>
    </message>
    <message>
        <source>Acks</source>
        <translation>Bestätigung</translation>
    </message>
</context>
<context>
    <name>depot::ui::CopyAsCommand</name>
    <message>
        <source>an 8-bit integer</source>
        <translation>eine 8-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>an unsigned 8-bit integer</source>
        <translation>eine vorzeichenlose 8-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>a 16-bit integer</source>
        <translation>eine 16-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>an unsigned 16-bit integer</source>
        <translation>eine vorzeichenlose 16-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>a 32-bit integer</source>
        <translation>eine 32-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>an unsigned 32-bit integer</source>
        <translation>eine vorzeichenlose 32-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>a 64-bit integer</source>
        <translation>eine 64-Bit-Ganzzahl</translation>
    </message>
    <message>
        <source>a float</source>
        <translation>ein Float</translation>
    </message>
    <message>
        <source>a double</source>
        <translation>ein Double</translation>
    </message>
    <message>
        <source>a decimal</source>
        <translation>eine Dezimalzahl</translation>
    </message>
    <message>
        <source>a byte array</source>
        <translation>ein Byte-Array</translation>
    </message>
    <message>
        <source>a timestamp</source>
        <translation>ein Zeitstempel</translation>
    </message>
    <message>
        <source>a string that is not UTF-8</source>
        <translation>ein String, der kein UTF-8 ist</translation>
    </message>
    <message>
        <source>header &apos;%1&apos; is a decimal with trailing zeros (%2 at scale %3), which pika drops</source>
        <translation>Header &apos;%1&apos; ist eine Dezimalzahl mit Nullen am Ende (%2 mit Skala %3), die pika weglässt</translation>
    </message>
    <message>
        <source>header &apos;%1&apos; is %2, which pika cannot send: it sends whole numbers as 32- or 64-bit integers and has no float or double</source>
        <translation>Header &apos;%1&apos; ist %2, das pika nicht senden kann: pika sendet ganze Zahlen als 32- oder 64-Bit-Ganzzahlen und kennt weder Float noch Double</translation>
    </message>
    <message>
        <source>curl (Depot HTTP API)</source>
        <translation>curl (Depots HTTP-API)</translation>
    </message>
    <message>
        <source>pika (Python)</source>
        <translation>pika (Python)</translation>
    </message>
    <message>
        <source>amqp-publish</source>
        <translation>amqp-publish</translation>
    </message>
    <message>
        <source>pika cannot republish this message exactly: %1.</source>
        <translation>pika kann diese Nachricht nicht genau so erneut veröffentlichen: %1.</translation>
    </message>
    <message>
        <source>amqp-publish sets only the content type, content encoding, reply-to, the delivery mode and text headers</source>
        <translation>amqp-publish setzt nur Content-Type, Content-Encoding, Reply-To, den Zustellmodus und Text-Header</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it has %1 (%2).</source>
        <translation>amqp-publish kann diese Nachricht nicht genau so erneut veröffentlichen: sie hat %1 (%2).</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it always sets a delivery mode, and this message has none.</source>
        <translation>amqp-publish kann diese Nachricht nicht genau so erneut veröffentlichen: es setzt immer einen Zustellmodus, und diese Nachricht hat keinen.</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it has an empty header table, which amqp-publish cannot send.</source>
        <translation>amqp-publish kann diese Nachricht nicht genau so erneut veröffentlichen: sie hat eine leere Header-Tabelle, die amqp-publish nicht senden kann.</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: header &apos;%1&apos; is not text (%2).</source>
        <translation>amqp-publish kann diese Nachricht nicht genau so erneut veröffentlichen: Header &apos;%1&apos; ist kein Text (%2).</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it cannot send header &apos;%1&apos; as it is (a &apos;:&apos; in its name, or a value starting with a space).</source>
        <translation>amqp-publish kann diese Nachricht nicht genau so erneut veröffentlichen: es kann Header &apos;%1&apos; nicht unverändert senden (ein &apos;:&apos; im Namen oder ein Wert, der mit einem Leerzeichen beginnt).</translation>
    </message>
    <message>
        <source>Depot&apos;s HTTP API is off (--http-port 0): a curl command would have nowhere to go.</source>
        <translation>Depots HTTP-API ist aus (--http-port 0): ein curl-Befehl hätte kein Ziel.</translation>
    </message>
    <message>
        <source>Depot&apos;s AMQP listener is off (--amqp-port 0): %1 would have nowhere to connect.</source>
        <translation>Depots AMQP-Listener ist aus (--amqp-port 0): %1 könnte sich nirgends verbinden.</translation>
    </message>
</context>
<context>
    <name>depot::ui::CreateTopicDialog</name>
    <message>
        <source>Create topic</source>
        <translation>Topic anlegen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>bestellungen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>&amp;Partitionen:</translation>
    </message>
    <message>
        <source>Name the topic.</source>
        <translation>Geben Sie dem Topic einen Namen.</translation>
    </message>
    <message>
        <source>A topic named %1 exists already.</source>
        <translation>Ein Topic namens %1 gibt es schon.</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExchangeDialog</name>
    <message>
        <source>Create exchange</source>
        <translation>Exchange anlegen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>e.g. shop</source>
        <translation>z. B. shop</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>direct: the binding key equals the routing key</source>
        <translation>direct: Bindungsschlüssel gleich Routing-Key</translation>
    </message>
    <message>
        <source>fanout: every binding, the key ignored</source>
        <translation>fanout: jede Bindung, der Key wird ignoriert</translation>
    </message>
    <message>
        <source>topic: key patterns with * and #</source>
        <translation>topic: Key-Muster mit * und #</translation>
    </message>
    <message>
        <source>headers: message headers, the key ignored</source>
        <translation>headers: Header der Nachricht, der Key wird ignoriert</translation>
    </message>
    <message>
        <source>x-delayed-message: held for its x-delay, then routed</source>
        <translation>x-delayed-message: für ihr x-delay zurückgehalten, dann geleitet</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Routes as:</source>
        <translation>Leitet &amp;wie:</translation>
    </message>
    <message>
        <source>&amp;Durable (survives a restart)</source>
        <translation>&amp;Dauerhaft (übersteht einen Neustart)</translation>
    </message>
    <message>
        <source>&amp;Auto-delete (goes when its last binding goes)</source>
        <translation>&amp;Automatisch löschen (verschwindet mit ihrer letzten Bindung)</translation>
    </message>
    <message>
        <source>&amp;Internal (clients cannot publish to it; only other exchanges)</source>
        <translation>&amp;Intern (Clients können nicht dorthin veröffentlichen, nur andere Exchanges)</translation>
    </message>
    <message>
        <source>none: unroutable messages are dropped</source>
        <translation>keine: nicht zustellbare Nachrichten werden verworfen</translation>
    </message>
    <message>
        <source>Where messages go that no binding of this exchange takes (alternate-exchange)</source>
        <translation>Wohin Nachrichten gehen, die keine Bindung dieser Exchange annimmt (alternate-exchange)</translation>
    </message>
    <message>
        <source>A&amp;lternate exchange:</source>
        <translation>A&amp;lternate-Exchange:</translation>
    </message>
    <message>
        <source>Give the exchange a name.</source>
        <translation>Geben Sie der Exchange einen Namen.</translation>
    </message>
    <message>
        <source>An exchange named %1 already exists.</source>
        <translation>Eine Exchange namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>An exchange cannot be its own alternate exchange.</source>
        <translation>Eine Exchange kann nicht ihre eigene Alternate-Exchange sein.</translation>
    </message>
    <message>
        <source>The alternate exchange&apos;s name is longer than 255 bytes.</source>
        <translation>Der Name der Alternate-Exchange ist länger als 255 Bytes.</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExchangeTreeModel</name>
    <message>
        <source>(any value)</source>
        <translation>(beliebiger Wert)</translation>
    </message>
    <message>
        <source>The default exchange routes a message to the queue its routing key names. It has no bindings to list, and cannot be changed or deleted.</source>
        <translation>Die Standard-Exchange leitet eine Nachricht an die Queue, die ihr Routing-Key nennt. Sie hat keine Bindungen, die sich auflisten ließen, und kann weder geändert noch gelöscht werden.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln binding(s)</source>
        <translation>
            <numerusform>%1: %Ln Bindung</numerusform>
            <numerusform>%1: %Ln Bindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Set by policy: %1</source>
        <translation>Durch Policy gesetzt: %1</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>%1, routes as %2</source>
        <translation>%1, leitet wie %2</translation>
    </message>
    <message>
        <source>durable</source>
        <translation>dauerhaft</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>flüchtig</translation>
    </message>
    <message>
        <source>auto-delete</source>
        <translation>automatisch löschen</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>intern</translation>
    </message>
    <message>
        <source>alternate exchange %1</source>
        <translation>Alternate-Exchange %1</translation>
    </message>
    <message>
        <source>operator policy %1</source>
        <translation>Operator-Policy %1</translation>
    </message>
    <message>
        <source>Messages from %1 that match go to the queue %2.</source>
        <translation>Passende Nachrichten aus %1 gehen an die Queue %2.</translation>
    </message>
    <message>
        <source>Messages from %1 that match go on to the exchange %2.</source>
        <translation>Passende Nachrichten aus %1 gehen weiter an die Exchange %2.</translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>Queue %1</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>Exchange %1</translation>
    </message>
    <message>
        <source>Exchange / bound to</source>
        <translation>Exchange / gebunden an</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Routing-Key</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExportJob</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export cancelled; %1 was removed.</source>
        <translation>Export abgebrochen; %1 wurde entfernt.</translation>
    </message>
    <message>
        <source>%1 %2 was removed.</source>
        <translation>%1 %2 wurde entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s) from %1 to %2.</source>
        <translation>
            <numerusform>%n Nachricht aus %1 nach %2 exportiert.</numerusform>
            <numerusform>%n Nachrichten aus %1 nach %2 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running; %1 was removed.</source>
        <translation>Depot läuft nicht; %1 wurde entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) from topic %1 to %2.</source>
        <translation>
            <numerusform>%n Datensatz aus dem Topic %1 nach %2 exportiert.</numerusform>
            <numerusform>%n Datensätze aus dem Topic %1 nach %2 exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::FormDialog</name>
    <message>
        <source>The name is longer than 255 bytes.</source>
        <translation>Der Name ist länger als 255 Bytes.</translation>
    </message>
    <message>
        <source>Names starting with “amq.” are reserved for the broker.</source>
        <translation>Namen, die mit „amq.“ beginnen, sind dem Broker vorbehalten.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupListModel</name>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupMemberModel</name>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>Zugewiesene Partitionen</translation>
    </message>
    <message>
        <source>Instance id</source>
        <translation>Instanz-ID</translation>
    </message>
    <message>
        <source>Member id</source>
        <translation>Mitglieds-ID</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupOffsetModel</name>
    <message>
        <source>Metadata: %1</source>
        <translation>Metadaten: %1</translation>
    </message>
    <message>
        <source>no commit</source>
        <translation>noch nichts bestätigt</translation>
    </message>
    <message>
        <source>Assigned to a member, with no offset committed yet: the lag counts every record from the log start (%1) to the log end</source>
        <translation>Einem Mitglied zugewiesen, noch kein Offset bestätigt: der Rückstand zählt jeden Datensatz vom Log-Anfang (%1) bis zum Log-Ende</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Log end</source>
        <translation>Log-Ende</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupsPanel</name>
    <message>
        <source>Reset offsets…</source>
        <translation>Offsets zurücksetzen…</translation>
    </message>
    <message>
        <source>Delete group…</source>
        <translation>Gruppe löschen…</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Committed offsets and lag</source>
        <translation>Bestätigte Offsets und Rückstand</translation>
    </message>
    <message>
        <source>Select a group to see its members, committed offsets and lag.</source>
        <translation>Wählen Sie eine Gruppe, um ihre Mitglieder, bestätigten Offsets und ihren Rückstand zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · generation %3 · protocol %4 · total lag %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · Generation %3 · Protokoll %4 · Rückstand gesamt %5</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Select a group first</source>
        <translation>Wählen Sie zuerst eine Gruppe</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n member(s): Kafka changes a group&apos;s offsets or deletes it only while it has no members. Stop its consumers first.</source>
        <translation>
            <numerusform>%1 hat %n Mitglied: Kafka ändert die Offsets einer Gruppe oder löscht sie nur, solange sie keine Mitglieder hat. Beenden Sie zuerst ihre Consumer.</numerusform>
            <numerusform>%1 hat %n Mitglieder: Kafka ändert die Offsets einer Gruppe oder löscht sie nur, solange sie keine Mitglieder hat. Beenden Sie zuerst ihre Consumer.</numerusform>
        </translation>
    </message>
    <message>
        <source>The group has committed no offsets</source>
        <translation>Die Gruppe hat keine Offsets bestätigt</translation>
    </message>
    <message>
        <source>Move the group&apos;s committed offsets</source>
        <translation>Die bestätigten Offsets der Gruppe verschieben</translation>
    </message>
    <message>
        <source>Delete the group with its committed offsets</source>
        <translation>Die Gruppe mit ihren bestätigten Offsets löschen</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot hat abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Reset %n offset(s) of %1.</source>
        <translation>
            <numerusform>%n Offset von %1 zurückgesetzt.</numerusform>
            <numerusform>%n Offsets von %1 zurückgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the consumer group %1 with its %n committed offset(s)?</source>
        <translation>
            <numerusform>Die Consumer-Gruppe %1 mit ihrem %n bestätigten Offset löschen?</numerusform>
            <numerusform>Die Consumer-Gruppe %1 mit ihren %n bestätigten Offsets löschen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted the consumer group %1.</source>
        <translation>Die Consumer-Gruppe %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Could not delete the consumer group %1: %2</source>
        <translation>Die Consumer-Gruppe %1 konnte nicht gelöscht werden: %2</translation>
    </message>
</context>
<context>
    <name>depot::ui::ImportJob</name>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 cannot be imported, nothing was: %2</source>
        <translation>%1 kann nicht importiert werden, nichts wurde importiert: %2</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Import abgebrochen.</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %1 of %n message(s) into %2.</source>
        <translation>
            <numerusform>%1 von %n Nachricht in %2 importiert.</numerusform>
            <numerusform>%1 von %n Nachrichten in %2 importiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n message(s): %1.</source>
        <translation>
            <numerusform>%n Nachricht übersprungen: %1.</numerusform>
            <numerusform>%n Nachrichten übersprungen: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::JsonTreeModel</name>
    <message>
        <source>(array)</source>
        <translation>(Array)</translation>
    </message>
    <message>
        <source>(object)</source>
        <translation>(Objekt)</translation>
    </message>
    <message>
        <source>Not JSON: %1 at offset %2</source>
        <translation>Kein JSON: %1 an Position %2</translation>
    </message>
    <message numerus="yes">
        <source>{%Ln key(s)}</source>
        <translation>
            <numerusform>{%Ln Schlüssel}</numerusform>
            <numerusform>{%Ln Schlüssel}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln Element]</numerusform>
            <numerusform>[%Ln Elemente]</numerusform>
        </translation>
    </message>
    <message>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>array</source>
        <translation>Array</translation>
    </message>
    <message>
        <source>string</source>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>Wahrheitswert</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>depot::ui::MainWindow</name>
    <message>
        <source>&amp;Find a Gone Message…</source>
        <translation>Verschwundene Nachricht &amp;finden…</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Run &amp;demo traffic</source>
        <translation>&amp;Demo-Verkehr starten</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Quick start</source>
        <translation>&amp;Schnellstart</translation>
    </message>
    <message>
        <source>&amp;About Depot</source>
        <translation>Über &amp;Depot</translation>
    </message>
    <message>
        <source>About Depot</source>
        <translation>Über Depot</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Depot %1&lt;/h3&gt;&lt;p&gt;A desktop message broker you can see into.&lt;/p&gt;&lt;p&gt;AMQP 0-9-1 compatible with RabbitMQ clients.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Depot %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Message-Broker, in den Sie hineinsehen können.&lt;/p&gt;&lt;p&gt;AMQP 0-9-1, kompatibel mit RabbitMQ-Clients.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>&amp;Nachrichten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Follow &amp;system</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Exchanges</source>
        <translation>&amp;Exchanges</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Verbindungen</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Exchanges</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Quick start</source>
        <translation>Schnellstart</translation>
    </message>
    <message>
        <source>Show Depot</source>
        <translation>Depot anzeigen</translation>
    </message>
    <message>
        <source>Demo traffic running: watch orders, payments and their dead letters.</source>
        <translation>Demo-Verkehr läuft: Beobachten Sie Bestellungen, Zahlungen und ihre Dead Letters.</translation>
    </message>
    <message>
        <source>Demo traffic stopped; its queues and messages stay.</source>
        <translation>Demo-Verkehr angehalten; seine Queues und Nachrichten bleiben.</translation>
    </message>
    <message>
        <source>Stop &amp;demo traffic</source>
        <translation>&amp;Demo-Verkehr anhalten</translation>
    </message>
    <message>
        <source>Stop the built-in producers and consumers</source>
        <translation>Die eingebauten Producer und Consumer anhalten</translation>
    </message>
    <message>
        <source>Run built-in producers and consumers, some of which fail</source>
        <translation>Eingebaute Producer und Consumer starten, von denen einige scheitern</translation>
    </message>
    <message>
        <source>Depot — not running</source>
        <translation>Depot — läuft nicht</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message numerus="yes">
        <source>Depot — %Ln queue(s): </source>
        <translation>
            <numerusform>Depot — %Ln Queue: </numerusform>
            <numerusform>Depot — %Ln Queues: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 ready, %2 unacked, %Ln dead letter(s)</source>
        <translation>
            <numerusform>%1 bereit, %2 unbestätigt, %Ln Dead Letter</numerusform>
            <numerusform>%1 bereit, %2 unbestätigt, %Ln Dead Letters</numerusform>
        </translation>
    </message>
    <message>
        <source>Search &amp;all queues…</source>
        <translation>In &amp;allen Queues suchen…</translation>
    </message>
    <message>
        <source>Next &amp;pane</source>
        <translation>Nächster &amp;Bereich</translation>
    </message>
    <message>
        <source>Pre&amp;vious pane</source>
        <translation>&amp;Vorheriger Bereich</translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation>&amp;Topics</translation>
    </message>
    <message>
        <source>Consumer &amp;groups</source>
        <translation>Consumer-&amp;Gruppen</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>Consumer-Gruppen</translation>
    </message>
    <message>
        <source>&amp;Query messages…</source>
        <translation>Nachrichten &amp;abfragen…</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>&amp;Abfrage</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageActions</name>
    <message>
        <source>&amp;Publish message…</source>
        <translation>Nachricht &amp;veröffentlichen…</translation>
    </message>
    <message>
        <source>&amp;Copy message body</source>
        <translation>Nachrichteninhalt &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Save message body…</source>
        <translation>Nachrichteninhalt &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Replay selected dead letters</source>
        <translation>Ausgewählte Dead Letters &amp;wiedereinspielen</translation>
    </message>
    <message>
        <source>Replay &amp;all dead letters in this queue…</source>
        <translation>&amp;Alle Dead Letters dieser Queue wiedereinspielen…</translation>
    </message>
    <message>
        <source>Replay dead letters &amp;matching the filter…</source>
        <translation>Dead Letters, die zum Filter &amp;passen, wiedereinspielen…</translation>
    </message>
    <message>
        <source>&amp;Move to queue…</source>
        <translation>In Queue &amp;verschieben…</translation>
    </message>
    <message>
        <source>C&amp;opy to queue…</source>
        <translation>In Queue k&amp;opieren…</translation>
    </message>
    <message>
        <source>&amp;Delete selected messages…</source>
        <translation>Ausgewählte Nachrichten &amp;löschen…</translation>
    </message>
    <message>
        <source>P&amp;urge queue…</source>
        <translation>Queue &amp;leeren…</translation>
    </message>
    <message>
        <source>&amp;Edit and resend…</source>
        <translation>&amp;Bearbeiten und erneut senden…</translation>
    </message>
    <message>
        <source>C&amp;lose connection…</source>
        <translation>Verbindung sch&amp;ließen…</translation>
    </message>
    <message>
        <source>Replaying</source>
        <translation>Wiedereinspielen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Close connection</source>
        <translation>Verbindung schließen</translation>
    </message>
    <message>
        <source>Stop the demo traffic (%1)?</source>
        <translation>Den Demo-Verkehr (%1) anhalten?</translation>
    </message>
    <message>
        <source>Close the connection %1? The client is told CONNECTION_FORCED (320); its unacknowledged messages go back to their queues, and it may reconnect.</source>
        <translation>Die Verbindung %1 schließen? Der Client erhält CONNECTION_FORCED (320); seine unbestätigten Nachrichten kehren in ihre Queues zurück, und er kann sich neu verbinden.</translation>
    </message>
    <message>
        <source>Closed the connection %1.</source>
        <translation>Verbindung %1 geschlossen.</translation>
    </message>
    <message>
        <source>The connection %1 had already gone.</source>
        <translation>Die Verbindung %1 bestand nicht mehr.</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>Senden an:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected message(s)</source>
        <translation>
            <numerusform>%Ln ausgewählte Nachricht</numerusform>
            <numerusform>%Ln ausgewählte Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>the messages in %1 matching “%2”</source>
        <translation>die Nachrichten in %1, die zu „%2“ passen</translation>
    </message>
    <message>
        <source>Replay dead letters</source>
        <translation>Dead Letters wiedereinspielen</translation>
    </message>
    <message>
        <source>the queues they came from</source>
        <translation>die Queues, aus denen sie kamen</translation>
    </message>
    <message>
        <source>Move %1 to %2?</source>
        <translation>%1 nach %2 verschieben?</translation>
    </message>
    <message>
        <source>Move messages</source>
        <translation>Nachrichten verschieben</translation>
    </message>
    <message>
        <source>Copy messages</source>
        <translation>Nachrichten kopieren</translation>
    </message>
    <message>
        <source>the messages matching “%1”</source>
        <translation>die Nachrichten, die zu „%1“ passen</translation>
    </message>
    <message>
        <source>every ready message</source>
        <translation>jede bereite Nachricht</translation>
    </message>
    <message>
        <source>Move %1 from %2 to %3?</source>
        <translation>%1 von %2 nach %3 verschieben?</translation>
    </message>
    <message>
        <source>Copy %1 from %2 to %3?</source>
        <translation>%1 von %2 nach %3 kopieren?</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>Nachrichten löschen</translation>
    </message>
    <message>
        <source>Purge queue</source>
        <translation>Queue leeren</translation>
    </message>
    <message>
        <source>Publish message</source>
        <translation>Nachricht veröffentlichen</translation>
    </message>
    <message numerus="yes">
        <source>Published %Ln message(s).</source>
        <translation>
            <numerusform>%Ln Nachricht veröffentlicht.</numerusform>
            <numerusform>%Ln Nachrichten veröffentlicht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s).</source>
        <translation>
            <numerusform>%Ln Nachricht gesendet.</numerusform>
            <numerusform>%Ln Nachrichten gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>%1

The original stays in %2.</source>
        <translation>%1

Das Original bleibt in %2.</translation>
    </message>
    <message>
        <source>%1 The original could not be removed from %2: %3</source>
        <translation>%1 Das Original konnte nicht aus %2 entfernt werden: %3</translation>
    </message>
    <message>
        <source>%1 The original had already left %2 (consumed, moved or expired), so nothing was removed.</source>
        <translation>%1 Das Original hatte %2 bereits verlassen (konsumiert, verschoben oder abgelaufen); es wurde nichts entfernt.</translation>
    </message>
    <message>
        <source>%1 Removed the original from %2.</source>
        <translation>%1 Das Original wurde aus %2 entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>all %1 message(s) in %2</source>
        <translation>
            <numerusform>die %1 Nachricht in %2</numerusform>
            <numerusform>alle %1 Nachrichten in %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s), then stopped. </source>
        <translation>
            <numerusform>%Ln Nachricht gesendet, dann angehalten. </numerusform>
            <numerusform>%Ln Nachrichten gesendet, dann angehalten. </numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>&amp;Go to message…</source>
        <translation>&amp;Gehe zu Nachricht…</translation>
    </message>
    <message>
        <source>Select dead letters to replay them to the queues they came from</source>
        <translation>Dead Letters auswählen, um sie in ihre Ursprungs-Queues zurückzuspielen</translation>
    </message>
    <message>
        <source>The selected messages never died: they have no queue to go back to. Use Move to send them to another queue.</source>
        <translation>Die ausgewählten Nachrichten waren nie Dead Letters: Sie haben keine Queue, in die sie zurückkönnten. Mit Verschieben schicken Sie sie in eine andere Queue.</translation>
    </message>
    <message>
        <source>Wait for the running transfer to finish</source>
        <translation>Warten Sie, bis die laufende Übertragung fertig ist</translation>
    </message>
    <message>
        <source>Replay the selected dead letters to the queues they came from (%1)</source>
        <translation>Die ausgewählten Dead Letters in ihre Ursprungs-Queues zurückspielen (%1)</translation>
    </message>
    <message>
        <source>Go to message</source>
        <translation>Gehe zu Nachricht</translation>
    </message>
    <message>
        <source>#N for the N-th message listed, or a message id:</source>
        <translation>#N für die N-te aufgeführte Nachricht, oder eine Nachrichten-ID:</translation>
    </message>
    <message numerus="yes">
        <source>%1 expires messages after %2 s</source>
        <translation>
            <numerusform>%1 lässt Nachrichten nach %2 s ablaufen</numerusform>
            <numerusform>%1 lässt Nachrichten nach %2 s ablaufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Warning: %1, less than the age of %Ln replayed message(s) (up to %2 s): unless consumed in time they will expire and be dead-lettered again.</source>
        <translation>
            <numerusform>Warnung: %1, kürzer als das Alter von %Ln zurückgespielten Nachricht (bis %2 s): Wird sie nicht rechtzeitig konsumiert, läuft sie ab und wird wieder zum Dead Letter.</numerusform>
            <numerusform>Warnung: %1, kürzer als das Alter von %Ln zurückgespielten Nachrichten (bis %2 s): Werden sie nicht rechtzeitig konsumiert, laufen sie ab und werden wieder zu Dead Letters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy queue &amp;name</source>
        <translation>Queue-&amp;Namen kopieren</translation>
    </message>
    <message>
        <source>The queue each message came from (its dead-letter history)</source>
        <translation>Die Queue, aus der jede Nachricht kam (ihre Dead-Letter-Historie)</translation>
    </message>
    <message>
        <source>De&amp;lete queue…</source>
        <translation>Queue &amp;löschen…</translation>
    </message>
    <message>
        <source>Create &amp;queue…</source>
        <translation>&amp;Queue anlegen…</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Created the queue %1.</source>
        <translation>Queue %1 angelegt.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the queue %1 and the %2 message(s) in it? This cannot be undone.</source>
        <translation>
            <numerusform>Die Queue %1 und die %2 Nachricht darin löschen? Das kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>Die Queue %1 und die %2 Nachrichten darin löschen? Das kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>It is the dead-letter queue of %1: their dead letters will have nowhere to go.</source>
        <translation>Sie ist die Dead-Letter-Queue von %1: deren Dead Letters haben dann kein Ziel mehr.</translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln consumer(s) will be cancelled.</source>
        <translation>
            <numerusform>Ihr %Ln Consumer wird beendet.</numerusform>
            <numerusform>Ihre %Ln Consumer werden beendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete queue</source>
        <translation>Queue löschen</translation>
    </message>
    <message numerus="yes">
        <source>Deleted the queue %1 with %Ln message(s).</source>
        <translation>
            <numerusform>Queue %1 mit %Ln Nachricht gelöscht.</numerusform>
            <numerusform>Queue %1 mit %Ln Nachrichten gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Pause delivery</source>
        <translation>&amp;Zustellung anhalten</translation>
    </message>
    <message>
        <source>Resume &amp;delivery</source>
        <translation>Zustellung &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Deliver this queue&apos;s messages to its consumers again</source>
        <translation>Die Nachrichten dieser Queue wieder an ihre Consumer zustellen</translation>
    </message>
    <message>
        <source>Stop delivering this queue&apos;s messages: publishing goes on, consumers stay connected and get nothing until it is resumed</source>
        <translation>Zustellung der Nachrichten dieser Queue anhalten: Veröffentlichen geht weiter, Consumer bleiben verbunden und erhalten nichts, bis sie fortgesetzt wird</translation>
    </message>
    <message>
        <source>Delivery from %1 paused: publishing goes on, consumers get nothing until it is resumed.</source>
        <translation>Zustellung aus %1 angehalten: Veröffentlichen geht weiter, Consumer erhalten nichts, bis sie fortgesetzt wird.</translation>
    </message>
    <message>
        <source>Delivery from %1 resumed.</source>
        <translation>Zustellung aus %1 fortgesetzt.</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln message(s) from %1? Undo (%2) brings them back within %3 seconds.</source>
        <translation>
            <numerusform>%Ln Nachricht aus %1 löschen? Rückgängig (%2) holt sie innerhalb von %3 Sekunden zurück.</numerusform>
            <numerusform>%Ln Nachrichten aus %1 löschen? Rückgängig (%2) holt sie innerhalb von %3 Sekunden zurück.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the selected messages were unacknowledged or already gone.</source>
        <translation>
            <numerusform>%Ln der ausgewählten Nachrichten war unbestätigt oder schon weg.</numerusform>
            <numerusform>%Ln der ausgewählten Nachrichten waren unbestätigt oder schon weg.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put %1 message(s) back into %2.</source>
        <translation>
            <numerusform>%1 Nachricht zurück in %2 gelegt.</numerusform>
            <numerusform>%1 Nachrichten zurück in %2 gelegt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove all %1 ready message(s) from %2? Undo (%3) brings them back within %4 seconds; after that they are gone.</source>
        <translation>
            <numerusform>Die %1 bereite Nachricht aus %2 entfernen? Rückgängig (%3) holt sie innerhalb von %4 Sekunden zurück, danach ist sie weg.</numerusform>
            <numerusform>Alle %1 bereiten Nachrichten aus %2 entfernen? Rückgängig (%3) holt sie innerhalb von %4 Sekunden zurück, danach sind sie weg.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageBrowser</name>
    <message>
        <source>Filter messages by body and headers, Enter to search</source>
        <translation>Nachrichten nach Inhalt und Headern filtern, Eingabe zum Suchen</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß/klein beachten</translation>
    </message>
    <message>
        <source>%p% scanned</source>
        <translation>%p% durchsucht</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>This message has left the queue (consumed, moved or expired).</source>
        <translation>Diese Nachricht hat die Queue verlassen (verarbeitet, verschoben oder abgelaufen).</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln Nachricht</numerusform>
            <numerusform>%Ln Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (deleted)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (gelöscht)</translation>
    </message>
    <message>
        <source> · dead letters of %1</source>
        <translation> · Dead Letters von %1</translation>
    </message>
    <message>
        <source> · dead letters go to %1</source>
        <translation> · Dead Letters gehen nach %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>first %Ln match(es)</source>
        <translation>
            <numerusform>erster %Ln Treffer</numerusform>
            <numerusform>erste %Ln Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>Type #N for the N-th message listed, or a message id.</source>
        <translation>Geben Sie #N für die N-te aufgeführte Nachricht ein, oder eine Nachrichten-ID.</translation>
    </message>
    <message numerus="yes">
        <source>%1 lists %Ln message(s).</source>
        <translation>
            <numerusform>%1 enthält %Ln Nachricht.</numerusform>
            <numerusform>%1 enthält %Ln Nachrichten.</numerusform>
        </translation>
    </message>
    <message>
        <source>No message %1 in %2.</source>
        <translation>Keine Nachricht %1 in %2.</translation>
    </message>
    <message>
        <source>Message %1 does not match the filter.</source>
        <translation>Nachricht %1 passt nicht zum Filter.</translation>
    </message>
    <message>
        <source>Waiting to be retried</source>
        <translation>Wartet auf Wiederholung</translation>
    </message>
    <message>
        <source>Only messages waiting for their next attempt (x-retry-delays)</source>
        <translation>Nur Nachrichten, die auf ihren nächsten Versuch warten (x-retry-delays)</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageComparison</name>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… %Ln weiteres Byte nicht angezeigt</numerusform>
            <numerusform>… %Ln weitere Bytes nicht angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>… bodies longer than %1 bytes: the rest is not compared</source>
        <translation>… Inhalte länger als %1 Bytes: der Rest wird nicht verglichen</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageDataActions</name>
    <message numerus="yes">
        <source>Exported %Ln record(s) to %1, one file per topic.</source>
        <translation>
            <numerusform>%Ln Record nach %1 exportiert, eine Datei je Topic.</numerusform>
            <numerusform>%Ln Records nach %1 exportiert, eine Datei je Topic.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export to a folder (one file per topic)</source>
        <translation>In einen Ordner exportieren (eine Datei je Topic)</translation>
    </message>
    <message>
        <source>Export to a folder (one file per queue)</source>
        <translation>In einen Ordner exportieren (eine Datei je Queue)</translation>
    </message>
    <message>
        <source>Nothing was exported: %1 already holds %2.</source>
        <translation>Nichts wurde exportiert: %1 enthält bereits %2.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln message(s) to %1, one file per queue.</source>
        <translation>
            <numerusform>%Ln Nachricht nach %1 exportiert, eine Datei je Queue.</numerusform>
            <numerusform>%Ln Nachrichten nach %1 exportiert, eine Datei je Queue.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting %1 (%2 of %3)…</source>
        <translation>Exportiere %1 (%2 von %3)…</translation>
    </message>
    <message>
        <source>%1 The files written before it are complete.</source>
        <translation>%1 Die davor geschriebenen Dateien sind vollständig.</translation>
    </message>
    <message>
        <source>#%1 in %2</source>
        <translation>#%1 in %2</translation>
    </message>
    <message>
        <source>Import messages</source>
        <translation>Nachrichten importieren</translation>
    </message>
    <message>
        <source>Import the messages of %1 into queue %2.</source>
        <translation>Die Nachrichten aus %1 in die Queue %2 importieren.</translation>
    </message>
    <message>
        <source>Keep message ids (else each gets a new one)</source>
        <translation>Nachrichten-IDs behalten (sonst bekommt jede eine neue)</translation>
    </message>
    <message>
        <source>Keep timestamps (else each is stamped now)</source>
        <translation>Zeitstempel behalten (sonst bekommt jede die jetzige Zeit)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Copy &amp;as</source>
        <translation>Kopieren &amp;als</translation>
    </message>
    <message>
        <source>A command that publishes this message again, exactly</source>
        <translation>Ein Befehl, der diese Nachricht genau so erneut veröffentlicht</translation>
    </message>
    <message>
        <source>Co&amp;mpare messages</source>
        <translation>Nachrichten &amp;vergleichen</translation>
    </message>
    <message>
        <source>Compare &amp;with…</source>
        <translation>Vergleichen &amp;mit…</translation>
    </message>
    <message>
        <source>E&amp;xport selected messages…</source>
        <translation>Ausgewählte Nachrichten e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export &amp;queue…</source>
        <translation>&amp;Queue exportieren…</translation>
    </message>
    <message>
        <source>&amp;Import messages…</source>
        <translation>Nachrichten &amp;importieren…</translation>
    </message>
    <message>
        <source>Keep this message to compare it with another one, in this queue or any other</source>
        <translation>Diese Nachricht merken, um sie mit einer anderen zu vergleichen, in dieser oder einer anderen Queue</translation>
    </message>
    <message>
        <source>Copy as</source>
        <translation>Kopieren als</translation>
    </message>
    <message>
        <source>Co&amp;mpare with %1</source>
        <translation>&amp;Vergleichen mit %1</translation>
    </message>
    <message>
        <source>No message is selected.</source>
        <translation>Keine Nachricht ist ausgewählt.</translation>
    </message>
    <message>
        <source>Copy as %1</source>
        <translation>Als %1 kopieren</translation>
    </message>
    <message>
        <source>Copied %1 for message %2.</source>
        <translation>%1 für Nachricht %2 kopiert.</translation>
    </message>
    <message>
        <source>Kept %1 for comparison: select another message, in any queue, and choose Compare.</source>
        <translation>%1 zum Vergleich gemerkt: eine andere Nachricht in einer beliebigen Queue auswählen und Vergleichen wählen.</translation>
    </message>
    <message>
        <source>One of the two messages has left %1 meanwhile.</source>
        <translation>Eine der beiden Nachrichten hat %1 inzwischen verlassen.</translation>
    </message>
    <message>
        <source>Depot exports (*.depot.jsonl *.jsonl);;All files (*)</source>
        <translation>Depot-Exporte (*.depot.jsonl *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export messages</source>
        <translation>Nachrichten exportieren</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <source>Importing into %1…</source>
        <translation>Import in %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Another export or import is running: wait for it, or cancel it.</source>
        <translation>Ein anderer Export oder Import läuft: warten Sie darauf oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Export records</source>
        <translation>Datensätze exportieren</translation>
    </message>
    <message>
        <source>Exporting what the query matches in %1…</source>
        <translation>Exportiere, was die Abfrage in %1 findet…</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s) of %1…</source>
        <translation>
            <numerusform>Exportiere %n Datensatz von %1…</numerusform>
            <numerusform>Exportiere %n Datensätze von %1…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageInspector</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Loading the story of message %1…</source>
        <translation>Lade die Geschichte von Nachricht %1…</translation>
    </message>
    <message>
        <source>Depot records no message stories (it runs with --history off).</source>
        <translation>Depot zeichnet keine Nachrichtengeschichten auf (es läuft mit --history off).</translation>
    </message>
    <message>
        <source>No story is kept for message %1 (it came before history was recorded).</source>
        <translation>Für Nachricht %1 ist keine Geschichte gespeichert (sie kam, bevor der Verlauf aufgezeichnet wurde).</translation>
    </message>
    <message>
        <source>a consumer rejected it without requeueing</source>
        <translation>ein Consumer hat sie abgelehnt, ohne sie zurückzustellen</translation>
    </message>
    <message>
        <source>its time to live ran out</source>
        <translation>ihre Lebensdauer ist abgelaufen</translation>
    </message>
    <message>
        <source>the queue was full</source>
        <translation>die Queue war voll</translation>
    </message>
    <message>
        <source>it was delivered more often than the queue allows</source>
        <translation>sie wurde öfter zugestellt, als die Queue erlaubt</translation>
    </message>
    <message numerus="yes">
        <source>{%Ln field(s)}</source>
        <translation>
            <numerusform>{%Ln Feld}</numerusform>
            <numerusform>{%Ln Felder}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln Element]</numerusform>
            <numerusform>[%Ln Elemente]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… %Ln weiteres Byte nicht angezeigt</numerusform>
            <numerusform>… %Ln weitere Bytes nicht angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wiedereinspielen</translation>
    </message>
    <message>
        <source>Send this dead letter back to the queue it came from</source>
        <translation>Diesen Dead Letter an die Queue zurückschicken, aus der er kam</translation>
    </message>
    <message>
        <source>Edit and resend…</source>
        <translation>Bearbeiten und erneut senden…</translation>
    </message>
    <message>
        <source>Copy body</source>
        <translation>Inhalt kopieren</translation>
    </message>
    <message>
        <source>Save body…</source>
        <translation>Inhalt speichern…</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Dead-letter history</source>
        <translation>Dead-Letter-Verlauf</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Select a message to inspect it.</source>
        <translation>Wählen Sie eine Nachricht aus, um sie anzusehen.</translation>
    </message>
    <message>
        <source>This message&apos;s body could not be read.</source>
        <translation>Der Inhalt dieser Nachricht konnte nicht gelesen werden.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Message %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · position %3 · %4 · delivered %Ln time(s)%5</source>
        <translation>
            <numerusform>&lt;b&gt;Nachricht %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · Position %3 · %4 · %Ln-mal zugestellt%5</numerusform>
            <numerusform>&lt;b&gt;Nachricht %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · Position %3 · %4 · %Ln-mal zugestellt%5</numerusform>
        </translation>
    </message>
    <message>
        <source> · &lt;i&gt;unacknowledged&lt;/i&gt;</source>
        <translation> · &lt;i&gt;unbestätigt&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Only dead letters (with an x-death history) can be replayed to their origin</source>
        <translation>Nur Dead Letters (mit x-death-Verlauf) können an ihren Ursprung zurückgespielt werden</translation>
    </message>
    <message>
        <source>Message id (Depot)</source>
        <translation>Nachrichten-ID (Depot)</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Routing-Key</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Delayed until</source>
        <translation>Verzögert bis</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>Erneut zugestellt</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>Persistent</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>content_type</source>
        <translation>content_type</translation>
    </message>
    <message>
        <source>content_encoding</source>
        <translation>content_encoding</translation>
    </message>
    <message>
        <source>delivery_mode</source>
        <translation>delivery_mode</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>priority</translation>
    </message>
    <message>
        <source>correlation_id</source>
        <translation>correlation_id</translation>
    </message>
    <message>
        <source>reply_to</source>
        <translation>reply_to</translation>
    </message>
    <message>
        <source>expiration</source>
        <translation>expiration</translation>
    </message>
    <message>
        <source>message_id</source>
        <translation>message_id</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>timestamp</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>user_id</source>
        <translation>user_id</translation>
    </message>
    <message>
        <source>app_id</source>
        <translation>app_id</translation>
    </message>
    <message>
        <source>cluster_id</source>
        <translation>cluster_id</translation>
    </message>
    <message>
        <source>Headers (%1)</source>
        <translation>Header (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %2, %Ln time(s):
%3</source>
        <translation>
            <numerusform>%1 in %2, %Ln-mal:
%3</numerusform>
            <numerusform>%1 in %2, %Ln-mal:
%3</numerusform>
        </translation>
    </message>
    <message>
        <source>published to</source>
        <translation>veröffentlicht an</translation>
    </message>
    <message>
        <source>exchange %1 with routing key %2</source>
        <translation>Exchange %1 mit Routing-Key %2</translation>
    </message>
    <message>
        <source>original expiration</source>
        <translation>ursprüngliche Ablaufzeit</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Never dead-lettered.</source>
        <translation>Nie als Dead Letter abgelegt.</translation>
    </message>
    <message>
        <source>Dead-letter history (%1)</source>
        <translation>Dead-Letter-Verlauf (%1)</translation>
    </message>
    <message>
        <source>(binary body: see the Hex tab)</source>
        <translation>(binärer Inhalt: siehe Reiter „Hex“)</translation>
    </message>
    <message>
        <source>Save message body</source>
        <translation>Nachrichteninhalt speichern</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>Formatiert</translation>
    </message>
    <message>
        <source>Indent the JSON body for reading; the message itself is unchanged</source>
        <translation>JSON-Inhalt zum Lesen einrücken; die Nachricht selbst bleibt unverändert</translation>
    </message>
    <message>
        <source>again</source>
        <translation>erneut</translation>
    </message>
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then expired again, %Ln time(s) in all: its time to live there ran out before a consumer took it</source>
        <translation>
            <numerusform>zurück nach %1 (wiedereingespielt oder wiederholt), dann erneut abgelaufen, insgesamt %Ln Mal: die Lebensdauer dort lief ab, bevor ein Consumer sie nahm</numerusform>
            <numerusform>zurück nach %1 (wiedereingespielt oder wiederholt), dann erneut abgelaufen, insgesamt %Ln Mal: die Lebensdauer dort lief ab, bevor ein Consumer sie nahm</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then %2 again, %Ln time(s) in all</source>
        <translation>
            <numerusform>zurück nach %1 (wiedereingespielt oder wiederholt), dann erneut %2, insgesamt %Ln Mal</numerusform>
            <numerusform>zurück nach %1 (wiedereingespielt oder wiederholt), dann erneut %2, insgesamt %Ln Mal</numerusform>
        </translation>
    </message>
    <message>
        <source>SQS</source>
        <translation>SQS</translation>
    </message>
    <message>
        <source>Next delivery at</source>
        <translation>Nächste Zustellung um</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt wiederholen</translation>
    </message>
    <message>
        <source>Deliver this waiting message now; its attempts so far still count</source>
        <translation>Diese wartende Nachricht jetzt zustellen; ihre bisherigen Versuche zählen weiter</translation>
    </message>
    <message>
        <source>Give up…</source>
        <translation>Aufgeben…</translation>
    </message>
    <message>
        <source>Reset attempts</source>
        <translation>Versuche zurücksetzen</translation>
    </message>
    <message>
        <source>Count its deliveries from zero again: the retry schedule starts over</source>
        <translation>Zustellungen wieder ab null zählen: der Wiederholungsplan beginnt von vorn</translation>
    </message>
    <message>
        <source>A consumer holds this message: it settles it</source>
        <translation>Ein Consumer hält diese Nachricht: er schließt sie ab</translation>
    </message>
    <message>
        <source>Stop retrying: dead-letter it now (x-death reason delivery_limit), or drop it when the queue has no dead-letter exchange</source>
        <translation>Nicht mehr wiederholen: jetzt als Dead Letter weiterleiten (x-death-Grund delivery_limit) oder verwerfen, wenn die Queue keinen Dead-Letter-Exchange hat</translation>
    </message>
    <message>
        <source>Only a message waiting for its next attempt can be retried now</source>
        <translation>Nur eine Nachricht, die auf ihren nächsten Versuch wartet, kann jetzt wiederholt werden</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>%1 of %2 attempts made</source>
        <translation>%1 von %2 Versuchen gemacht</translation>
    </message>
    <message>
        <source> (at %1)</source>
        <translation> (um %1)</translation>
    </message>
    <message>
        <source>first enqueued %1 in %2, here since %3</source>
        <translation>zuerst eingereiht %1 in %2, hier seit %3</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageListModel</name>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>Delivered to a consumer, not yet acknowledged</source>
        <translation>An einen Consumer zugestellt, noch nicht bestätigt</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>Erneut zugestellt</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Routing-Key</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Inhaltstyp</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>Dead Letter</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>%1 · due %2</source>
        <translation>%1 · fällig %2</translation>
    </message>
    <message>
        <source>Waiting to be delivered again (x-retry-delays) until %1</source>
        <translation>Wartet auf erneute Zustellung (x-retry-delays) bis %1</translation>
    </message>
    <message>
        <source>Delayed until %1</source>
        <translation>Verzögert bis %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::PartitionListModel</name>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Log start</source>
        <translation>Log-Anfang</translation>
    </message>
    <message>
        <source>Log end</source>
        <translation>Log-Ende</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>Ein/s</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>The first offset still in the log (retention moves it)</source>
        <translation>Der erste Offset, der noch im Log ist (die Aufbewahrung verschiebt ihn)</translation>
    </message>
    <message>
        <source>The high watermark: the offset the next record gets</source>
        <translation>Die High-Watermark: der Offset, den der nächste Datensatz bekommt</translation>
    </message>
</context>
<context>
    <name>depot::ui::ProduceRecordDialog</name>
    <message>
        <source>Produce record</source>
        <translation>Datensatz produzieren</translation>
    </message>
    <message>
        <source>Produce</source>
        <translation>Produzieren</translation>
    </message>
    <message>
        <source>By key (Kafka&apos;s default partitioner)</source>
        <translation>Nach Schlüssel (Kafkas Standard-Partitionierer)</translation>
    </message>
    <message>
        <source>empty: no key</source>
        <translation>leer: kein Schlüssel</translation>
    </message>
    <message>
        <source>one per line: name: value</source>
        <translation>einer pro Zeile: Name: Wert</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>Header line %1 is not “name: value”: %2</source>
        <translation>Header-Zeile %1 hat nicht die Form „Name: Wert“: %2</translation>
    </message>
    <message>
        <source>There is no topic to produce to: create one first.</source>
        <translation>Es gibt kein Topic, in das produziert werden kann: Legen Sie zuerst eines an.</translation>
    </message>
    <message>
        <source>Producing…</source>
        <translation>Wird produziert…</translation>
    </message>
</context>
<context>
    <name>depot::ui::PublishDialog</name>
    <message>
        <source>Publish message</source>
        <translation>Nachricht veröffentlichen</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>The default exchange routes to the queue named by the routing key</source>
        <translation>Der Standard-Exchange leitet an die Queue weiter, die der Routing-Key nennt</translation>
    </message>
    <message>
        <source>&amp;Exchange:</source>
        <translation>&amp;Exchange:</translation>
    </message>
    <message>
        <source>&amp;Routing key:</source>
        <translation>&amp;Routing-Key:</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>Persistent</translation>
    </message>
    <message>
        <source>priority </source>
        <translation>Priorität </translation>
    </message>
    <message>
        <source>Content &amp;type:</source>
        <translation>Inhalts&amp;typ:</translation>
    </message>
    <message>
        <source>message id</source>
        <translation>Nachrichten-ID</translation>
    </message>
    <message>
        <source>correlation id</source>
        <translation>Korrelations-ID</translation>
    </message>
    <message>
        <source>reply to</source>
        <translation>Antwort an</translation>
    </message>
    <message>
        <source>Identifiers:</source>
        <translation>Kennungen:</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>expiration (ms)</source>
        <translation>Ablauf (ms)</translation>
    </message>
    <message>
        <source>Type, TTL:</source>
        <translation>Typ, TTL:</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>Header:</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Header hinzufügen</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Header entfernen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>&amp;Inhalt:</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>JSON formatieren</translation>
    </message>
    <message numerus="yes">
        <source> time(s)</source>
        <translation>
            <numerusform> Mal</numerusform>
            <numerusform> Mal</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the original after sending</source>
        <translation>Das Original nach dem Senden entfernen</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Remove the original from %1 after sending</source>
        <translation>Das Original nach dem Senden aus %1 entfernen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>The default exchange needs a routing key: the name of the queue to deliver to.</source>
        <translation>Der Standard-Exchange braucht einen Routing-Key: den Namen der Ziel-Queue.</translation>
    </message>
    <message>
        <source>The routing key is longer than 255 bytes.</source>
        <translation>Der Routing-Key ist länger als 255 Bytes.</translation>
    </message>
    <message>
        <source>Expiration must be a number of milliseconds.</source>
        <translation>Der Ablauf muss eine Anzahl Millisekunden sein.</translation>
    </message>
    <message>
        <source>The header %1 is given twice.</source>
        <translation>Der Header %1 ist doppelt angegeben.</translation>
    </message>
    <message>
        <source>The body is not valid JSON (line %1): %2. Fix it, or change the content type.</source>
        <translation>Der Inhalt ist kein gültiges JSON (Zeile %1): %2. Korrigieren Sie ihn oder ändern Sie den Inhaltstyp.</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message numerus="yes">
        <source>(binary body of %Ln byte(s), sent unchanged)</source>
        <translation>
            <numerusform>(binärer Inhalt, %Ln Byte, wird unverändert gesendet)</numerusform>
            <numerusform>(binärer Inhalt, %Ln Bytes, wird unverändert gesendet)</numerusform>
        </translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>string</source>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>Ganzzahl</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>Wahrheitswert</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>table (JSON)</source>
        <translation>Tabelle (JSON)</translation>
    </message>
    <message>
        <source>array (JSON)</source>
        <translation>Liste (JSON)</translation>
    </message>
    <message>
        <source>void</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>A dead letter: sent back to %1, the queue it came from, through the default exchange (it died there last published to %2 with %3; it now carries %4 / %5).</source>
        <translation>Ein Dead Letter: geht zurück nach %1, in die Queue, aus der es kam, über den Standard-Exchange (dort starb es zuletzt, veröffentlicht an %2 mit %3; jetzt trägt es %4 / %5).</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>den Standard-Exchange</translation>
    </message>
    <message numerus="yes">
        <source>Drop the dead-letter history (x-death: %Ln death(s)), so the copy starts afresh</source>
        <translation>
            <numerusform>Dead-Letter-Verlauf verwerfen (x-death: %Ln Tod), damit die Kopie neu beginnt</numerusform>
            <numerusform>Dead-Letter-Verlauf verwerfen (x-death: %Ln Tode), damit die Kopie neu beginnt</numerusform>
        </translation>
    </message>
    <message>
        <source>The value of the header %1 is not a valid %2.</source>
        <translation>Der Wert des Headers %1 ist kein gültiger Wert vom Typ %2.</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>Wird veröffentlicht…</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryActions</name>
    <message>
        <source>&amp;Replay results…</source>
        <translation>Ergebnisse &amp;wiedereinspielen…</translation>
    </message>
    <message>
        <source>&amp;Move results…</source>
        <translation>Ergebnisse &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Copy results…</source>
        <translation>Ergebnisse &amp;kopieren…</translation>
    </message>
    <message>
        <source>&amp;Delete results…</source>
        <translation>Ergebnisse &amp;löschen…</translation>
    </message>
    <message>
        <source>Finding what matches now: %1 of %2 messages looked at</source>
        <translation>Suche, was jetzt passt: %1 von %2 Nachrichten angesehen</translation>
    </message>
    <message>
        <source>Cancelled: nothing was deleted.</source>
        <translation>Abgebrochen: nichts wurde gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Replay selected…</source>
        <translation>Auswahl &amp;wiedereinspielen…</translation>
    </message>
    <message>
        <source>&amp;Replay all results…</source>
        <translation>Alle Ergebnisse &amp;wiedereinspielen…</translation>
    </message>
    <message>
        <source>&amp;Move selected…</source>
        <translation>Auswahl &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Move all results…</source>
        <translation>Alle Ergebnisse &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Copy selected…</source>
        <translation>Auswahl &amp;kopieren…</translation>
    </message>
    <message>
        <source>&amp;Copy all results…</source>
        <translation>Alle Ergebnisse &amp;kopieren…</translation>
    </message>
    <message>
        <source>&amp;Delete selected…</source>
        <translation>Auswahl &amp;löschen…</translation>
    </message>
    <message>
        <source>&amp;Delete all results…</source>
        <translation>Alle Ergebnisse &amp;löschen…</translation>
    </message>
    <message>
        <source>The queue each message came from (its dead-letter history)</source>
        <translation>Die Queue, aus der jede Nachricht kam (laut ihrer Dead-Letter-Historie)</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>Senden an:</translation>
    </message>
    <message>
        <source>every queue</source>
        <translation>allen Queues</translation>
    </message>
    <message>
        <source>Replay messages</source>
        <translation>Nachrichten wiedereinspielen</translation>
    </message>
    <message>
        <source>the queues they came from</source>
        <translation>die Queues, aus denen sie kamen</translation>
    </message>
    <message>
        <source>Replay the messages matching “%1” in %2 to %3?</source>
        <translation>Die Nachrichten, die auf „%1“ passen, in %2 nach %3 wiedereinspielen?</translation>
    </message>
    <message>
        <source>Replaying</source>
        <translation>Wiedereinspielen</translation>
    </message>
    <message>
        <source>Move messages</source>
        <translation>Nachrichten verschieben</translation>
    </message>
    <message>
        <source>Copy messages</source>
        <translation>Nachrichten kopieren</translation>
    </message>
    <message>
        <source>Move the messages matching “%1” in %2 to %3?</source>
        <translation>Die Nachrichten, die auf „%1“ passen, in %2 nach %3 verschieben?</translation>
    </message>
    <message>
        <source>Copy the messages matching “%1” in %2 to %3?</source>
        <translation>Die Nachrichten, die auf „%1“ passen, in %2 nach %3 kopieren?</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>%1: %2 of %3 messages</source>
        <translation>%1: %2 von %3 Nachrichten</translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform>%Ln übersprungen (keine ursprüngliche Queue, oder das Ziel ist weg).</numerusform>
            <numerusform>%Ln übersprungen (keine ursprüngliche Queue, oder das Ziel ist weg).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>Nachrichten löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln selected message(s)? Undo (%1) brings them back within %2 seconds.</source>
        <translation>
            <numerusform>%Ln ausgewählte Nachricht löschen? Rückgängig (%1) holt sie innerhalb von %2 Sekunden zurück.</numerusform>
            <numerusform>%Ln ausgewählte Nachrichten löschen? Rückgängig (%1) holt sie innerhalb von %2 Sekunden zurück.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the messages matching “%1” in %2? Undo (%3) brings them back within %4 seconds.</source>
        <translation>Die Nachrichten, die auf „%1“ passen, in %2 löschen? Rückgängig (%3) holt sie innerhalb von %4 Sekunden zurück.</translation>
    </message>
    <message>
        <source>Finding what matches now…</source>
        <translation>Suche, was jetzt passt…</translation>
    </message>
    <message>
        <source>Nothing matches now: nothing was deleted.</source>
        <translation>Jetzt passt nichts: nichts wurde gelöscht.</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>Lösche…</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln message(s).</source>
        <translation>
            <numerusform>%Ln Nachricht gelöscht.</numerusform>
            <numerusform>%Ln Nachrichten gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %Ln message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>Abgebrochen nach %Ln Nachricht; der Rest blieb, wo er war.</numerusform>
            <numerusform>Abgebrochen nach %Ln Nachrichten; der Rest blieb, wo er war.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %Ln message(s).</source>
        <translation>
            <numerusform>Fertig: %Ln Nachricht.</numerusform>
            <numerusform>Fertig: %Ln Nachrichten.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Export results…</source>
        <translation>Ergebnisse &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Export selected…</source>
        <translation>Auswahl &amp;exportieren…</translation>
    </message>
    <message>
        <source>An export file holds the messages of one queue: select results of one queue, or run the query over one queue.</source>
        <translation>Eine Exportdatei enthält die Nachrichten einer Queue: wählen Sie Ergebnisse aus einer Queue, oder führen Sie die Abfrage über eine Queue aus.</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryPanel</name>
    <message>
        <source>&amp;Query:</source>
        <translation>&amp;Abfrage:</translation>
    </message>
    <message>
        <source>body.customer = &quot;frances&quot; and deaths.count &gt; 2 and age &gt; 10m</source>
        <translation>body.customer = &quot;frances&quot; and deaths.count &gt; 2 and age &gt; 10m</translation>
    </message>
    <message>
        <source>A query over messages: fields, comparisons, and, or, not (docs/query.md). Enter runs it.</source>
        <translation>Eine Abfrage über Nachrichten: Felder, Vergleiche, and, or, not (docs/query.md). Eingabe führt sie aus.</translation>
    </message>
    <message>
        <source>This queue</source>
        <translation>Diese Queue</translation>
    </message>
    <message>
        <source>Queues matching</source>
        <translation>Passende Queues</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>Alle Queues</translation>
    </message>
    <message>
        <source>Where the query looks</source>
        <translation>Wo die Abfrage sucht</translation>
    </message>
    <message>
        <source>orders.*, billing</source>
        <translation>orders.*, billing</translation>
    </message>
    <message>
        <source>Queue names, or patterns with * and ?, separated by commas</source>
        <translation>Queue-Namen oder Muster mit * und ?, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Type a query and press Enter.</source>
        <translation>Abfrage eingeben und Eingabe drücken.</translation>
    </message>
    <message>
        <source>This queue (%1)</source>
        <translation>Diese Queue (%1)</translation>
    </message>
    <message>
        <source>No queue is selected: select one in the list, or choose All queues.</source>
        <translation>Keine Queue ausgewählt: wählen Sie eine in der Liste oder „Alle Queues“.</translation>
    </message>
    <message>
        <source>Say which queues: names or patterns such as orders.*, separated by commas.</source>
        <translation>Welche Queues? Namen oder Muster wie orders.*, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 of %2 messages looked at in %3 of %4 queues</source>
        <translation>%1 von %2 Nachrichten in %3 von %4 Queues angesehen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the first %Ln listed</source>
        <translation>
            <numerusform>die ersten %Ln aufgeführt</numerusform>
            <numerusform>die ersten %Ln aufgeführt</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Abgebrochen: %1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>Nothing ran.</source>
        <translation>Nichts wurde ausgeführt.</translation>
    </message>
    <message>
        <source>This message has left %1 since the query found it.</source>
        <translation>Diese Nachricht hat %1 verlassen, seit die Abfrage sie fand.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>&amp;Save query as…</source>
        <translation>Abfrage &amp;speichern unter…</translation>
    </message>
    <message>
        <source>Save query</source>
        <translation>Abfrage speichern</translation>
    </message>
    <message>
        <source>&amp;Manage saved queries…</source>
        <translation>Gespeicherte Abfragen &amp;verwalten…</translation>
    </message>
    <message>
        <source>Saved queries</source>
        <translation>Gespeicherte Abfragen</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Rename saved query</source>
        <translation>Gespeicherte Abfrage umbenennen</translation>
    </message>
    <message>
        <source>A saved query is named %1 already.</source>
        <translation>Eine gespeicherte Abfrage heißt bereits %1.</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryResultModel</name>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Message id</source>
        <translation>Nachrichten-ID</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueDialog</name>
    <message>
        <source>Create queue</source>
        <translation>Queue anlegen</translation>
    </message>
    <message>
        <source>e.g. orders</source>
        <translation>z. B. orders</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>classic</source>
        <translation>classic</translation>
    </message>
    <message>
        <source>quorum</source>
        <translation>quorum</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Durable (survives a restart)</source>
        <translation>&amp;Dauerhaft (übersteht einen Neustart)</translation>
    </message>
    <message>
        <source>none; empty with a key: the default exchange</source>
        <translation>keiner; leer mit Key: der Standard-Exchange</translation>
    </message>
    <message>
        <source>Dead-letter e&amp;xchange:</source>
        <translation>Dead-Letter-E&amp;xchange:</translation>
    </message>
    <message>
        <source>the message&apos;s own routing key</source>
        <translation>der eigene Routing-Key der Nachricht</translation>
    </message>
    <message>
        <source>Dead-letter &amp;routing key:</source>
        <translation>Dead-Letter-&amp;Routing-Key:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Message &amp;TTL (ms):</source>
        <translation>Nachrichten-&amp;TTL (ms):</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>&amp;Max length (messages):</source>
        <translation>&amp;Maximale Länge (Nachrichten):</translation>
    </message>
    <message>
        <source>De&amp;livery limit:</source>
        <translation>Zustell&amp;limit:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Give the queue a name.</source>
        <translation>Geben Sie der Queue einen Namen.</translation>
    </message>
    <message>
        <source>A queue named %1 already exists.</source>
        <translation>Eine Queue namens %1 gibt es schon.</translation>
    </message>
    <message>
        <source>The message TTL must be a whole number of milliseconds, 0 or more.</source>
        <translation>Die Nachrichten-TTL muss eine ganze Zahl von Millisekunden sein, 0 oder mehr.</translation>
    </message>
    <message>
        <source>The max length must be a whole number of messages, 0 or more.</source>
        <translation>Die maximale Länge muss eine ganze Zahl von Nachrichten sein, 0 oder mehr.</translation>
    </message>
    <message>
        <source>The delivery limit must be a whole number, 1 or more.</source>
        <translation>Das Zustelllimit muss eine ganze Zahl sein, 1 oder mehr.</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>forever; e.g. 7D, 12h, 30m</source>
        <translation>für immer; z. B. 7D, 12h, 30m</translation>
    </message>
    <message>
        <source>Max a&amp;ge (stream):</source>
        <translation>Maximales A&amp;lter (Stream):</translation>
    </message>
    <message>
        <source>Max si&amp;ze in bytes (stream):</source>
        <translation>Maximale &amp;Größe in Bytes (Stream):</translation>
    </message>
    <message>
        <source>The max age is a whole number and a unit: Y, M, D, h, m or s (e.g. 7D).</source>
        <translation>Das maximale Alter ist eine ganze Zahl mit einer Einheit: Y, M, D, h, m oder s (z. B. 7D).</translation>
    </message>
    <message>
        <source>The max size must be a whole number of bytes, 1 or more.</source>
        <translation>Die maximale Größe muss eine ganze Zahl von Bytes sein, 1 oder mehr.</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueListModel</name>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>← fed by %1</source>
        <translation>← gespeist von %1</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>Queue %1</source>
        <translation>Queue %1</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>Dead-Letter-Queue</translation>
    </message>
    <message>
        <source>Fed by the dead letters of: %1</source>
        <translation>Gespeist von den Dead Letters von: %1</translation>
    </message>
    <message>
        <source>Dead letters go to: %1</source>
        <translation>Dead Letters gehen nach: %1</translation>
    </message>
    <message>
        <source>Dead-letter exchange: %1 (no queue bound yet)</source>
        <translation>Dead-Letter-Exchange: %1 (noch keine Queue gebunden)</translation>
    </message>
    <message>
        <source>Policy: %1</source>
        <translation>Policy: %1</translation>
    </message>
    <message>
        <source>Operator policy: %1</source>
        <translation>Operator-Policy: %1</translation>
    </message>
    <message>
        <source>Set by policy: %1</source>
        <translation>Von der Policy gesetzt: %1</translation>
    </message>
    <message>
        <source>Durable</source>
        <translation>Dauerhaft</translation>
    </message>
    <message>
        <source>Transient</source>
        <translation>Flüchtig</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>Ein/s</translation>
    </message>
    <message>
        <source>Out/s</source>
        <translation>Aus/s</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Messages enqueued per second</source>
        <translation>Pro Sekunde eingereihte Nachrichten</translation>
    </message>
    <message>
        <source>Messages delivered per second</source>
        <translation>Pro Sekunde zugestellte Nachrichten</translation>
    </message>
    <message>
        <source>Ready + unacknowledged over the last 30 seconds</source>
        <translation>Bereit + unbestätigt in den letzten 30 Sekunden</translation>
    </message>
    <message numerus="yes">
        <source>%1 ready, %2 unacknowledged, %3 byte(s)</source>
        <translation>
            <numerusform>%1 bereit, %2 unbestätigt, %3 Byte</numerusform>
            <numerusform>%1 bereit, %2 unbestätigt, %3 Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Stream: a log read from an offset, nothing removed by reading; browse it by offset or time in the Kafka tab&apos;s topics</source>
        <translation>Stream: ein Log, gelesen ab einem Offset; Lesen entfernt nichts. Nach Offset oder Zeit durchsuchen im Kafka-Tab unter Topics</translation>
    </message>
    <message>
        <source>Amazon SQS FIFO queue</source>
        <translation>Amazon-SQS-FIFO-Queue</translation>
    </message>
    <message>
        <source>Amazon SQS standard queue</source>
        <translation>Amazon-SQS-Standard-Queue</translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) in flight (received, not deleted yet)</source>
        <translation>
            <numerusform>%1 Nachricht in Bearbeitung (empfangen, noch nicht gelöscht)</numerusform>
            <numerusform>%1 Nachrichten in Bearbeitung (empfangen, noch nicht gelöscht)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) delayed</source>
        <translation>
            <numerusform>%1 Nachricht verzögert</numerusform>
            <numerusform>%1 Nachrichten verzögert</numerusform>
        </translation>
    </message>
    <message>
        <source>Visibility timeout: %1</source>
        <translation>Visibility-Timeout: %1</translation>
    </message>
    <message numerus="yes">
        <source>Redrive: after %Ln receive(s) a message moves to %1</source>
        <translation>
            <numerusform>Redrive: nach %Ln Empfang geht eine Nachricht nach %1</numerusform>
            <numerusform>Redrive: nach %Ln Empfängen geht eine Nachricht nach %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open %1</source>
        <translation>Klicken, um %1 zu öffnen</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Delayed</source>
        <translation>Verzögert</translation>
    </message>
    <message>
        <source>Visibility</source>
        <translation>Sichtbarkeit</translation>
    </message>
    <message>
        <source>Where this queue&apos;s dead letters go (→), or which queues feed it (←); click to open that queue</source>
        <translation>Wohin die Dead Letters dieser Queue gehen (→) oder welche Queues sie speisen (←); Klick öffnet diese Queue</translation>
    </message>
    <message>
        <source>AMQP, or an Amazon SQS standard or FIFO queue</source>
        <translation>AMQP oder eine Amazon-SQS-Standard- oder -FIFO-Queue</translation>
    </message>
    <message>
        <source>SQS: messages received and not deleted yet, invisible until their visibility timeout runs out</source>
        <translation>SQS: empfangene, noch nicht gelöschte Nachrichten, unsichtbar bis ihr Visibility-Timeout abläuft</translation>
    </message>
    <message>
        <source>Messages not visible yet because of a delay (SQS DelaySeconds)</source>
        <translation>Nachrichten, die wegen einer Verzögerung noch nicht sichtbar sind (SQS DelaySeconds)</translation>
    </message>
    <message>
        <source>SQS: the queue&apos;s default visibility timeout</source>
        <translation>SQS: das Standard-Visibility-Timeout der Queue</translation>
    </message>
    <message>
        <source>%1  ⏸ paused</source>
        <translation>%1  ⏸ angehalten</translation>
    </message>
    <message>
        <source>Paused: consumers stay attached and get nothing until it is resumed</source>
        <translation>Angehalten: Consumer bleiben verbunden und erhalten nichts, bis sie fortgesetzt wird</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueListPanel</name>
    <message>
        <source>Filter queues (Ctrl+F)</source>
        <translation>Queues filtern (Strg+F)</translation>
    </message>
</context>
<context>
    <name>depot::ui::QuickStartPanel</name>
    <message>
        <source>Connection URL:</source>
        <translation>Verbindungs-URL:</translation>
    </message>
    <message>
        <source>HTTP API:</source>
        <translation>HTTP-API:</translation>
    </message>
    <message>
        <source>Python (pika)</source>
        <translation>Python (pika)</translation>
    </message>
    <message>
        <source>Node (amqplib)</source>
        <translation>Node (amqplib)</translation>
    </message>
    <message>
        <source>Java</source>
        <translation>Java</translation>
    </message>
    <message>
        <source>No services yet? Let Depot generate some traffic: producers, slow and failing consumers, retries and dead letters.</source>
        <translation>Noch keine Dienste? Lassen Sie Depot Verkehr erzeugen: Producer, langsame und fehlschlagende Consumer, Wiederholungen und Dead Letters.</translation>
    </message>
    <message>
        <source>(the broker is not listening)</source>
        <translation>(der Broker lauscht nicht)</translation>
    </message>
    <message>
        <source>(switched off)</source>
        <translation>(ausgeschaltet)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Connect your services&lt;/h3&gt;&lt;p&gt;Depot speaks AMQP 0-9-1 like RabbitMQ, the Amazon SQS API and Apache Kafka&apos;s protocol: point any RabbitMQ client at the URL below, an AWS SDK at the SQS endpoint (any credentials, any region), or a Kafka client at the bootstrap server. Queues, topics, messages and dead letters show up in this window as they flow.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Verbinden Sie Ihre Dienste&lt;/h3&gt;&lt;p&gt;Depot spricht AMQP 0-9-1 wie RabbitMQ, die Amazon-SQS-API und das Protokoll von Apache Kafka: Richten Sie einen beliebigen RabbitMQ-Client auf die URL unten, ein AWS SDK auf den SQS-Endpunkt (beliebige Zugangsdaten, beliebige Region) oder einen Kafka-Client auf den Bootstrap-Server. Queues, Topics, Nachrichten und Dead Letters erscheinen in diesem Fenster, während sie fließen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>SQS endpoint:</source>
        <translation>SQS-Endpunkt:</translation>
    </message>
    <message>
        <source>SQS: Python (boto3)</source>
        <translation>SQS: Python (boto3)</translation>
    </message>
    <message>
        <source>SQS: AWS CLI</source>
        <translation>SQS: AWS CLI</translation>
    </message>
    <message>
        <source>SQS: Node (AWS SDK)</source>
        <translation>SQS: Node (AWS SDK)</translation>
    </message>
    <message>
        <source>Kafka bootstrap server:</source>
        <translation>Kafka-Bootstrap-Server:</translation>
    </message>
    <message>
        <source>HTTP API: curl</source>
        <translation>HTTP-API: curl</translation>
    </message>
    <message>
        <source>Kafka: kcat</source>
        <translation>Kafka: kcat</translation>
    </message>
    <message>
        <source>Kafka: Python (kafka-python)</source>
        <translation>Kafka: Python (kafka-python)</translation>
    </message>
    <message>
        <source>Kafka: Python (confluent-kafka)</source>
        <translation>Kafka: Python (confluent-kafka)</translation>
    </message>
    <message>
        <source>Kafka: Node (kafkajs)</source>
        <translation>Kafka: Node (kafkajs)</translation>
    </message>
</context>
<context>
    <name>depot::ui::RecordBrowser</name>
    <message>
        <source>Nothing matched: there is nothing to export.</source>
        <translation>Nichts hat gepasst: es gibt nichts zu exportieren.</translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln match(es) are listed.</source>
        <translation>
            <numerusform>Der erste Treffer ist aufgeführt.</numerusform>
            <numerusform>Die ersten %Ln Treffer sind aufgeführt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selected records come from %n topic(s): re-produce those of one topic at a time.</source>
        <translation>
            <numerusform>Die ausgewählten Records stammen aus %n Topic: produzieren Sie die eines Topics nach dem anderen erneut.</numerusform>
            <numerusform>Die ausgewählten Records stammen aus %n Topics: produzieren Sie die eines Topics nach dem anderen erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>From the earliest</source>
        <translation>Ab dem frühesten</translation>
    </message>
    <message>
        <source>The latest</source>
        <translation>Die neuesten</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>Ab Offset</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>Ab Zeitpunkt</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
    <message>
        <source>Search keys, values and headers</source>
        <translation>Schlüssel, Werte und Header durchsuchen</translation>
    </message>
    <message>
        <source>in this partition</source>
        <translation>in dieser Partition</translation>
    </message>
    <message>
        <source>in the whole topic</source>
        <translation>im ganzen Topic</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Re-produce…</source>
        <translation>Erneut produzieren…</translation>
    </message>
    <message>
        <source>Append copies of the selected records to this or another topic</source>
        <translation>Kopien der ausgewählten Datensätze an dieses oder ein anderes Topic anhängen</translation>
    </message>
    <message>
        <source>No records from there: %1 partition %2 holds offsets %3 to %4.</source>
        <translation>Ab dort keine Datensätze: %1 Partition %2 enthält die Offsets %3 bis %4.</translation>
    </message>
    <message>
        <source>Offsets %1 to %2 of %3 partition %4 (log end %5).</source>
        <translation>Offsets %1 bis %2 von %3 Partition %4 (Log-Ende %5).</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot hat abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Re-produced %n record(s) to %1.</source>
        <translation>
            <numerusform>%n Datensatz erneut in %1 produziert.</numerusform>
            <numerusform>%n Datensätze erneut in %1 produziert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>Matches for “%1”: %2 of %3 records looked at.</source>
        <translation>Treffer für „%1“: %2 von %3 durchsuchten Datensätzen.</translation>
    </message>
    <message>
        <source>The search stopped before the end: narrow it.</source>
        <translation>Die Suche hat vor dem Ende aufgehört: Grenzen Sie sie ein.</translation>
    </message>
    <message>
        <source>Export results…</source>
        <translation>Ergebnisse exportieren…</translation>
    </message>
    <message>
        <source>Export selected…</source>
        <translation>Auswahl exportieren…</translation>
    </message>
    <message>
        <source>Write the selected records to a file in Depot&apos;s export format</source>
        <translation>Die ausgewählten Datensätze in eine Datei im Exportformat von Depot schreiben</translation>
    </message>
    <message>
        <source>Write every record the query matches to a file in Depot&apos;s export format</source>
        <translation>Jeden Datensatz, den die Abfrage findet, in eine Datei im Exportformat von Depot schreiben</translation>
    </message>
    <message>
        <source>Reading its story…</source>
        <translation>Die Geschichte wird gelesen…</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>Der Broker läuft nicht.</translation>
    </message>
</context>
<context>
    <name>depot::ui::RecordInspector</name>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Pretty-print JSON</source>
        <translation>JSON formatiert anzeigen</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Select a record to see its key, headers and value.</source>
        <translation>Wählen Sie einen Datensatz, um Schlüssel, Header und Wert zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Offset %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; partition %3 · %4</source>
        <translation>&lt;b&gt;Offset %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; Partition %3 · %4</translation>
    </message>
    <message>
        <source>tombstone</source>
        <translation>Tombstone</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source> (LogAppendTime)</source>
        <translation> (LogAppendTime)</translation>
    </message>
    <message>
        <source> (CreateTime)</source>
        <translation> (CreateTime)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>Kompression</translation>
    </message>
    <message>
        <source>Producer id</source>
        <translation>Producer-ID</translation>
    </message>
    <message>
        <source>Headers (%1)</source>
        <translation>Header (%1)</translation>
    </message>
    <message>
        <source>A tombstone has no value.</source>
        <translation>Ein Tombstone hat keinen Wert.</translation>
    </message>
    <message>
        <source>(tombstone: no value)</source>
        <translation>(Tombstone: kein Wert)</translation>
    </message>
    <message>
        <source>(binary value: see the Hex tab)</source>
        <translation>(binärer Wert: siehe Reiter Hex)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>%1 · %2 · %3: %4</source>
        <translation>%1 · %2 · %3: %4</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>Geschichte</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Produziert</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Konsumiert</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Not kept: stored by an older Depot, or older than the partition&apos;s last 64 removals</source>
        <translation>Nicht aufbewahrt: von einem älteren Depot gespeichert oder älter als die letzten 64 Entfernungen der Partition</translation>
    </message>
    <message>
        <source>Not consumed yet by: %1</source>
        <translation>Noch nicht konsumiert von: %1</translation>
    </message>
    <message>
        <source>Every group with offsets on this partition has consumed it.</source>
        <translation>Jede Gruppe mit Offsets auf dieser Partition hat ihn konsumiert.</translation>
    </message>
    <message>
        <source>No consumer group has committed an offset on this partition: a group consumes a record when it commits an offset past it.</source>
        <translation>Keine Consumer-Gruppe hat auf dieser Partition einen Offset committet: Eine Gruppe konsumiert einen Record, wenn sie einen Offset dahinter committet.</translation>
    </message>
</context>
<context>
    <name>depot::ui::RecordListModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>binary, %1</source>
        <translation>binär, %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Set by Depot when the record was appended (LogAppendTime)</source>
        <translation>Von Depot beim Anhängen gesetzt (LogAppendTime)</translation>
    </message>
    <message>
        <source>Set by the producer (CreateTime)</source>
        <translation>Vom Producer gesetzt (CreateTime)</translation>
    </message>
    <message>
        <source>tombstone (no value)</source>
        <translation>Tombstone (kein Wert)</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
</context>
<context>
    <name>depot::ui::ReproduceDialog</name>
    <message numerus="yes">
        <source>Re-produce %n record(s)</source>
        <translation>
            <numerusform>%n Datensatz erneut produzieren</numerusform>
            <numerusform>%n Datensätze erneut produzieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-produce</source>
        <translation>Erneut produzieren</translation>
    </message>
    <message>
        <source>The record&apos;s own partition</source>
        <translation>Die eigene Partition des Datensatzes</translation>
    </message>
    <message>
        <source>To &amp;topic:</source>
        <translation>In &amp;Topic:</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>Choose the topic the copies go to.</source>
        <translation>Wählen Sie das Topic, in das die Kopien gehen.</translation>
    </message>
    <message>
        <source>Re-producing…</source>
        <translation>Wird erneut produziert…</translation>
    </message>
</context>
<context>
    <name>depot::ui::ResetOffsetsDialog</name>
    <message>
        <source>Reset offsets of %1</source>
        <translation>Offsets von %1 zurücksetzen</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>Alle Partitionen</translation>
    </message>
    <message>
        <source>The earliest offset</source>
        <translation>Der früheste Offset</translation>
    </message>
    <message>
        <source>The latest offset</source>
        <translation>Der neueste Offset</translation>
    </message>
    <message>
        <source>The first record at or after a time</source>
        <translation>Der erste Datensatz ab einem Zeitpunkt</translation>
    </message>
    <message>
        <source>An offset</source>
        <translation>Ein Offset</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Auf:</translation>
    </message>
    <message>
        <source>T&amp;ime:</source>
        <translation>&amp;Zeit:</translation>
    </message>
    <message>
        <source>&amp;Offset:</source>
        <translation>&amp;Offset:</translation>
    </message>
    <message>
        <source>The group has committed no offsets: there is nothing to reset.</source>
        <translation>Die Gruppe hat keine Offsets bestätigt: Es gibt nichts zurückzusetzen.</translation>
    </message>
    <message>
        <source>Enter the offset.</source>
        <translation>Geben Sie den Offset ein.</translation>
    </message>
    <message>
        <source>Resetting…</source>
        <translation>Wird zurückgesetzt…</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryActions</name>
    <message>
        <source>Re&amp;try now</source>
        <translation>&amp;Jetzt wiederholen</translation>
    </message>
    <message>
        <source>&amp;Give up (dead-letter now)…</source>
        <translation>&amp;Aufgeben (jetzt als Dead Letter)…</translation>
    </message>
    <message>
        <source>Reset &amp;attempts</source>
        <translation>&amp;Versuche zurücksetzen</translation>
    </message>
    <message>
        <source>Retry all &amp;waiting now</source>
        <translation>Alle &amp;wartenden jetzt wiederholen</translation>
    </message>
    <message>
        <source>Retry &amp;schedule…</source>
        <translation>&amp;Wiederholungsplan…</translation>
    </message>
    <message>
        <source>Deliver the selected waiting messages now; their attempts so far still count</source>
        <translation>Die ausgewählten wartenden Nachrichten jetzt zustellen; ihre bisherigen Versuche zählen weiter</translation>
    </message>
    <message>
        <source>Count the selected messages&apos; deliveries from zero: the retry schedule starts over</source>
        <translation>Zustellungen der ausgewählten Nachrichten ab null zählen: der Wiederholungsplan beginnt von vorn</translation>
    </message>
    <message>
        <source>Give up</source>
        <translation>Aufgeben</translation>
    </message>
    <message numerus="yes">
        <source>%1 has no dead-letter exchange: giving up drops %Ln message(s) for good. Drop them?</source>
        <translation>
            <numerusform>%1 hat keinen Dead-Letter-Exchange: Aufgeben verwirft %Ln Nachricht endgültig. Verwerfen?</numerusform>
            <numerusform>%1 hat keinen Dead-Letter-Exchange: Aufgeben verwirft %Ln Nachrichten endgültig. Verwerfen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%Ln Nachricht aus %1 wird jetzt erneut zugestellt.</numerusform>
            <numerusform>%Ln Nachrichten aus %1 werden jetzt erneut zugestellt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gave up on %Ln message(s) of %1.</source>
        <translation>
            <numerusform>%Ln Nachricht aus %1 aufgegeben.</numerusform>
            <numerusform>%Ln Nachrichten aus %1 aufgegeben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attempts of %Ln message(s) of %1 reset.</source>
        <translation>
            <numerusform>Versuche von %Ln Nachricht aus %1 zurückgesetzt.</numerusform>
            <numerusform>Versuche von %Ln Nachrichten aus %1 zurückgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not all: %1</source>
        <translation>Nicht alle: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%Ln wartende Nachricht aus %1 wird jetzt erneut zugestellt.</numerusform>
            <numerusform>%Ln wartende Nachrichten aus %1 werden jetzt erneut zugestellt.</numerusform>
        </translation>
    </message>
    <message>
        <source>it is dropped (the queue has no dead-letter exchange).</source>
        <translation>sie wird verworfen (die Queue hat keinen Dead-Letter-Exchange).</translation>
    </message>
    <message>
        <source>it is dead-lettered (x-death reason delivery_limit) to %1</source>
        <translation>sie wird als Dead Letter (x-death-Grund delivery_limit) an %1 geleitet</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>den Standard-Exchange</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>Exchange %1</translation>
    </message>
    <message>
        <source> with routing key %1</source>
        <translation> mit Routing-Key %1</translation>
    </message>
    <message>
        <source>, which routes it to %1</source>
        <translation>, der sie nach %1 leitet</translation>
    </message>
    <message>
        <source>%1 has no retry delays now.</source>
        <translation>%1 hat jetzt keine Wiederholungsverzögerungen.</translation>
    </message>
    <message>
        <source>Retry schedule of %1: %2.</source>
        <translation>Wiederholungsplan von %1: %2.</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>Der Broker läuft nicht.</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryEditorDialog</name>
    <message>
        <source>Retry schedule of %1</source>
        <translation>Wiederholungsplan von %1</translation>
    </message>
    <message>
        <source>A message a consumer gives back (nack or reject with requeue) waits the next delay before it is delivered again.</source>
        <translation>Eine Nachricht, die ein Consumer zurückgibt (nack oder reject mit requeue), wartet die nächste Verzögerung ab, bevor sie erneut zugestellt wird.</translation>
    </message>
    <message>
        <source>&amp;Delays:</source>
        <translation>&amp;Verzögerungen:</translation>
    </message>
    <message>
        <source>e.g. 1s, 5s, 30s, 5min</source>
        <translation>z. B. 1s, 5s, 30s, 5min</translation>
    </message>
    <message>
        <source>&amp;Exponential:</source>
        <translation>&amp;Exponentiell:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>retries:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>&amp;No retry delays (a returned message comes back at once)</source>
        <translation>&amp;Keine Wiederholungsverzögerungen (eine zurückgegebene Nachricht kommt sofort zurück)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>one duration, e.g. 1s</source>
        <translation>eine Dauer, z. B. 1s</translation>
    </message>
    <message>
        <source>Delays: %1.</source>
        <translation>Verzögerungen: %1.</translation>
    </message>
    <message>
        <source>From: %1.</source>
        <translation>Von: %1.</translation>
    </message>
    <message>
        <source>To: %1.</source>
        <translation>Bis: %1.</translation>
    </message>
    <message>
        <source>An exponential series starts above 0.</source>
        <translation>Eine exponentielle Reihe beginnt über 0.</translation>
    </message>
    <message>
        <source>The last delay (%1) is shorter than the first (%2).</source>
        <translation>Die letzte Verzögerung (%1) ist kürzer als die erste (%2).</translation>
    </message>
    <message>
        <source>A returned message comes back at once, as often as consumers return it.</source>
        <translation>Eine zurückgegebene Nachricht kommt sofort zurück, so oft Consumer sie zurückgeben.</translation>
    </message>
    <message numerus="yes">
        <source>%1 attempts: the first delivery, then %Ln retry(ies) after %2.</source>
        <translation>
            <numerusform>%1 Versuche: die erste Zustellung, dann %Ln Wiederholung nach %2.</numerusform>
            <numerusform>%1 Versuche: die erste Zustellung, dann %Ln Wiederholungen nach %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>After attempt %1 fails: %2</source>
        <translation>Schlägt Versuch %1 fehl: %2</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetrySchedule</name>
    <message>
        <source>delay %1: &quot;%2&quot; is not a number</source>
        <translation>Verzögerung %1: „%2“ ist keine Zahl</translation>
    </message>
    <message>
        <source>delay %1: %2 needs a unit (ms, s, min or h)</source>
        <translation>Verzögerung %1: %2 braucht eine Einheit (ms, s, min oder h)</translation>
    </message>
    <message>
        <source>delay %1: &quot;%2&quot; is not a unit (ms, s, min or h)</source>
        <translation>Verzögerung %1: „%2“ ist keine Einheit (ms, s, min oder h)</translation>
    </message>
    <message>
        <source>delay %1 is negative</source>
        <translation>Verzögerung %1 ist negativ</translation>
    </message>
    <message>
        <source>delay %1 is not a whole number of milliseconds</source>
        <translation>Verzögerung %1 ist keine ganze Zahl von Millisekunden</translation>
    </message>
    <message>
        <source>delay %1 is longer than a year</source>
        <translation>Verzögerung %1 ist länger als ein Jahr</translation>
    </message>
    <message>
        <source>delay %1: unexpected &quot;%2&quot;</source>
        <translation>Verzögerung %1: unerwartetes „%2“</translation>
    </message>
    <message>
        <source>enter at least one delay, e.g. 1s, 5s, 30s</source>
        <translation>mindestens eine Verzögerung eingeben, z. B. 1s, 5s, 30s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>attempt %1 of %2, next delivery in %3</source>
        <translation>Versuch %1 von %2, nächste Zustellung in %3</translation>
    </message>
    <message>
        <source>attempt %1 of %2, next delivery due now</source>
        <translation>Versuch %1 von %2, nächste Zustellung jetzt fällig</translation>
    </message>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery in %1</source>
        <translation>
            <numerusform>%Ln-mal zugestellt, nächste Zustellung in %1</numerusform>
            <numerusform>%Ln-mal zugestellt, nächste Zustellung in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery due now</source>
        <translation>
            <numerusform>%Ln-mal zugestellt, nächste Zustellung jetzt fällig</numerusform>
            <numerusform>%Ln-mal zugestellt, nächste Zustellung jetzt fällig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::SearchAllDialog</name>
    <message>
        <source>Search all queues</source>
        <translation>Alle Queues durchsuchen</translation>
    </message>
    <message>
        <source>Text in bodies and headers</source>
        <translation>Text in Inhalten und Headern</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>every queue</source>
        <translation>jede Queue</translation>
    </message>
    <message>
        <source>Only queues whose names contain this</source>
        <translation>Nur Queues, deren Name dies enthält</translation>
    </message>
    <message>
        <source>&amp;In queues:</source>
        <translation>&amp;In Queues:</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>Durchsuche %1…</translation>
    </message>
    <message>
        <source>#%1 · id %2</source>
        <translation>#%1 · ID %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln match(es))</source>
        <translation>
            <numerusform>%1 (%Ln Treffer)</numerusform>
            <numerusform>%1 (%Ln Treffer)</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
</context>
<context>
    <name>depot::ui::SqsSection</name>
    <message>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Empfänge</translation>
    </message>
    <message>
        <source>Visibility</source>
        <translation>Sichtbarkeit</translation>
    </message>
    <message>
        <source>not received yet</source>
        <translation>noch nicht empfangen</translation>
    </message>
    <message>
        <source>received once, at %1</source>
        <translation>einmal empfangen, um %1</translation>
    </message>
    <message numerus="yes">
        <source>first received at %1, received %Ln time(s) in all</source>
        <translation>
            <numerusform>zuerst empfangen um %1, insgesamt %Ln Mal empfangen</numerusform>
            <numerusform>zuerst empfangen um %1, insgesamt %Ln Mal empfangen</numerusform>
        </translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>System attributes</source>
        <translation>Systemattribute</translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>Queue %1</translation>
    </message>
    <message>
        <source>Message attributes (%1)</source>
        <translation>Nachrichtenattribute (%1)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>in flight: visible again in %1 (at %2)</source>
        <translation>in Bearbeitung: wieder sichtbar in %1 (um %2)</translation>
    </message>
    <message>
        <source>visible again since %1 (its visibility timeout ran out)</source>
        <translation>seit %1 wieder sichtbar (ihr Visibility-Timeout ist abgelaufen)</translation>
    </message>
    <message>
        <source>in flight until its consumer settles it (no visibility timeout)</source>
        <translation>in Bearbeitung, bis ihr Consumer sie abschließt (kein Visibility-Timeout)</translation>
    </message>
    <message>
        <source>delayed: visible in %1 (at %2)</source>
        <translation>verzögert: sichtbar in %1 (um %2)</translation>
    </message>
    <message>
        <source>visible: the next receive can take it</source>
        <translation>sichtbar: der nächste Empfang kann sie abholen</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicListModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>Ein/s</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicsPanel</name>
    <message>
        <source>Create topic…</source>
        <translation>Topic anlegen…</translation>
    </message>
    <message>
        <source>Delete topic…</source>
        <translation>Topic löschen…</translation>
    </message>
    <message>
        <source>Produce record…</source>
        <translation>Datensatz produzieren…</translation>
    </message>
    <message>
        <source>Partitions of &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Partitionen von &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a topic to see its partitions.</source>
        <translation>Wählen Sie ein Topic, um seine Partitionen zu sehen.</translation>
    </message>
    <message>
        <source>Append a record you write to a topic</source>
        <translation>Einen selbst geschriebenen Datensatz an ein Topic anhängen</translation>
    </message>
    <message>
        <source>There is no topic to produce to: create one first</source>
        <translation>Es gibt kein Topic, in das produziert werden kann: Legen Sie zuerst eines an</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Created the topic %1.</source>
        <translation>Das Topic %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the topic %1 with its %n record(s)? Consumer groups keep their committed offsets.</source>
        <translation>
            <numerusform>Das Topic %1 mit seinem %n Datensatz löschen? Consumer-Gruppen behalten ihre bestätigten Offsets.</numerusform>
            <numerusform>Das Topic %1 mit seinen %n Datensätzen löschen? Consumer-Gruppen behalten ihre bestätigten Offsets.</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted the topic %1.</source>
        <translation>Das Topic %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Could not delete the topic %1: %2</source>
        <translation>Das Topic %1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Produced a record to %1 partition %2 at offset %3.</source>
        <translation>Datensatz in %1 Partition %2 bei Offset %3 produziert.</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopologyActions</name>
    <message numerus="yes">
        <source>%1 and %Ln more</source>
        <translation>
            <numerusform>%1 und %Ln weitere</numerusform>
            <numerusform>%1 und %Ln weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>Queue %1</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>Exchange %1</translation>
    </message>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (Key %2)</translation>
    </message>
    <message>
        <source>Create e&amp;xchange…</source>
        <translation>E&amp;xchange anlegen…</translation>
    </message>
    <message>
        <source>Delete exc&amp;hange…</source>
        <translation>Exc&amp;hange löschen…</translation>
    </message>
    <message>
        <source>Create &amp;binding…</source>
        <translation>&amp;Bindung anlegen…</translation>
    </message>
    <message>
        <source>Delete bindin&amp;g…</source>
        <translation>Bindun&amp;g löschen…</translation>
    </message>
    <message>
        <source>Copy &amp;name</source>
        <translation>&amp;Namen kopieren</translation>
    </message>
    <message>
        <source>Copy the exchange&apos;s name, or the name of the queue or exchange a binding leads to</source>
        <translation>Den Namen der Exchange kopieren, oder den der Queue oder Exchange, zu der eine Bindung führt</translation>
    </message>
    <message>
        <source>Create &amp;binding to this queue…</source>
        <translation>&amp;Bindung zu dieser Queue anlegen…</translation>
    </message>
    <message>
        <source>The default exchange is part of AMQP itself: every queue is reachable through it by name, so it cannot be deleted.</source>
        <translation>Die Standard-Exchange gehört zu AMQP selbst: Über sie ist jede Queue mit ihrem Namen erreichbar, daher kann sie nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>Exchanges named amq.* are the broker&apos;s own, which clients may rely on: they cannot be deleted.</source>
        <translation>Exchanges namens amq.* gehören dem Broker, und Clients können sich auf sie verlassen: Sie können nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>Select an exchange to delete it with its bindings</source>
        <translation>Wählen Sie eine Exchange, um sie mit ihren Bindungen zu löschen</translation>
    </message>
    <message>
        <source>Delete %1 with its bindings</source>
        <translation>%1 mit ihren Bindungen löschen</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Created the exchange %1.</source>
        <translation>Exchange %1 angelegt.</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>Bound %1 to %2.</source>
        <translation>%1 an %2 gebunden.</translation>
    </message>
    <message>
        <source>Delete the exchange %1?</source>
        <translation>Die Exchange %1 löschen?</translation>
    </message>
    <message>
        <source>It has no bindings.</source>
        <translation>Sie hat keine Bindungen.</translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln binding(s) go with it: %1.</source>
        <translation>
            <numerusform>Ihre %Ln Bindung wird mit gelöscht: %1.</numerusform>
            <numerusform>Ihre %Ln Bindungen werden mit gelöscht: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>So do the bindings that lead to it from %1.</source>
        <translation>Ebenso die Bindungen, die von %1 zu ihr führen.</translation>
    </message>
    <message>
        <source>It is the dead-letter exchange of %1: their dead letters will be dropped until it exists again.</source>
        <translation>Sie ist die Dead-Letter-Exchange von %1: Deren Dead Letters werden verworfen, bis sie wieder existiert.</translation>
    </message>
    <message>
        <source>It is the alternate exchange of %1: what they cannot route will be dropped.</source>
        <translation>Sie ist die Alternate-Exchange von %1: Was diese nicht leiten können, wird verworfen.</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete exchange</source>
        <translation>Exchange löschen</translation>
    </message>
    <message>
        <source>Deleted the exchange %1.</source>
        <translation>Exchange %1 gelöscht.</translation>
    </message>
    <message>
        <source>Delete the binding from %1 to %2? Messages it routes will no longer reach %3.</source>
        <translation>Die Bindung von %1 zu %2 löschen? Nachrichten, die sie leitet, erreichen %3 dann nicht mehr.</translation>
    </message>
    <message>
        <source>It is the last binding of %1, which is auto-delete: the exchange goes with it.</source>
        <translation>Es ist die letzte Bindung von %1, die automatisch gelöscht wird: Die Exchange verschwindet mit ihr.</translation>
    </message>
    <message>
        <source>Delete binding</source>
        <translation>Bindung löschen</translation>
    </message>
    <message>
        <source>Removed the binding from %1 to %2.</source>
        <translation>Bindung von %1 zu %2 entfernt.</translation>
    </message>
</context>
<context>
    <name>depot::ui::UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Undo delete or purge</source>
        <translation>Löschen oder Leeren &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>Rückgängig machen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Could not undo: Depot is not running.</source>
        <translation>Rückgängig machen nicht möglich: Depot läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %1 message(s) from %2.</source>
        <translation>
            <numerusform>%1 Nachricht aus %2 gelöscht.</numerusform>
            <numerusform>%1 Nachrichten aus %2 gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purged %1 message(s) from %2.</source>
        <translation>
            <numerusform>%1 Nachricht aus %2 entfernt (Queue geleert).</numerusform>
            <numerusform>%1 Nachrichten aus %2 entfernt (Queue geleert).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undo within %n second(s).</source>
        <translation>
            <numerusform>Noch %n Sekunde rückgängig zu machen.</numerusform>
            <numerusform>Noch %n Sekunden rückgängig zu machen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Put them back where they were (%1)</source>
        <translation>Dorthin zurücklegen, wo sie waren (%1)</translation>
    </message>
</context>
<context>
    <name>depot::ui::HistoryTimeline</name>
    <message>
        <source>%1 · %2 · by %3
%4</source>
        <translation>%1 · %2 · von %3
%4</translation>
    </message>
    <message>
        <source>a connection without a name</source>
        <translation>eine Verbindung ohne Namen</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>den Standard-Exchange</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>Exchange %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Routed</source>
        <translation>Geroutet</translation>
    </message>
    <message>
        <source>Unroutable</source>
        <translation>Nicht routbar</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>Als Dead Letter weitergeleitet</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Verschoben</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>Zurückgespielt</translation>
    </message>
    <message>
        <source>Edited and resent</source>
        <translation>Bearbeitet und neu gesendet</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>Geleert</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Wiederhergestellt</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>the window</source>
        <translation>das Fenster</translation>
    </message>
    <message>
        <source>HTTP API, user %1</source>
        <translation>HTTP-API, Benutzer %1</translation>
    </message>
    <message>
        <source>SQS %1</source>
        <translation>SQS %1</translation>
    </message>
    <message>
        <source>SQS %1, key %2</source>
        <translation>SQS %1, Schlüssel %2</translation>
    </message>
    <message>
        <source>%1 (%2, user %3)</source>
        <translation>%1 (%2, Benutzer %3)</translation>
    </message>
    <message>
        <source>%1 (user %2)</source>
        <translation>%1 (Benutzer %2)</translation>
    </message>
    <message>
        <source>to %1 with routing key %2</source>
        <translation>an %1 mit Routing-Key %2</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>nach %1</translation>
    </message>
    <message>
        <source>no queue for routing key %1 on %2; returned to the publisher</source>
        <translation>keine Queue für Routing-Key %1 an %2; an den Sender zurückgegeben</translation>
    </message>
    <message>
        <source>no queue for routing key %1 on %2</source>
        <translation>keine Queue für Routing-Key %1 an %2</translation>
    </message>
    <message>
        <source>from %1 (get), delivery %2</source>
        <translation>aus %1 (get), Zustellung %2</translation>
    </message>
    <message>
        <source>from %1 to consumer %2, delivery %3</source>
        <translation>aus %1 an Consumer %2, Zustellung %3</translation>
    </message>
    <message>
        <source>in %1, requeued</source>
        <translation>in %1, zurück in die Queue</translation>
    </message>
    <message>
        <source>in %1, not requeued</source>
        <translation>in %1, nicht zurück in die Queue</translation>
    </message>
    <message>
        <source>from %1 to %2 (%3)</source>
        <translation>von %1 nach %2 (%3)</translation>
    </message>
    <message>
        <source>from %1 to %2, now id %3</source>
        <translation>von %1 nach %2, jetzt Id %3</translation>
    </message>
    <message>
        <source>from %1 to %2, the copy is id %3</source>
        <translation>von %1 nach %2, die Kopie hat Id %3</translation>
    </message>
    <message>
        <source>a copy of id %1, from %2 to %3</source>
        <translation>eine Kopie von Id %1, von %2 nach %3</translation>
    </message>
    <message>
        <source>edited and resent as id %1 to %2</source>
        <translation>bearbeitet und als Id %1 nach %2 neu gesendet</translation>
    </message>
    <message>
        <source>edited from id %1 in %2</source>
        <translation>bearbeitet aus Id %1 in %2</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Id %1</source>
        <translation>Id %1</translation>
    </message>
    <message>
        <source>message-id %1</source>
        <translation>message-id %1</translation>
    </message>
    <message>
        <source>correlation-id %1</source>
        <translation>correlation-id %1</translation>
    </message>
    <message>
        <source>gone since %1</source>
        <translation>fort seit %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::HistorySearchDialog</name>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Find a Gone Message</source>
        <translation>Verschwundene Nachricht finden</translation>
    </message>
    <message>
        <source>Message-id</source>
        <translation>Message-id</translation>
    </message>
    <message>
        <source>Correlation-id</source>
        <translation>Correlation-id</translation>
    </message>
    <message>
        <source>Depot id</source>
        <translation>Depot-Id</translation>
    </message>
    <message>
        <source>What the message carried, such as order-10003</source>
        <translation>Was die Nachricht trug, etwa order-10003</translation>
    </message>
    <message>
        <source>A Depot id is a whole number above 0, such as 42.</source>
        <translation>Eine Depot-Id ist eine ganze Zahl über 0, etwa 42.</translation>
    </message>
    <message>
        <source>Type what to look for.</source>
        <translation>Geben Sie ein, wonach gesucht werden soll.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche…</translation>
    </message>
    <message>
        <source>Depot records no message stories (it runs with --history off).</source>
        <translation>Depot zeichnet keine Nachrichtengeschichten auf (es läuft mit --history off).</translation>
    </message>
    <message>
        <source>No message found: it never came, or its story was forgotten (--history-retention, --history-max-events).</source>
        <translation>Keine Nachricht gefunden: Sie kam nie an, oder ihre Geschichte wurde vergessen (--history-retention, --history-max-events).</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>Der Broker läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n Nachricht gefunden.</numerusform>
            <numerusform>%n Nachrichten gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ConnectRemoteDialog</name>
    <message>
        <source>Connect to RabbitMQ</source>
        <translation>Mit RabbitMQ verbinden</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>staging</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Management URL:</source>
        <translation>&amp;Management-URL:</translation>
    </message>
    <message>
        <source>&amp;AMQP URL:</source>
        <translation>&amp;AMQP-URL:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Vergessen</translation>
    </message>
    <message>
        <source>Remove this saved profile and its password in the keychain</source>
        <translation>Dieses gespeicherte Profil und sein Passwort im Schlüsselbund entfernen</translation>
    </message>
    <message>
        <source>Keep the password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems aufbewahren</translation>
    </message>
    <message>
        <source>No keychain is available: the password is asked each time</source>
        <translation>Kein Schlüsselbund verfügbar: Das Passwort wird jedes Mal abgefragt</translation>
    </message>
    <message>
        <source>every vhost</source>
        <translation>jeder vhost</translation>
    </message>
    <message>
        <source>Show only this virtual host; leave empty for every vhost</source>
        <translation>Nur diesen virtuellen Host zeigen; leer lassen für jeden vhost</translation>
    </message>
    <message>
        <source>&amp;Vhost:</source>
        <translation>&amp;Vhost:</translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation>Die Zertifizierungsstellen des Systems</translation>
    </message>
    <message>
        <source>A CA file</source>
        <translation>Eine CA-Datei</translation>
    </message>
    <message>
        <source>&amp;Trust:</source>
        <translation>&amp;Vertrauen:</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA-Zertifikat (PEM)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>C&amp;A file:</source>
        <translation>C&amp;A-Datei:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation>Client-Z&amp;ertifikat:</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Client-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>Give the broker a name</source>
        <translation>Geben Sie dem Broker einen Namen</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteBrokerView</name>
    <message>
        <source>Enter password…</source>
        <translation>Passwort eingeben…</translation>
    </message>
    <message>
        <source>Trust this certificate</source>
        <translation>Diesem Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>Accept this certificate for this profile only, after checking its fingerprint with the broker&apos;s administrator</source>
        <translation>Dieses Zertifikat nur für dieses Profil annehmen, nachdem Sie seinen Fingerabdruck mit dem Administrator des Brokers abgeglichen haben</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Exchanges</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message numerus="yes">
        <source>%1 at %2 — %Ln queue(s)</source>
        <translation>
            <numerusform>%1 auf %2 — %Ln Queue</numerusform>
            <numerusform>%1 auf %2 — %Ln Queues</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 ready, %2 unacked, %3 connections, %4 consumers</source>
        <translation>, %1 bereit, %2 unbestätigt, %3 Verbindungen, %4 Consumer</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteActions</name>
    <message>
        <source>Connect to &amp;RabbitMQ…</source>
        <translation>Mit &amp;RabbitMQ verbinden…</translation>
    </message>
    <message>
        <source>C&amp;lose remote broker</source>
        <translation>Entfernten Broker sch&amp;ließen</translation>
    </message>
    <message>
        <source>Depot — %1</source>
        <translation>Depot — %1</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>● %1 (%2): connecting…</source>
        <translation>● %1 (%2): verbinde…</translation>
    </message>
    <message numerus="yes">
        <source>● %1 (%2): reachable · %3 · %Ln queue(s) · %4 ready · %5 unacked · %6</source>
        <translation>
            <numerusform>● %1 (%2): erreichbar · %3 · %Ln Queue · %4 bereit · %5 unbestätigt · %6</numerusform>
            <numerusform>● %1 (%2): erreichbar · %3 · %Ln Queues · %4 bereit · %5 unbestätigt · %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln Verbindung</numerusform>
            <numerusform>%Ln Verbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>● %1 (%2): not reachable — %3</source>
        <translation>● %1 (%2): nicht erreichbar — %3</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteBrokers</name>
    <message>
        <source>The broker the window shows</source>
        <translation>Der Broker, den das Fenster zeigt</translation>
    </message>
    <message>
        <source>This Depot</source>
        <translation>Dieses Depot</translation>
    </message>
    <message>
        <source>The password was not saved: %1</source>
        <translation>Das Passwort wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>Password of %1 at %2:</source>
        <translation>Passwort von %1 auf %2:</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::ManagementJson</name>
    <message>
        <source>the answer is not JSON: %1</source>
        <translation>die Antwort ist kein JSON: %1</translation>
    </message>
    <message>
        <source>the answer is not a JSON list</source>
        <translation>die Antwort ist keine JSON-Liste</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>die Antwort ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>Node %1 is not running</source>
        <translation>Knoten %1 läuft nicht</translation>
    </message>
    <message>
        <source>Memory alarm on %1: publishers are blocked</source>
        <translation>Speicheralarm auf %1: Publisher sind blockiert</translation>
    </message>
    <message>
        <source>Disk alarm on %1: publishers are blocked</source>
        <translation>Plattenalarm auf %1: Publisher sind blockiert</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::PasswordVault</name>
    <message>
        <source>no keychain is available</source>
        <translation>kein Schlüsselbund verfügbar</translation>
    </message>
    <message>
        <source>no password is saved</source>
        <translation>kein Passwort gespeichert</translation>
    </message>
    <message>
        <source>the keychain did not answer: %1</source>
        <translation>der Schlüsselbund antwortete nicht: %1</translation>
    </message>
    <message>
        <source>the keychain did not keep it: %1</source>
        <translation>der Schlüsselbund hat es nicht behalten: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::RemoteBroker</name>
    <message>
        <source>The broker&apos;s certificate is not trusted (%1). SHA-256 fingerprint: %2</source>
        <translation>Dem Zertifikat des Brokers wird nicht vertraut (%1). SHA-256-Fingerabdruck: %2</translation>
    </message>
    <message>
        <source>%1 refused the user name or password (HTTP 401)</source>
        <translation>%1 hat Benutzername oder Passwort abgelehnt (HTTP 401)</translation>
    </message>
    <message numerus="yes">
        <source>%1 cannot be reached: %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 ist nicht erreichbar: %2. Neuer Versuch in %Ln Sekunde.</numerusform>
            <numerusform>%1 ist nicht erreichbar: %2. Neuer Versuch in %Ln Sekunden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 answered HTTP %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 antwortete mit HTTP %2. Neuer Versuch in %Ln Sekunde.</numerusform>
            <numerusform>%1 antwortete mit HTTP %2. Neuer Versuch in %Ln Sekunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused %2 with HTTP %3: %4</source>
        <translation>%1 hat %2 mit HTTP %3 abgelehnt: %4</translation>
    </message>
    <message>
        <source>%1 sent an answer Depot cannot read for %2: %3</source>
        <translation>%1 schickte für %2 eine Antwort, die Depot nicht lesen kann: %3</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::RemoteProfile</name>
    <message>
        <source>The management URL must be http:// or https:// with a host, e.g. http://rabbit.example:15672</source>
        <translation>Die Management-URL muss http:// oder https:// mit einem Host sein, z. B. http://rabbit.example:15672</translation>
    </message>
    <message>
        <source>The AMQP URL must be amqp:// or amqps:// with a host, e.g. amqps://rabbit.example:5671</source>
        <translation>Die AMQP-URL muss amqp:// oder amqps:// mit einem Host sein, z. B. amqps://rabbit.example:5671</translation>
    </message>
    <message>
        <source>A user name is needed</source>
        <translation>Ein Benutzername wird gebraucht</translation>
    </message>
    <message>
        <source>Choose the CA file that signed the broker&apos;s certificate</source>
        <translation>Wählen Sie die CA-Datei, die das Zertifikat des Brokers signiert hat</translation>
    </message>
    <message>
        <source>A client certificate needs its key, and a key its certificate</source>
        <translation>Ein Client-Zertifikat braucht seinen Schlüssel und ein Schlüssel sein Zertifikat</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteMessagesPanel</name>
    <message>
        <source>Read messages…</source>
        <translation>Nachrichten lesen…</translation>
    </message>
    <message>
        <source>How many messages to read</source>
        <translation>Wie viele Nachrichten gelesen werden</translation>
    </message>
    <message>
        <source>from offset</source>
        <translation>ab Offset</translation>
    </message>
    <message>
        <source>first</source>
        <translation>erste</translation>
    </message>
    <message>
        <source>The stream offset to read from (x-stream-offset)</source>
        <translation>Der Stream-Offset, ab dem gelesen wird (x-stream-offset)</translation>
    </message>
    <message>
        <source>Filter: text in the body, routing key or death reason</source>
        <translation>Filter: Text im Inhalt, Routing-Key oder Todesgrund</translation>
    </message>
    <message>
        <source>Where they died (x-death)</source>
        <translation>Wo sie starben (x-death)</translation>
    </message>
    <message>
        <source>Replay selected</source>
        <translation>Auswahl wieder einspielen</translation>
    </message>
    <message>
        <source>Replay all</source>
        <translation>Alle wieder einspielen</translation>
    </message>
    <message>
        <source>Move all</source>
        <translation>Alle verschieben</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>Alle kopieren</translation>
    </message>
    <message>
        <source>Purge…</source>
        <translation>Leeren…</translation>
    </message>
    <message>
        <source>to</source>
        <translation>nach</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Routing-Key</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>Erneut zugestellt</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>Dead Letter</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Reading %1 failed: %2</source>
        <translation>Lesen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Choose a queue on the left to read its messages.</source>
        <translation>Wählen Sie links eine Queue, um ihre Nachrichten zu lesen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is a stream: reading it from an offset changes nothing.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ist ein Stream: Lesen ab einem Offset ändert nichts.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: reading a classic queue takes its messages and puts them back (Depot asks first).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Lesen einer klassischen Queue nimmt ihre Nachrichten und legt sie zurück (Depot fragt vorher).</translation>
    </message>
    <message>
        <source>Replay matching</source>
        <translation>Passende wieder einspielen</translation>
    </message>
    <message>
        <source>Move matching</source>
        <translation>Passende verschieben</translation>
    </message>
    <message>
        <source>Copy matching</source>
        <translation>Passende kopieren</translation>
    </message>
    <message>
        <source>A stream keeps its messages: they cannot be taken off it</source>
        <translation>Ein Stream behält seine Nachrichten: Sie können nicht herausgenommen werden</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Reading %1 from offset %2…</source>
        <translation>Lese %1 ab Offset %2…</translation>
    </message>
    <message numerus="yes">
        <source>%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln message(s) with the management API&apos;s get and puts them straight back (requeue): RabbitMQ then marks them as redelivered, a consumer may see them in another order, and one may be delivered to a consumer meanwhile.

Read them?</source>
        <translation>
            <numerusform>%1 ist eine klassische Queue: RabbitMQ zeigt ihre Nachrichten nur, indem es sie herausgibt. Depot liest bis zu %Ln Nachricht mit dem get der Management-API und legt sie sofort zurück (requeue): RabbitMQ markiert sie dann als erneut zugestellt, ein Consumer sieht sie eventuell in anderer Reihenfolge, und sie kann währenddessen einem Consumer zugestellt werden.

Lesen?</numerusform>
            <numerusform>%1 ist eine klassische Queue: RabbitMQ zeigt ihre Nachrichten nur, indem es sie herausgibt. Depot liest bis zu %Ln Nachrichten mit dem get der Management-API und legt sie sofort zurück (requeue): RabbitMQ markiert sie dann als erneut zugestellt, ein Consumer sieht sie eventuell in anderer Reihenfolge, und eine kann währenddessen einem Consumer zugestellt werden.

Lesen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Read and requeue</source>
        <translation>Lesen und zurücklegen</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message>
        <source>%1 refused to read %2: HTTP %3 %4</source>
        <translation>%1 hat das Lesen von %2 abgelehnt: HTTP %3 %4</translation>
    </message>
    <message>
        <source>Depot cannot read the messages of %1: %2</source>
        <translation>Depot kann die Nachrichten von %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) from the stream; nothing changed on it.</source>
        <translation>
            <numerusform>%Ln Nachricht aus dem Stream gelesen; nichts daran geändert.</numerusform>
            <numerusform>%Ln Nachrichten aus dem Stream gelesen; nichts daran geändert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) and put them back; %1 were already marked redelivered.</source>
        <translation>
            <numerusform>%Ln Nachricht gelesen und zurückgelegt; %1 waren bereits als erneut zugestellt markiert.</numerusform>
            <numerusform>%Ln Nachrichten gelesen und zurückgelegt; %1 waren bereits als erneut zugestellt markiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replayed %Ln selected message(s)</source>
        <translation>
            <numerusform>%Ln gewählte Nachricht wieder eingespielt</numerusform>
            <numerusform>%Ln gewählte Nachrichten wieder eingespielt</numerusform>
        </translation>
    </message>
    <message>
        <source>Replayed all</source>
        <translation>Alle wieder eingespielt</translation>
    </message>
    <message>
        <source>Replayed the matching</source>
        <translation>Passende wieder eingespielt</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Verschoben</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Working on %1…</source>
        <translation>Arbeite an %1…</translation>
    </message>
    <message>
        <source>%1: %2 of %3 messages looked at, %4 done — Cancel stops after the batch in hand.</source>
        <translation>%1: %2 von %3 Nachrichten angesehen, %4 erledigt — Abbrechen hält nach dem aktuellen Stapel an.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln message(s) confirmed on the target</source>
        <translation>
            <numerusform>%1: %Ln Nachricht am Ziel bestätigt</numerusform>
            <numerusform>%1: %Ln Nachrichten am Ziel bestätigt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 not chosen</source>
        <translation>%1 nicht gewählt</translation>
    </message>
    <message>
        <source>%1 without an x-death origin</source>
        <translation>%1 ohne x-death-Herkunft</translation>
    </message>
    <message>
        <source>%1 unroutable</source>
        <translation>%1 nicht zustellbar</translation>
    </message>
    <message>
        <source>%1 unroutable (no queue %2: deleted or never there)</source>
        <translation>%1 nicht zustellbar (keine Queue %2: gelöscht oder nie vorhanden)</translation>
    </message>
    <message>
        <source> — %1</source>
        <translation> — %1</translation>
    </message>
    <message>
        <source>%1 refused by the broker</source>
        <translation>%1 vom Broker abgelehnt</translation>
    </message>
    <message>
        <source>; left in %1: %2</source>
        <translation>; in %1 geblieben: %2</translation>
    </message>
    <message>
        <source>; %1 may also still be in %2 (a duplicate)</source>
        <translation>; %1 kann zusätzlich noch in %2 liegen (ein Duplikat)</translation>
    </message>
    <message>
        <source> — cancelled</source>
        <translation> — abgebrochen</translation>
    </message>
    <message>
        <source> — stopped: %1 (nothing unconfirmed was taken off %2)</source>
        <translation> — angehalten: %1 (nichts Unbestätigtes wurde aus %2 genommen)</translation>
    </message>
    <message>
        <source>Purge %1 on %2? Its %3 ready messages are deleted for good.</source>
        <translation>%1 auf %2 leeren? Ihre %3 bereiten Nachrichten werden endgültig gelöscht.</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Purged %1.</source>
        <translation>%1 geleert.</translation>
    </message>
    <message>
        <source>%1 refused to purge %2: HTTP %3 %4</source>
        <translation>%1 hat das Leeren von %2 abgelehnt: HTTP %3 %4</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>Where replayed, moved or copied messages go: the queue their x-death names, a queue, or an exchange with a routing key. To a queue they move in transactions (a crash neither loses nor doubles one); to an exchange with publisher confirms, one at a time (a crash may leave one in both places).</source>
        <translation>Wohin wieder eingespielte, verschobene oder kopierte Nachrichten gehen: die Queue aus ihrem x-death, eine Queue oder eine Exchange mit Routing-Key. In eine Queue gehen sie in Transaktionen (ein Absturz verliert und verdoppelt keine); in eine Exchange mit Publisher-Bestätigungen, eine nach der anderen (nach einem Absturz kann eine an beiden Orten liegen).</translation>
    </message>
    <message>
        <source>routing key</source>
        <translation>Routing-Key</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicQueryBar</name>
    <message>
        <source>Q&amp;uery:</source>
        <translation>Ab&amp;frage:</translation>
    </message>
    <message>
        <source>value.customer = &quot;frances&quot; and key ~ &quot;^eu-&quot; and age &lt; 1h</source>
        <translation>value.customer = &quot;frances&quot; and key ~ &quot;^eu-&quot; and age &lt; 1h</translation>
    </message>
    <message>
        <source>A query over records: topic, partition, offset, timestamp, age, size, key, value, headers.&lt;key&gt;; and, or, not (docs/query.md). Enter runs it.</source>
        <translation>Eine Abfrage über Records: topic, partition, offset, timestamp, age, size, key, value, headers.&lt;key&gt;; and, or, not (docs/query.md). Eingabe führt sie aus.</translation>
    </message>
    <message>
        <source>This partition</source>
        <translation>Diese Partition</translation>
    </message>
    <message>
        <source>This topic</source>
        <translation>Dieses Topic</translation>
    </message>
    <message>
        <source>Topics matching</source>
        <translation>Passende Topics</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Alle Topics</translation>
    </message>
    <message>
        <source>Where the query looks</source>
        <translation>Wo die Abfrage sucht</translation>
    </message>
    <message>
        <source>orders.*, audit</source>
        <translation>orders.*, audit</translation>
    </message>
    <message>
        <source>Topic names, or patterns with * and ?, separated by commas</source>
        <translation>Topic-Namen oder Muster mit * und ?, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>This partition (%1)</source>
        <translation>Diese Partition (%1)</translation>
    </message>
    <message>
        <source>This topic (%1)</source>
        <translation>Dieses Topic (%1)</translation>
    </message>
    <message>
        <source>No topic or partition is selected: select one, or choose All topics.</source>
        <translation>Kein Topic und keine Partition ausgewählt: wählen Sie eines, oder „Alle Topics“.</translation>
    </message>
    <message>
        <source>Say which topics: names or patterns such as orders.*, separated by commas.</source>
        <translation>Geben Sie die Topics an: Namen oder Muster wie orders.*, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot läuft nicht.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 of %2 records looked at in %3 of %4 topics</source>
        <translation>%1 von %2 Records in %3 von %4 Topics angesehen</translation>
    </message>
    <message>
        <source>Stopped: %1 (%2)</source>
        <translation>Angehalten: %1 (%2)</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Abgebrochen: %1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>Nothing ran.</source>
        <translation>Nichts wurde ausgeführt.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
</context>
</TS>
