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
        <source>Cancelled after %1 of %2 message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>Cancelled after %1 of %2 message; the rest stayed where they were.</numerusform>
            <numerusform>Cancelled after %1 of %2 messages; the rest stayed where they were.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %1 of %2 message(s).</source>
        <translation>
            <numerusform>Done: %1 of %2 message.</numerusform>
            <numerusform>Done: %1 of %2 messages.</numerusform>
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
    <name>depot::ui::CompareDialog</name>
    <message numerus="yes">
        <source>%n difference(s) (%1).</source>
        <translation>
            <numerusform>%n difference (%1).</numerusform>
            <numerusform>%n differences (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ExchangeTreeModel</name>
    <message numerus="yes">
        <source>%1: %Ln binding(s)</source>
        <translation>
            <numerusform>%1: %Ln binding</numerusform>
            <numerusform>%1: %Ln bindings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ExportJob</name>
    <message numerus="yes">
        <source>Exported %n message(s) from %1 to %2.</source>
        <translation>
            <numerusform>Exported %n message from %1 to %2.</numerusform>
            <numerusform>Exported %n messages from %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) from topic %1 to %2.</source>
        <translation>
            <numerusform>Exported %n record from topic %1 to %2.</numerusform>
            <numerusform>Exported %n records from topic %1 to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupsPanel</name>
    <message numerus="yes">
        <source>%1 has %n member(s): Kafka changes a group&apos;s offsets or deletes it only while it has no members. Stop its consumers first.</source>
        <translation>
            <numerusform>%1 has %n member: Kafka changes a group&apos;s offsets or deletes it only while it has no members. Stop its consumers first.</numerusform>
            <numerusform>%1 has %n members: Kafka changes a group&apos;s offsets or deletes it only while it has no members. Stop its consumers first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reset %n offset(s) of %1.</source>
        <translation>
            <numerusform>Reset %n offset of %1.</numerusform>
            <numerusform>Reset %n offsets of %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the consumer group %1 with its %n committed offset(s)?</source>
        <translation>
            <numerusform>Delete the consumer group %1 with its %n committed offset?</numerusform>
            <numerusform>Delete the consumer group %1 with its %n committed offsets?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ImportJob</name>
    <message numerus="yes">
        <source>Imported %1 of %n message(s) into %2.</source>
        <translation>
            <numerusform>Imported %1 of %n message into %2.</numerusform>
            <numerusform>Imported %1 of %n messages into %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n message(s): %1.</source>
        <translation>
            <numerusform>Skipped %n message: %1.</numerusform>
            <numerusform>Skipped %n messages: %1.</numerusform>
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
        <source>all %1 message(s) in %2</source>
        <translation>
            <numerusform>all %1 message in %2</numerusform>
            <numerusform>all %1 messages in %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 expires messages after %2 s</source>
        <translation>
            <numerusform>%1 expires messages after %2 s</numerusform>
            <numerusform>%1 expires messages after %2 s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Warning: %1, less than the age of %Ln replayed message(s) (up to %2 s): unless consumed in time they will expire and be dead-lettered again.</source>
        <translation>
            <numerusform>Warning: %1, less than the age of %Ln replayed message (up to %2 s): unless consumed in time they will expire and be dead-lettered again.</numerusform>
            <numerusform>Warning: %1, less than the age of %Ln replayed messages (up to %2 s): unless consumed in time they will expire and be dead-lettered again.</numerusform>
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
    <message numerus="yes">
        <source>Delete the queue %1 and the %2 message(s) in it? This cannot be undone.</source>
        <translation>
            <numerusform>Delete the queue %1 and the %2 message in it? This cannot be undone.</numerusform>
            <numerusform>Delete the queue %1 and the %2 messages in it? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln consumer(s) will be cancelled.</source>
        <translation>
            <numerusform>Its %Ln consumer will be cancelled.</numerusform>
            <numerusform>Its %Ln consumers will be cancelled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted the queue %1 with %Ln message(s).</source>
        <translation>
            <numerusform>Deleted the queue %1 with %Ln message.</numerusform>
            <numerusform>Deleted the queue %1 with %Ln messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln message(s) from %1? Undo (%2) brings them back within %3 seconds.</source>
        <translation>
            <numerusform>Delete %Ln message from %1? Undo (%2) brings it back within %3 seconds.</numerusform>
            <numerusform>Delete %Ln messages from %1? Undo (%2) brings them back within %3 seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the selected messages were unacknowledged or already gone.</source>
        <translation>
            <numerusform>%Ln of the selected messages was unacknowledged or already gone.</numerusform>
            <numerusform>%Ln of the selected messages were unacknowledged or already gone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put %1 message(s) back into %2.</source>
        <translation>
            <numerusform>Put %1 message back into %2.</numerusform>
            <numerusform>Put %1 messages back into %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove all %1 ready message(s) from %2? Undo (%3) brings them back within %4 seconds; after that they are gone.</source>
        <translation>
            <numerusform>Remove the %1 ready message from %2? Undo (%3) brings it back within %4 seconds; after that it is gone.</numerusform>
            <numerusform>Remove all %1 ready messages from %2? Undo (%3) brings them back within %4 seconds; after that they are gone.</numerusform>
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
        <source>%1 lists %Ln message(s).</source>
        <translation>
            <numerusform>%1 lists %Ln message.</numerusform>
            <numerusform>%1 lists %Ln messages.</numerusform>
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
    <name>depot::ui::MessageComparison</name>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… %Ln more byte not shown</numerusform>
            <numerusform>… %Ln more bytes not shown</numerusform>
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
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then expired again, %Ln time(s) in all: its time to live there ran out before a consumer took it</source>
        <translation>
            <numerusform>sent back to %1 (replayed or retried), then expired again, %Ln time in all: its time to live there ran out before a consumer took it</numerusform>
            <numerusform>sent back to %1 (replayed or retried), then expired again, %Ln times in all: its time to live there ran out before a consumer took it</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then %2 again, %Ln time(s) in all</source>
        <translation>
            <numerusform>sent back to %1 (replayed or retried), then %2 again, %Ln time in all</numerusform>
            <numerusform>sent back to %1 (replayed or retried), then %2 again, %Ln times in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::PublishDialog</name>
    <message numerus="yes">
        <source> time(s)</source>
        <translation>
            <numerusform> time</numerusform>
            <numerusform> times</numerusform>
        </translation>
    </message>
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
<context>
    <name>depot::ui::QueueListModel</name>
    <message numerus="yes">
        <source>%1 ready, %2 unacknowledged, %3 byte(s)</source>
        <translation>
            <numerusform>%1 ready, %2 unacknowledged, %3 byte</numerusform>
            <numerusform>%1 ready, %2 unacknowledged, %3 bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) in flight (received, not deleted yet)</source>
        <translation>
            <numerusform>%1 message in flight (received, not deleted yet)</numerusform>
            <numerusform>%1 messages in flight (received, not deleted yet)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) delayed</source>
        <translation>
            <numerusform>%1 message delayed</numerusform>
            <numerusform>%1 messages delayed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Redrive: after %Ln receive(s) a message moves to %1</source>
        <translation>
            <numerusform>Redrive: after %Ln receive a message moves to %1</numerusform>
            <numerusform>Redrive: after %Ln receives a message moves to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RecordBrowser</name>
    <message numerus="yes">
        <source>The first %Ln match(es) are listed.</source>
        <translation>
            <numerusform>The first match is listed.</numerusform>
            <numerusform>The first %Ln matches are listed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selected records come from %n topic(s): re-produce those of one topic at a time.</source>
        <translation>
            <numerusform>The selected records come from %n topic: re-produce those of one topic at a time.</numerusform>
            <numerusform>The selected records come from %n topics: re-produce those of one topic at a time.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re-produced %n record(s) to %1.</source>
        <translation>
            <numerusform>Re-produced %n record to %1.</numerusform>
            <numerusform>Re-produced %n records to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ReproduceDialog</name>
    <message numerus="yes">
        <source>Re-produce %n record(s)</source>
        <translation>
            <numerusform>Re-produce %n record</numerusform>
            <numerusform>Re-produce %n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryActions</name>
    <message numerus="yes">
        <source>%1 has no dead-letter exchange: giving up drops %Ln message(s) for good. Drop them?</source>
        <translation>
            <numerusform>%1 has no dead-letter exchange: giving up drops %Ln message for good. Drop it?</numerusform>
            <numerusform>%1 has no dead-letter exchange: giving up drops %Ln messages for good. Drop them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%Ln message of %1 delivered again now.</numerusform>
            <numerusform>%Ln messages of %1 delivered again now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gave up on %Ln message(s) of %1.</source>
        <translation>
            <numerusform>Gave up on %Ln message of %1.</numerusform>
            <numerusform>Gave up on %Ln messages of %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attempts of %Ln message(s) of %1 reset.</source>
        <translation>
            <numerusform>Attempts of %Ln message of %1 reset.</numerusform>
            <numerusform>Attempts of %Ln messages of %1 reset.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%Ln waiting message of %1 delivered again now.</numerusform>
            <numerusform>%Ln waiting messages of %1 delivered again now.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryEditorDialog</name>
    <message numerus="yes">
        <source>%1 attempts: the first delivery, then %Ln retry(ies) after %2.</source>
        <translation>
            <numerusform>%1 attempts: the first delivery, then %Ln retry after %2.</numerusform>
            <numerusform>%1 attempts: the first delivery, then %Ln retries after %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RetrySchedule</name>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery in %1</source>
        <translation>
            <numerusform>delivered once, next delivery in %1</numerusform>
            <numerusform>delivered %Ln times, next delivery in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery due now</source>
        <translation>
            <numerusform>delivered once, next delivery due now</numerusform>
            <numerusform>delivered %Ln times, next delivery due now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::SearchAllDialog</name>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln match(es))</source>
        <translation>
            <numerusform>%1 (%Ln match)</numerusform>
            <numerusform>%1 (%Ln matches)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::SqsSection</name>
    <message numerus="yes">
        <source>first received at %1, received %Ln time(s) in all</source>
        <translation>
            <numerusform>first received at %1, received %Ln time in all</numerusform>
            <numerusform>first received at %1, received %Ln times in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicsPanel</name>
    <message numerus="yes">
        <source>Delete the topic %1 with its %n record(s)? Consumer groups keep their committed offsets.</source>
        <translation>
            <numerusform>Delete the topic %1 with its %n record? Consumer groups keep their committed offsets.</numerusform>
            <numerusform>Delete the topic %1 with its %n records? Consumer groups keep their committed offsets.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::TopologyActions</name>
    <message numerus="yes">
        <source>%1 and %Ln more</source>
        <translation>
            <numerusform>%1 and %Ln more</numerusform>
            <numerusform>%1 and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln binding(s) go with it: %1.</source>
        <translation>
            <numerusform>Its %Ln binding goes with it: %1.</numerusform>
            <numerusform>Its %Ln bindings go with it: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::UndoBar</name>
    <message numerus="yes">
        <source>Deleted %1 message(s) from %2.</source>
        <translation>
            <numerusform>Deleted %1 message from %2.</numerusform>
            <numerusform>Deleted %1 messages from %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purged %1 message(s) from %2.</source>
        <translation>
            <numerusform>Purged %1 message from %2.</numerusform>
            <numerusform>Purged %1 messages from %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undo within %n second(s).</source>
        <translation>
            <numerusform>Undo within %n second.</numerusform>
            <numerusform>Undo within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryActions</name>
    <message numerus="yes">
        <source>%Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform>%Ln skipped (no original queue, or the target is gone).</numerusform>
            <numerusform>%Ln skipped (no original queue, or the target is gone).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln selected message(s)? Undo (%1) brings them back within %2 seconds.</source>
        <translation>
            <numerusform>Delete %Ln selected message? Undo (%1) brings it back within %2 seconds.</numerusform>
            <numerusform>Delete %Ln selected messages? Undo (%1) brings them back within %2 seconds.</numerusform>
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
        <source>Cancelled after %Ln message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>Cancelled after %Ln message; the rest stayed where they were.</numerusform>
            <numerusform>Cancelled after %Ln messages; the rest stayed where they were.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %Ln message(s).</source>
        <translation>
            <numerusform>Done: %Ln message.</numerusform>
            <numerusform>Done: %Ln messages.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryPanel</name>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the first %Ln listed</source>
        <translation>
            <numerusform>the first %Ln listed</numerusform>
            <numerusform>the first %Ln listed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::HistorySearchDialog</name>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n message found.</numerusform>
            <numerusform>%n messages found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteActions</name>
    <message numerus="yes">
        <source>● %1 (%2): reachable · %3 · %Ln queue(s) · %4 ready · %5 unacked · %6</source>
        <translation>
            <numerusform>● %1 (%2): reachable · %3 · %Ln queue · %4 ready · %5 unacked · %6</numerusform>
            <numerusform>● %1 (%2): reachable · %3 · %Ln queues · %4 ready · %5 unacked · %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln connection</numerusform>
            <numerusform>%Ln connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteBrokerView</name>
    <message numerus="yes">
        <source>%1 at %2 — %Ln queue(s)</source>
        <translation>
            <numerusform>%1 at %2 — %Ln queue</numerusform>
            <numerusform>%1 at %2 — %Ln queues</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::RemoteBroker</name>
    <message numerus="yes">
        <source>%1 answered HTTP %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 answered HTTP %2. Trying again in %Ln second.</numerusform>
            <numerusform>%1 answered HTTP %2. Trying again in %Ln seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 cannot be reached: %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 cannot be reached: %2. Trying again in %Ln second.</numerusform>
            <numerusform>%1 cannot be reached: %2. Trying again in %Ln seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteMessagesPanel</name>
    <message numerus="yes">
        <source>%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln message(s) with the management API&apos;s get and puts them straight back (requeue): RabbitMQ then marks them as redelivered, a consumer may see them in another order, and one may be delivered to a consumer meanwhile.

Read them?</source>
        <translation>
            <numerusform>%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln message with the management API&apos;s get and puts it straight back (requeue): RabbitMQ then marks it as redelivered, a consumer may see it in another order, and it may be delivered to a consumer meanwhile.

Read it?</numerusform>
            <numerusform>%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln messages with the management API&apos;s get and puts them straight back (requeue): RabbitMQ then marks them as redelivered, a consumer may see them in another order, and one may be delivered to a consumer meanwhile.

Read them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) from the stream; nothing changed on it.</source>
        <translation>
            <numerusform>Read %Ln message from the stream; nothing changed on it.</numerusform>
            <numerusform>Read %Ln messages from the stream; nothing changed on it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) and put them back; %1 were already marked redelivered.</source>
        <translation>
            <numerusform>Read %Ln message and put it back; %1 were already marked redelivered.</numerusform>
            <numerusform>Read %Ln messages and put them back; %1 were already marked redelivered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replayed %Ln selected message(s)</source>
        <translation>
            <numerusform>Replayed %Ln selected message</numerusform>
            <numerusform>Replayed %Ln selected messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln message(s) confirmed on the target</source>
        <translation>
            <numerusform>%1: %Ln message confirmed on the target</numerusform>
            <numerusform>%1: %Ln messages confirmed on the target</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageDataActions</name>
    <message numerus="yes">
        <source>Exported %Ln record(s) to %1, one file per topic.</source>
        <translation>
            <numerusform>Exported %Ln record to %1, one file per topic.</numerusform>
            <numerusform>Exported %Ln records to %1, one file per topic.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln message(s) to %1, one file per queue.</source>
        <translation>
            <numerusform>Exported %Ln message to %1, one file per queue.</numerusform>
            <numerusform>Exported %Ln messages to %1, one file per queue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s) of %1…</source>
        <translation>
            <numerusform>Exporting %n record of %1…</numerusform>
            <numerusform>Exporting %n records of %1…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicQueryBar</name>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
</context>
</TS>
