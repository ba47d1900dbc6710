<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>depot::ui::BrokerStatus</name>
    <message numerus="yes">
        <source>%Ln queue(s)</source>
        <translation>
            <numerusform>%Ln queue</numerusform>
            <numerusform>%Ln queues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letter(s)</source>
        <translation>
            <numerusform>%Ln dead letter</numerusform>
            <numerusform>%Ln dead letters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln connection</numerusform>
            <numerusform>%Ln connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln consumer(s)</source>
        <translation>
            <numerusform>, %Ln consumer</numerusform>
            <numerusform>, %Ln consumers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform> %Ln skipped (no original queue, or the target is gone).</numerusform>
            <numerusform> %Ln skipped (no original queue, or the target is gone).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::JsonTreeModel</name>
    <message numerus="yes">
        <source>{%Ln key(s)}</source>
        <translation>
            <numerusform>{%Ln key}</numerusform>
            <numerusform>{%Ln keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln item]</numerusform>
            <numerusform>[%Ln items]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MainWindow</name>
    <message numerus="yes">
        <source>Depot — %Ln queue(s): </source>
        <translation>
            <numerusform>Depot — %Ln queue: </numerusform>
            <numerusform>Depot — %Ln queues: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 ready, %2 unacked, %Ln dead letter(s)</source>
        <translation>
            <numerusform>%1 ready, %2 unacked, %Ln dead letter</numerusform>
            <numerusform>%1 ready, %2 unacked, %Ln dead letters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageActions</name>
    <message numerus="yes">
        <source>%Ln selected message(s)</source>
        <translation>
            <numerusform>%Ln selected message</numerusform>
            <numerusform>%Ln selected messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln message(s) from %1? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %Ln message from %1? This cannot be undone.</numerusform>
            <numerusform>Delete %Ln messages from %1? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln message(s).</source>
        <translation>
            <numerusform>Deleted %Ln message.</numerusform>
            <numerusform>Deleted %Ln messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purged %Ln message(s).</source>
        <translation>
            <numerusform>Purged %Ln message.</numerusform>
            <numerusform>Purged %Ln messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s), then stopped. </source>
        <translation>
            <numerusform>Sent %Ln message, then stopped. </numerusform>
            <numerusform>Sent %Ln messages, then stopped. </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Published %Ln message(s).</source>
        <translation>
            <numerusform>Published %Ln message.</numerusform>
            <numerusform>Published %Ln messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s).</source>
        <translation>
            <numerusform>Sent %Ln message.</numerusform>
            <numerusform>Sent %Ln messages.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageBrowser</name>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>first %Ln match(es)</source>
        <translation>
            <numerusform>first %Ln match</numerusform>
            <numerusform>first %Ln matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageInspector</name>
    <message numerus="yes">
        <source>{%Ln field(s)}</source>
        <translation>
            <numerusform>{%Ln field}</numerusform>
            <numerusform>{%Ln fields}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln item]</numerusform>
            <numerusform>[%Ln items]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… %Ln more byte not shown</numerusform>
            <numerusform>… %Ln more bytes not shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Message %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · position %3 · %4 · delivered %Ln time(s)%5</source>
        <translation>
            <numerusform>&lt;b&gt;Message %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · position %3 · %4 · delivered %Ln time%5</numerusform>
            <numerusform>&lt;b&gt;Message %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · position %3 · %4 · delivered %Ln times%5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %2, %Ln time(s):
%3</source>
        <translation>
            <numerusform>%1 in %2, %Ln time:
%3</numerusform>
            <numerusform>%1 in %2, %Ln times:
%3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::PublishDialog</name>
    <message numerus="yes">
        <source>Drop the dead-letter history (x-death: %Ln death(s)), so the copy starts afresh</source>
        <translation>
            <numerusform>Drop the dead-letter history (x-death: %Ln death), so the copy starts afresh</numerusform>
            <numerusform>Drop the dead-letter history (x-death: %Ln deaths), so the copy starts afresh</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(binary body of %Ln byte(s), sent unchanged)</source>
        <translation>
            <numerusform>(binary body of %Ln byte, sent unchanged)</numerusform>
            <numerusform>(binary body of %Ln bytes, sent unchanged)</numerusform>
        </translation>
    </message>
</context>
</TS>
