<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>QObject</name>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
</context>
<context>
    <name>depot::ui::BindingDialog</name>
    <message>
        <source>Create binding</source>
        <translation>バインディングを作成</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The exchange messages are published to. The default exchange is not listed: it routes by queue name and takes no bindings.</source>
        <translation>メッセージの発行先のエクスチェンジ。デフォルトエクスチェンジはキュー名でルーティングし、バインディングを持てないため一覧にありません。</translation>
    </message>
    <message>
        <source>&amp;From exchange:</source>
        <translation>送信元エクスチェンジ(&amp;F):</translation>
    </message>
    <message>
        <source>queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>エクスチェンジ</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>宛先(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Routing key:</source>
        <translation>ルーティングキー(&amp;R):</translation>
    </message>
    <message>
        <source>all headers match (all)</source>
        <translation>すべてのヘッダーが一致 (all)</translation>
    </message>
    <message>
        <source>any header matches (any)</source>
        <translation>いずれかのヘッダーが一致 (any)</translation>
    </message>
    <message>
        <source>all, x- headers too (all-with-x)</source>
        <translation>すべて、x- ヘッダーも含む (all-with-x)</translation>
    </message>
    <message>
        <source>any, x- headers too (any-with-x)</source>
        <translation>いずれか、x- ヘッダーも含む (any-with-x)</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>一致条件(&amp;M):</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>&amp;Add header</source>
        <translation>ヘッダーを追加(&amp;A)</translation>
    </message>
    <message>
        <source>R&amp;emove header</source>
        <translation>ヘッダーを削除(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>ヘッダー(&amp;H):</translation>
    </message>
    <message>
        <source>text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>真偽値</translation>
    </message>
    <message>
        <source>ignored: a fanout exchange sends every message to every binding</source>
        <translation>無視: fanout エクスチェンジはすべてのメッセージをすべてのバインディングへ送ります</translation>
    </message>
    <message>
        <source>a pattern, e.g. order.*.eu (* one word, # any number of words)</source>
        <translation>パターン。例: order.*.eu (* は 1 語、# は任意の数の語)</translation>
    </message>
    <message>
        <source>ignored: the headers below decide</source>
        <translation>無視: 下のヘッダーで決まります</translation>
    </message>
    <message>
        <source>the routing key messages must carry</source>
        <translation>メッセージが持つべきルーティングキー</translation>
    </message>
    <message>
        <source>the queue the messages go to</source>
        <translation>メッセージの送り先のキュー</translation>
    </message>
    <message>
        <source>the exchange the messages go on to</source>
        <translation>メッセージの転送先のエクスチェンジ</translation>
    </message>
    <message>
        <source>The header %1 must be a whole number.</source>
        <translation>ヘッダー %1 は整数でなければなりません。</translation>
    </message>
    <message>
        <source>The header %1 must be a number (e.g. 2.5).</source>
        <translation>ヘッダー %1 は数値でなければなりません (例: 2.5)。</translation>
    </message>
    <message>
        <source>The header %1 must be true or false.</source>
        <translation>ヘッダー %1 は true か false でなければなりません。</translation>
    </message>
    <message>
        <source>There is no exchange to bind from: create one first.</source>
        <translation>バインド元のエクスチェンジがありません。先に作成してください。</translation>
    </message>
    <message>
        <source>Choose the queue the messages go to.</source>
        <translation>メッセージの送り先のキューを選んでください。</translation>
    </message>
    <message>
        <source>Choose the exchange the messages go on to.</source>
        <translation>メッセージの転送先のエクスチェンジを選んでください。</translation>
    </message>
    <message>
        <source>There is no queue named %1.</source>
        <translation>%1 という名前のキューはありません。</translation>
    </message>
    <message>
        <source>There is no exchange named %1.</source>
        <translation>%1 という名前のエクスチェンジはありません。</translation>
    </message>
    <message>
        <source>The routing key is longer than 255 bytes.</source>
        <translation>ルーティングキーが 255 バイトを超えています。</translation>
    </message>
    <message>
        <source>Header %1 in the list has no name.</source>
        <translation>一覧の %1 番目のヘッダーに名前がありません。</translation>
    </message>
    <message>
        <source>x-match is set by the Match choice above, not as a header.</source>
        <translation>x-match はヘッダーではなく、上の「一致条件」で設定します。</translation>
    </message>
    <message>
        <source>The header %1 is listed twice.</source>
        <translation>ヘッダー %1 が二重に指定されています。</translation>
    </message>
    <message>
        <source>This binding exists already.</source>
        <translation>このバインディングは既に存在します。</translation>
    </message>
</context>
<context>
    <name>depot::ui::BrokerClient</name>
    <message>
        <source>Published, but no queue is bound for it: the message was dropped.</source>
        <translation>発行しましたが、バインドされたキューがないため破棄されました。</translation>
    </message>
    <message>
        <source>A full queue rejected the message.</source>
        <translation>満杯のキューがメッセージを拒否しました。</translation>
    </message>
    <message>
        <source>Depot stopped while publishing.</source>
        <translation>パブリッシュ中に Depot が停止しました。</translation>
    </message>
    <message>
        <source>Queue %1 was deleted during the export.</source>
        <translation>エクスポート中にキュー %1 が削除されました。</translation>
    </message>
    <message>
        <source>Queue %1 no longer exists.</source>
        <translation>キュー %1 はもう存在しません。</translation>
    </message>
    <message>
        <source>line %1: its properties are refused (%2)</source>
        <translation>%1 行目: プロパティが拒否されました (%2)</translation>
    </message>
    <message>
        <source>line %1: the queue refused it (full)</source>
        <translation>%1 行目: キューが拒否しました (満杯)</translation>
    </message>
    <message>
        <source>an exchange named %1 exists already</source>
        <translation>%1 という名前のエクスチェンジは既に存在します</translation>
    </message>
    <message>
        <source>that binding exists already</source>
        <translation>そのバインディングは既に存在します</translation>
    </message>
    <message>
        <source>Topic %1 was deleted during the export.</source>
        <translation>エクスポート中にトピック %1 が削除されました。</translation>
    </message>
    <message>
        <source>Depot&apos;s topics were restarted during the export.</source>
        <translation>エクスポート中に Depot のトピックが再起動されました。</translation>
    </message>
</context>
<context>
    <name>depot::ui::BrokerStatus</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d03a2f&apos;&gt;Not running&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#d03a2f&apos;&gt;停止中&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#10a060&apos;&gt;●&lt;/b&gt; Running</source>
        <translation>&lt;b style=&apos;color:#10a060&apos;&gt;●&lt;/b&gt; 実行中</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d03a2f&apos;&gt;● Publishers blocked&lt;/b&gt; (%1)</source>
        <translation>&lt;b style=&apos;color:#d03a2f&apos;&gt;● パブリッシャーをブロック中&lt;/b&gt; (%1)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>in memory</source>
        <translation>メモリ内</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ %1 alarm:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;⚠ %1 アラーム:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source> and </source>
        <translation> と </translation>
    </message>
    <message>
        <source>Use port %1 instead</source>
        <translation>代わりにポート %1 を使う</translation>
    </message>
    <message>
        <source>Starting on the new port…</source>
        <translation>新しいポートで起動中…</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 に失敗しました: %2</translation>
    </message>
    <message>
        <source>%1 %v / %m</source>
        <translation>%1 %v / %m</translation>
    </message>
    <message numerus="yes">
        <source> %Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform> %Ln 件をスキップ (元のキューがないか、送り先が存在しません)。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln queue(s)</source>
        <translation>
            <numerusform>%Ln 個のキュー</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ready</source>
        <translation>準備完了 %1</translation>
    </message>
    <message>
        <source>%1 unacked</source>
        <translation>未確認 %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letter(s)</source>
        <translation>
            <numerusform>デッドレター %Ln 件</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1/s</source>
        <translation>受信 %1/秒</translation>
    </message>
    <message>
        <source>out %1/s</source>
        <translation>送信 %1/秒</translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln 個の接続</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln consumer(s)</source>
        <translation>
            <numerusform>、コンシューマー %Ln 個</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1 ポート %2</translation>
    </message>
    <message>
        <source>%1 is already taken. Depot can start on %2 instead (for this run; use %3 to choose for good).</source>
        <translation>%1 は既に使用中です。代わりに %2 で起動できます（今回のみ。恒久的には %3 を使用）。</translation>
    </message>
    <message>
        <source>Use ports %1 instead</source>
        <translation>代わりにポート %1 を使う</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %1 of %2 message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>%2 件中 %1 件で中止しました。残りは元の場所にあります。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %1 of %2 message(s).</source>
        <translation>
            <numerusform>完了: %2 件中 %1 件。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ChannelListModel</name>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>Depot delivers nothing to this channel: the client paused it (channel.flow) or its connection is not reading fast enough.</source>
        <translation>Depot はこのチャネルに何も配信していません: クライアントが一時停止した (channel.flow) か、接続の読み取りが追いついていません。</translation>
    </message>
    <message>
        <source>(internal)</source>
        <translation>(内部)</translation>
    </message>
    <message>
        <source>confirms</source>
        <translation>確認あり</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>flowing</source>
        <translation>配信中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>コンシューマー</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>フロー</translation>
    </message>
    <message>
        <source>Unacknowledged messages the whole channel may hold (basic.qos, global)</source>
        <translation>チャネル全体で保持できる未確認メッセージ数 (basic.qos、global)</translation>
    </message>
    <message>
        <source>Default limit for each new consumer on the channel (basic.qos)</source>
        <translation>このチャネルで新しく作られるコンシューマーごとの既定の上限 (basic.qos)</translation>
    </message>
    <message>
        <source>Publisher confirms (confirm.select)</source>
        <translation>パブリッシャー確認 (confirm.select)</translation>
    </message>
    <message>
        <source>Whether Depot delivers to the channel (channel.flow)</source>
        <translation>Depot がこのチャネルに配信しているか (channel.flow)</translation>
    </message>
    <message>
        <source>Prefetch</source>
        <translation>プリフェッチ</translation>
    </message>
    <message>
        <source>Consumer prefetch</source>
        <translation>コンシューマー別プリフェッチ</translation>
    </message>
    <message>
        <source>Confirms</source>
        <translation>確認</translation>
    </message>
</context>
<context>
    <name>depot::ui::ChartsView</name>
    <message>
        <source>Window:</source>
        <translation>期間:</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 分</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>毎秒のメッセージ数</translation>
    </message>
    <message>
        <source>published</source>
        <translation>発行</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>配信</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>確認済み</translation>
    </message>
    <message>
        <source>redelivered</source>
        <translation>再配信</translation>
    </message>
    <message>
        <source>dead-lettered</source>
        <translation>デッドレター化</translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation>キューの深さ</translation>
    </message>
    <message>
        <source>ready + unacked</source>
        <translation>待機中 + 未確認</translation>
    </message>
    <message>
        <source>Queue depth (select a queue)</source>
        <translation>キューの深さ (キューを選択してください)</translation>
    </message>
    <message>
        <source>Depth of %1</source>
        <translation>%1 の深さ</translation>
    </message>
</context>
<context>
    <name>depot::ui::CompareDialog</name>
    <message>
        <source>Differs</source>
        <translation>異なる</translation>
    </message>
    <message>
        <source>Only in the left message</source>
        <translation>左のメッセージにのみあり</translation>
    </message>
    <message>
        <source>Only in the right message</source>
        <translation>右のメッセージにのみあり</translation>
    </message>
    <message>
        <source>Compare messages</source>
        <translation>メッセージを比較</translation>
    </message>
    <message>
        <source>bodies compared as JSON</source>
        <translation>本文を JSON として比較</translation>
    </message>
    <message>
        <source>bodies compared as text</source>
        <translation>本文をテキストとして比較</translation>
    </message>
    <message>
        <source>bodies compared as hex</source>
        <translation>本文を 16 進数で比較</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;Right:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;左:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;右:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>The messages are identical (%1).</source>
        <translation>メッセージは同一です (%1)。</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) (%1).</source>
        <translation>
            <numerusform>%n 件の違い (%1)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Show only differences</source>
        <translation>違いのみ表示</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>左</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>右</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>プロパティ</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Left body</source>
        <translation>左の本文</translation>
    </message>
    <message>
        <source>Right body</source>
        <translation>右の本文</translation>
    </message>
</context>
<context>
    <name>depot::ui::ConnectionsPanel</name>
    <message>
        <source>&lt;b&gt;Channels&lt;/b&gt;</source>
        <translation>&lt;b&gt;チャネル&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>depot::ui::ConsumerListModel</name>
    <message>
        <source>%1
connected %2</source>
        <translation>%1
接続日時 %2</translation>
    </message>
    <message>
        <source>(inside Depot)</source>
        <translation>(Depot 内部)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(no consumers)</source>
        <translation>(コンシューマーなし)</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>active</source>
        <translation>アクティブ</translation>
    </message>
    <message>
        <source>waiting (single active consumer)</source>
        <translation>待機中 (シングルアクティブコンシューマー)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>コンシューマー</translation>
    </message>
    <message>
        <source>Prefetch</source>
        <translation>プリフェッチ</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>RabbitMQ counts unacknowledged messages per channel, not per consumer: see the consumer&apos;s channel below</source>
        <translation>RabbitMQ は未確認メッセージをコンシューマーごとではなくチャネルごとに数えます。下のコンシューマーのチャネルを参照してください</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手動</translation>
    </message>
    <message>
        <source>per channel</source>
        <translation>チャネル単位</translation>
    </message>
    <message>
        <source>Manual: the consumer acknowledges each message (basic.ack); automatic: a delivery counts as acknowledged when it is sent (no-ack)</source>
        <translation>手動: コンシューマーが各メッセージを確認応答します (basic.ack)。自動: 配信は送信した時点で確認応答済みとみなされます (no-ack)</translation>
    </message>
    <message>
        <source>Acks</source>
        <translation>確認応答</translation>
    </message>
</context>
<context>
    <name>depot::ui::CopyAsCommand</name>
    <message>
        <source>an 8-bit integer</source>
        <translation>8 ビット整数</translation>
    </message>
    <message>
        <source>an unsigned 8-bit integer</source>
        <translation>符号なし 8 ビット整数</translation>
    </message>
    <message>
        <source>a 16-bit integer</source>
        <translation>16 ビット整数</translation>
    </message>
    <message>
        <source>an unsigned 16-bit integer</source>
        <translation>符号なし 16 ビット整数</translation>
    </message>
    <message>
        <source>a 32-bit integer</source>
        <translation>32 ビット整数</translation>
    </message>
    <message>
        <source>an unsigned 32-bit integer</source>
        <translation>符号なし 32 ビット整数</translation>
    </message>
    <message>
        <source>a 64-bit integer</source>
        <translation>64 ビット整数</translation>
    </message>
    <message>
        <source>a float</source>
        <translation>float</translation>
    </message>
    <message>
        <source>a double</source>
        <translation>double</translation>
    </message>
    <message>
        <source>a decimal</source>
        <translation>decimal</translation>
    </message>
    <message>
        <source>a byte array</source>
        <translation>バイト配列</translation>
    </message>
    <message>
        <source>a timestamp</source>
        <translation>タイムスタンプ</translation>
    </message>
    <message>
        <source>a string that is not UTF-8</source>
        <translation>UTF-8 でない文字列</translation>
    </message>
    <message>
        <source>header &apos;%1&apos; is a decimal with trailing zeros (%2 at scale %3), which pika drops</source>
        <translation>ヘッダー &apos;%1&apos; は末尾にゼロのある decimal (%2、スケール %3) で、pika はそのゼロを落とします</translation>
    </message>
    <message>
        <source>header &apos;%1&apos; is %2, which pika cannot send: it sends whole numbers as 32- or 64-bit integers and has no float or double</source>
        <translation>ヘッダー &apos;%1&apos; は %2 で、pika は送れません: pika は整数を 32 ビットか 64 ビット整数として送り、float も double も扱いません</translation>
    </message>
    <message>
        <source>curl (Depot HTTP API)</source>
        <translation>curl (Depot HTTP API)</translation>
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
        <translation>pika ではこのメッセージを正確に再発行できません: %1。</translation>
    </message>
    <message>
        <source>amqp-publish sets only the content type, content encoding, reply-to, the delivery mode and text headers</source>
        <translation>amqp-publish が設定できるのはコンテンツタイプ、コンテンツエンコーディング、reply-to、配信モード、テキストのヘッダーだけです</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it has %1 (%2).</source>
        <translation>amqp-publish ではこのメッセージを正確に再発行できません: %1 があります (%2)。</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it always sets a delivery mode, and this message has none.</source>
        <translation>amqp-publish ではこのメッセージを正確に再発行できません: amqp-publish は常に配信モードを設定しますが、このメッセージにはありません。</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it has an empty header table, which amqp-publish cannot send.</source>
        <translation>amqp-publish ではこのメッセージを正確に再発行できません: 空のヘッダーテーブルがあり、amqp-publish はそれを送れません。</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: header &apos;%1&apos; is not text (%2).</source>
        <translation>amqp-publish ではこのメッセージを正確に再発行できません: ヘッダー &apos;%1&apos; がテキストではありません (%2)。</translation>
    </message>
    <message>
        <source>amqp-publish cannot republish this message exactly: it cannot send header &apos;%1&apos; as it is (a &apos;:&apos; in its name, or a value starting with a space).</source>
        <translation>amqp-publish ではこのメッセージを正確に再発行できません: ヘッダー &apos;%1&apos; をそのまま送れません (名前に &apos;:&apos; がある、または値が空白で始まる)。</translation>
    </message>
    <message>
        <source>Depot&apos;s HTTP API is off (--http-port 0): a curl command would have nowhere to go.</source>
        <translation>Depot の HTTP API は無効です (--http-port 0): curl コマンドの送り先がありません。</translation>
    </message>
    <message>
        <source>Depot&apos;s AMQP listener is off (--amqp-port 0): %1 would have nowhere to connect.</source>
        <translation>Depot の AMQP リスナーは無効です (--amqp-port 0): %1 の接続先がありません。</translation>
    </message>
</context>
<context>
    <name>depot::ui::CreateTopicDialog</name>
    <message>
        <source>Create topic</source>
        <translation>トピックを作成</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>orders</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>パーティション数(&amp;P):</translation>
    </message>
    <message>
        <source>Name the topic.</source>
        <translation>トピック名を入力してください。</translation>
    </message>
    <message>
        <source>A topic named %1 exists already.</source>
        <translation>%1 という名前のトピックは既にあります。</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExchangeDialog</name>
    <message>
        <source>Create exchange</source>
        <translation>エクスチェンジを作成</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
    <message>
        <source>e.g. shop</source>
        <translation>例: shop</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>direct: the binding key equals the routing key</source>
        <translation>direct: バインディングキーがルーティングキーと一致</translation>
    </message>
    <message>
        <source>fanout: every binding, the key ignored</source>
        <translation>fanout: すべてのバインディング (キーは無視)</translation>
    </message>
    <message>
        <source>topic: key patterns with * and #</source>
        <translation>topic: * と # を使うキーのパターン</translation>
    </message>
    <message>
        <source>headers: message headers, the key ignored</source>
        <translation>headers: メッセージのヘッダー (キーは無視)</translation>
    </message>
    <message>
        <source>x-delayed-message: held for its x-delay, then routed</source>
        <translation>x-delayed-message: x-delay の間保持してからルーティング</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>種類(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Routes as:</source>
        <translation>ルーティング方式(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Durable (survives a restart)</source>
        <translation>永続(&amp;D) (再起動後も残る)</translation>
    </message>
    <message>
        <source>&amp;Auto-delete (goes when its last binding goes)</source>
        <translation>自動削除(&amp;A) (最後のバインディングとともに削除)</translation>
    </message>
    <message>
        <source>&amp;Internal (clients cannot publish to it; only other exchanges)</source>
        <translation>内部(&amp;I) (クライアントは発行できず、他のエクスチェンジのみ)</translation>
    </message>
    <message>
        <source>none: unroutable messages are dropped</source>
        <translation>なし: ルーティングできないメッセージは破棄</translation>
    </message>
    <message>
        <source>Where messages go that no binding of this exchange takes (alternate-exchange)</source>
        <translation>このエクスチェンジのどのバインディングにも一致しないメッセージの行き先 (alternate-exchange)</translation>
    </message>
    <message>
        <source>A&amp;lternate exchange:</source>
        <translation>代替エクスチェンジ(&amp;L):</translation>
    </message>
    <message>
        <source>Give the exchange a name.</source>
        <translation>エクスチェンジに名前を付けてください。</translation>
    </message>
    <message>
        <source>An exchange named %1 already exists.</source>
        <translation>%1 という名前のエクスチェンジは既に存在します。</translation>
    </message>
    <message>
        <source>An exchange cannot be its own alternate exchange.</source>
        <translation>エクスチェンジを自身の代替エクスチェンジにはできません。</translation>
    </message>
    <message>
        <source>The alternate exchange&apos;s name is longer than 255 bytes.</source>
        <translation>代替エクスチェンジの名前が 255 バイトを超えています。</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExchangeTreeModel</name>
    <message>
        <source>(any value)</source>
        <translation>(任意の値)</translation>
    </message>
    <message>
        <source>The default exchange routes a message to the queue its routing key names. It has no bindings to list, and cannot be changed or deleted.</source>
        <translation>デフォルトエクスチェンジは、ルーティングキーが名前を示すキューへメッセージを送ります。一覧にするバインディングはなく、変更も削除もできません。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln binding(s)</source>
        <translation>
            <numerusform>%1: %Ln 個のバインディング</numerusform>
        </translation>
    </message>
    <message>
        <source>Set by policy: %1</source>
        <translation>ポリシーによる設定: %1</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(デフォルト)</translation>
    </message>
    <message>
        <source>%1, routes as %2</source>
        <translation>%1 (%2 としてルーティング)</translation>
    </message>
    <message>
        <source>durable</source>
        <translation>永続</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>一時</translation>
    </message>
    <message>
        <source>auto-delete</source>
        <translation>自動削除</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>alternate exchange %1</source>
        <translation>代替エクスチェンジ %1</translation>
    </message>
    <message>
        <source>operator policy %1</source>
        <translation>オペレーターポリシー %1</translation>
    </message>
    <message>
        <source>Messages from %1 that match go to the queue %2.</source>
        <translation>%1 からの一致するメッセージはキュー %2 へ送られます。</translation>
    </message>
    <message>
        <source>Messages from %1 that match go on to the exchange %2.</source>
        <translation>%1 からの一致するメッセージはエクスチェンジ %2 へ転送されます。</translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>キュー %1</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>エクスチェンジ %1</translation>
    </message>
    <message>
        <source>Exchange / bound to</source>
        <translation>エクスチェンジ / バインド先</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特性</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>ポリシー</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>ルーティングキー</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
</context>
<context>
    <name>depot::ui::ExportJob</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>Export cancelled; %1 was removed.</source>
        <translation>エクスポートを取り消しました。%1 は削除されました。</translation>
    </message>
    <message>
        <source>%1 %2 was removed.</source>
        <translation>%1 %2 は削除されました。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s) from %1 to %2.</source>
        <translation>
            <numerusform>%1 から %n 件のメッセージを %2 にエクスポートしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running; %1 was removed.</source>
        <translation>Depot が動作していません。%1 は削除されました。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) from topic %1 to %2.</source>
        <translation>
            <numerusform>トピック %1 から %n 件のレコードを %2 にエクスポートしました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::FormDialog</name>
    <message>
        <source>The name is longer than 255 bytes.</source>
        <translation>名前が 255 バイトを超えています。</translation>
    </message>
    <message>
        <source>Names starting with “amq.” are reserved for the broker.</source>
        <translation>「amq.」で始まる名前はブローカー用に予約されています。</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>作成中…</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupListModel</name>
    <message>
        <source>Group</source>
        <translation>グループ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>ラグ</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupMemberModel</name>
    <message>
        <source>Client id</source>
        <translation>クライアント ID</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>割り当てられたパーティション</translation>
    </message>
    <message>
        <source>Instance id</source>
        <translation>インスタンス ID</translation>
    </message>
    <message>
        <source>Member id</source>
        <translation>メンバー ID</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupOffsetModel</name>
    <message>
        <source>Metadata: %1</source>
        <translation>メタデータ: %1</translation>
    </message>
    <message>
        <source>no commit</source>
        <translation>コミットなし</translation>
    </message>
    <message>
        <source>Assigned to a member, with no offset committed yet: the lag counts every record from the log start (%1) to the log end</source>
        <translation>メンバーに割り当て済みで、まだオフセットがコミットされていません。ラグはログの先頭 (%1) からログの末尾までのすべてのレコードを数えます</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>コミット済み</translation>
    </message>
    <message>
        <source>Log end</source>
        <translation>ログ末尾</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>ラグ</translation>
    </message>
</context>
<context>
    <name>depot::ui::GroupsPanel</name>
    <message>
        <source>Reset offsets…</source>
        <translation>オフセットをリセット…</translation>
    </message>
    <message>
        <source>Delete group…</source>
        <translation>グループを削除…</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <source>Committed offsets and lag</source>
        <translation>コミット済みオフセットとラグ</translation>
    </message>
    <message>
        <source>Select a group to see its members, committed offsets and lag.</source>
        <translation>グループを選択すると、メンバー、コミット済みオフセット、ラグが表示されます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · generation %3 · protocol %4 · total lag %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · 世代 %3 · プロトコル %4 · ラグ合計 %5</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Select a group first</source>
        <translation>先にグループを選択してください</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n member(s): Kafka changes a group&apos;s offsets or deletes it only while it has no members. Stop its consumers first.</source>
        <translation>
            <numerusform>%1 には %n 人のメンバーがいます。Kafka はメンバーのいないグループでのみオフセットの変更や削除を行います。先にコンシューマーを停止してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>The group has committed no offsets</source>
        <translation>このグループはオフセットをコミットしていません</translation>
    </message>
    <message>
        <source>Move the group&apos;s committed offsets</source>
        <translation>グループのコミット済みオフセットを移動します</translation>
    </message>
    <message>
        <source>Delete the group with its committed offsets</source>
        <translation>グループをコミット済みオフセットとともに削除します</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot が拒否しました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Reset %n offset(s) of %1.</source>
        <translation>
            <numerusform>%1 のオフセットを %n 件リセットしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot が動作していません。</translation>
    </message>
    <message numerus="yes">
        <source>Delete the consumer group %1 with its %n committed offset(s)?</source>
        <translation>
            <numerusform>コンシューマーグループ %1 をコミット済みオフセット %n 件とともに削除しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted the consumer group %1.</source>
        <translation>コンシューマーグループ %1 を削除しました。</translation>
    </message>
    <message>
        <source>Could not delete the consumer group %1: %2</source>
        <translation>コンシューマーグループ %1 を削除できませんでした: %2</translation>
    </message>
</context>
<context>
    <name>depot::ui::ImportJob</name>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 を読み込めませんでした: %2</translation>
    </message>
    <message>
        <source>%1 cannot be imported, nothing was: %2</source>
        <translation>%1 はインポートできません。何もインポートされていません: %2</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>インポートを取り消しました。</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot が動作していません。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %1 of %n message(s) into %2.</source>
        <translation>
            <numerusform>%n 件中 %1 件のメッセージを %2 にインポートしました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… ほか %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n message(s): %1.</source>
        <translation>
            <numerusform>%n 件のメッセージをスキップしました: %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>停止しました: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::JsonTreeModel</name>
    <message>
        <source>(array)</source>
        <translation>(配列)</translation>
    </message>
    <message>
        <source>(object)</source>
        <translation>(オブジェクト)</translation>
    </message>
    <message>
        <source>Not JSON: %1 at offset %2</source>
        <translation>JSON ではありません: 位置 %2 で %1</translation>
    </message>
    <message numerus="yes">
        <source>{%Ln key(s)}</source>
        <translation>
            <numerusform>{%Ln 個のキー}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln 個の要素]</numerusform>
        </translation>
    </message>
    <message>
        <source>object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <source>array</source>
        <translation>配列</translation>
    </message>
    <message>
        <source>string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>真偽値</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
</context>
<context>
    <name>depot::ui::MainWindow</name>
    <message>
        <source>&amp;Find a Gone Message…</source>
        <translation>消えたメッセージを探す(&amp;F)…</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Run &amp;demo traffic</source>
        <translation>デモトラフィックを実行(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>検索(&amp;F)…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>更新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quick start</source>
        <translation>クイックスタート(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Depot</source>
        <translation>Depot について(&amp;A)</translation>
    </message>
    <message>
        <source>About Depot</source>
        <translation>Depot について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Depot %1&lt;/h3&gt;&lt;p&gt;A desktop message broker you can see into.&lt;/p&gt;&lt;p&gt;AMQP 0-9-1 compatible with RabbitMQ clients.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Depot %1&lt;/h3&gt;&lt;p&gt;中身が見えるデスクトップ用メッセージブローカー。&lt;/p&gt;&lt;p&gt;AMQP 0-9-1 対応、RabbitMQ のクライアントがそのまま使えます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>メッセージ(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>テーマ(&amp;T)</translation>
    </message>
    <message>
        <source>Follow &amp;system</source>
        <translation>システムに従う(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>ライト(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>ダーク(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Exchanges</source>
        <translation>エクスチェンジ(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>チャート(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>メイン</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>エクスチェンジ</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>チャート</translation>
    </message>
    <message>
        <source>Quick start</source>
        <translation>クイックスタート</translation>
    </message>
    <message>
        <source>Show Depot</source>
        <translation>Depot を表示</translation>
    </message>
    <message>
        <source>Demo traffic running: watch orders, payments and their dead letters.</source>
        <translation>デモトラフィック実行中: 注文、支払い、そのデッドレターをご覧ください。</translation>
    </message>
    <message>
        <source>Demo traffic stopped; its queues and messages stay.</source>
        <translation>デモトラフィックを停止しました。キューとメッセージは残ります。</translation>
    </message>
    <message>
        <source>Stop &amp;demo traffic</source>
        <translation>デモトラフィックを停止(&amp;D)</translation>
    </message>
    <message>
        <source>Stop the built-in producers and consumers</source>
        <translation>組み込みのプロデューサーとコンシューマーを停止します</translation>
    </message>
    <message>
        <source>Run built-in producers and consumers, some of which fail</source>
        <translation>組み込みのプロデューサーとコンシューマーを実行します (一部は失敗します)</translation>
    </message>
    <message>
        <source>Depot — not running</source>
        <translation>Depot — 停止中</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message numerus="yes">
        <source>Depot — %Ln queue(s): </source>
        <translation>
            <numerusform>Depot — %Ln 個のキュー: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 ready, %2 unacked, %Ln dead letter(s)</source>
        <translation>
            <numerusform>準備完了 %1、未確認 %2、デッドレター %Ln 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Search &amp;all queues…</source>
        <translation>すべてのキューを検索(&amp;A)…</translation>
    </message>
    <message>
        <source>Next &amp;pane</source>
        <translation>次のペイン(&amp;P)</translation>
    </message>
    <message>
        <source>Pre&amp;vious pane</source>
        <translation>前のペイン(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation>トピック(&amp;T)</translation>
    </message>
    <message>
        <source>Consumer &amp;groups</source>
        <translation>コンシューマーグループ(&amp;G)</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>コンシューマーグループ</translation>
    </message>
    <message>
        <source>&amp;Query messages…</source>
        <translation>メッセージを照会(&amp;Q)…</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>クエリ(&amp;Q)</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>クエリ</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageActions</name>
    <message>
        <source>&amp;Publish message…</source>
        <translation>メッセージを発行(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Copy message body</source>
        <translation>メッセージ本文をコピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save message body…</source>
        <translation>メッセージ本文を保存(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Replay selected dead letters</source>
        <translation>選択したデッドレターを再送(&amp;R)</translation>
    </message>
    <message>
        <source>Replay &amp;all dead letters in this queue…</source>
        <translation>このキューのデッドレターをすべて再送(&amp;A)…</translation>
    </message>
    <message>
        <source>Replay dead letters &amp;matching the filter…</source>
        <translation>フィルターに一致するデッドレターを再送(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Move to queue…</source>
        <translation>キューへ移動(&amp;M)…</translation>
    </message>
    <message>
        <source>C&amp;opy to queue…</source>
        <translation>キューへコピー(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Delete selected messages…</source>
        <translation>選択したメッセージを削除(&amp;D)…</translation>
    </message>
    <message>
        <source>P&amp;urge queue…</source>
        <translation>キューを空にする(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Edit and resend…</source>
        <translation>編集して再送信(&amp;E)…</translation>
    </message>
    <message>
        <source>C&amp;lose connection…</source>
        <translation>接続を閉じる(&amp;L)…</translation>
    </message>
    <message>
        <source>Replaying</source>
        <translation>再送中</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Close connection</source>
        <translation>接続を閉じる</translation>
    </message>
    <message>
        <source>Stop the demo traffic (%1)?</source>
        <translation>デモトラフィック (%1) を停止しますか?</translation>
    </message>
    <message>
        <source>Close the connection %1? The client is told CONNECTION_FORCED (320); its unacknowledged messages go back to their queues, and it may reconnect.</source>
        <translation>接続 %1 を閉じますか? クライアントには CONNECTION_FORCED (320) が通知され、未確認のメッセージはキューに戻ります。クライアントは再接続できます。</translation>
    </message>
    <message>
        <source>Closed the connection %1.</source>
        <translation>接続 %1 を閉じました。</translation>
    </message>
    <message>
        <source>The connection %1 had already gone.</source>
        <translation>接続 %1 はすでに切断されていました。</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>送信先:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected message(s)</source>
        <translation>
            <numerusform>選択した %Ln 件のメッセージ</numerusform>
        </translation>
    </message>
    <message>
        <source>the messages in %1 matching “%2”</source>
        <translation>%1 の「%2」に一致するメッセージ</translation>
    </message>
    <message>
        <source>Replay dead letters</source>
        <translation>デッドレターを再送</translation>
    </message>
    <message>
        <source>the queues they came from</source>
        <translation>元のキュー</translation>
    </message>
    <message>
        <source>Move %1 to %2?</source>
        <translation>%1 を %2 へ移動しますか?</translation>
    </message>
    <message>
        <source>Move messages</source>
        <translation>メッセージを移動</translation>
    </message>
    <message>
        <source>Copy messages</source>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>the messages matching “%1”</source>
        <translation>「%1」に一致するメッセージ</translation>
    </message>
    <message>
        <source>every ready message</source>
        <translation>待機中のすべてのメッセージ</translation>
    </message>
    <message>
        <source>Move %1 from %2 to %3?</source>
        <translation>%1 を %2 から %3 へ移動しますか?</translation>
    </message>
    <message>
        <source>Copy %1 from %2 to %3?</source>
        <translation>%1 を %2 から %3 へコピーしますか?</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>移動中</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>コピー中</translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>メッセージを削除</translation>
    </message>
    <message>
        <source>Purge queue</source>
        <translation>キューを空にする</translation>
    </message>
    <message>
        <source>Publish message</source>
        <translation>メッセージを発行</translation>
    </message>
    <message numerus="yes">
        <source>Published %Ln message(s).</source>
        <translation>
            <numerusform>%Ln 件のメッセージを発行しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s).</source>
        <translation>
            <numerusform>%Ln 件のメッセージを送信しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>編集して再送信</translation>
    </message>
    <message>
        <source>%1

The original stays in %2.</source>
        <translation>%1

元のメッセージは %2 に残ります。</translation>
    </message>
    <message>
        <source>%1 The original could not be removed from %2: %3</source>
        <translation>%1 元のメッセージを %2 から削除できませんでした: %3</translation>
    </message>
    <message>
        <source>%1 The original had already left %2 (consumed, moved or expired), so nothing was removed.</source>
        <translation>%1 元のメッセージはすでに %2 にありません（消費、移動、または期限切れ）。何も削除されていません。</translation>
    </message>
    <message>
        <source>%1 Removed the original from %2.</source>
        <translation>%1 元のメッセージを %2 から削除しました。</translation>
    </message>
    <message numerus="yes">
        <source>all %1 message(s) in %2</source>
        <translation>
            <numerusform>%2 の全 %1 件のメッセージ</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>拒否されました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln message(s), then stopped. </source>
        <translation>
            <numerusform>%Ln 件送信して停止しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
    <message>
        <source>&amp;Go to message…</source>
        <translation>メッセージへ移動(&amp;G)…</translation>
    </message>
    <message>
        <source>Select dead letters to replay them to the queues they came from</source>
        <translation>デッドレターを選択すると元のキューへ再送できます</translation>
    </message>
    <message>
        <source>The selected messages never died: they have no queue to go back to. Use Move to send them to another queue.</source>
        <translation>選択したメッセージはデッドレターではないため、戻るキューがありません。別のキューへ送るには「移動」を使ってください。</translation>
    </message>
    <message>
        <source>Wait for the running transfer to finish</source>
        <translation>実行中の転送が終わるまでお待ちください</translation>
    </message>
    <message>
        <source>Replay the selected dead letters to the queues they came from (%1)</source>
        <translation>選択したデッドレターを元のキューへ再送 (%1)</translation>
    </message>
    <message>
        <source>Go to message</source>
        <translation>メッセージへ移動</translation>
    </message>
    <message>
        <source>#N for the N-th message listed, or a message id:</source>
        <translation>#N で N 番目のメッセージ、またはメッセージ ID:</translation>
    </message>
    <message numerus="yes">
        <source>%1 expires messages after %2 s</source>
        <translation>
            <numerusform>%1 はメッセージを %2 秒で期限切れにします</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Warning: %1, less than the age of %Ln replayed message(s) (up to %2 s): unless consumed in time they will expire and be dead-lettered again.</source>
        <translation>
            <numerusform>警告: %1。再送した %Ln 件のメッセージの経過時間 (最大 %2 秒) より短いため、時間内に消費されなければ再び期限切れになりデッドレターになります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy queue &amp;name</source>
        <translation>キュー名をコピー(&amp;N)</translation>
    </message>
    <message>
        <source>The queue each message came from (its dead-letter history)</source>
        <translation>各メッセージの元のキュー(デッドレター履歴による)</translation>
    </message>
    <message>
        <source>De&amp;lete queue…</source>
        <translation>キューを削除(&amp;L)…</translation>
    </message>
    <message>
        <source>Create &amp;queue…</source>
        <translation>キューを作成(&amp;Q)…</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot が拒否しました: %1</translation>
    </message>
    <message>
        <source>Created the queue %1.</source>
        <translation>キュー %1 を作成しました。</translation>
    </message>
    <message numerus="yes">
        <source>Delete the queue %1 and the %2 message(s) in it? This cannot be undone.</source>
        <translation>
            <numerusform>キュー %1 とその中の %2 件のメッセージを削除しますか? 元に戻せません。</numerusform>
        </translation>
    </message>
    <message>
        <source>It is the dead-letter queue of %1: their dead letters will have nowhere to go.</source>
        <translation>これは %1 のデッドレターキューです: そのデッドレターの行き先がなくなります。</translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln consumer(s) will be cancelled.</source>
        <translation>
            <numerusform>%Ln 個のコンシューマーはキャンセルされます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete queue</source>
        <translation>キューを削除</translation>
    </message>
    <message numerus="yes">
        <source>Deleted the queue %1 with %Ln message(s).</source>
        <translation>
            <numerusform>キュー %1 を %Ln 件のメッセージとともに削除しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Pause delivery</source>
        <translation>配信を一時停止(&amp;P)</translation>
    </message>
    <message>
        <source>Resume &amp;delivery</source>
        <translation>配信を再開(&amp;D)</translation>
    </message>
    <message>
        <source>Deliver this queue&apos;s messages to its consumers again</source>
        <translation>このキューのメッセージをコンシューマーへの配信を再開します</translation>
    </message>
    <message>
        <source>Stop delivering this queue&apos;s messages: publishing goes on, consumers stay connected and get nothing until it is resumed</source>
        <translation>このキューのメッセージ配信を止めます。発行は続き、コンシューマーは接続したまま、再開されるまで何も受け取りません</translation>
    </message>
    <message>
        <source>Delivery from %1 paused: publishing goes on, consumers get nothing until it is resumed.</source>
        <translation>%1 からの配信を一時停止しました。発行は続き、再開されるまでコンシューマーは何も受け取りません。</translation>
    </message>
    <message>
        <source>Delivery from %1 resumed.</source>
        <translation>%1 からの配信を再開しました。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln message(s) from %1? Undo (%2) brings them back within %3 seconds.</source>
        <translation>
            <numerusform>%1 から %Ln 件のメッセージを削除しますか？ 元に戻す (%2) で %3 秒以内なら戻せます。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the selected messages were unacknowledged or already gone.</source>
        <translation>
            <numerusform>選択したメッセージのうち %Ln 件は未確認か、すでにありませんでした。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put %1 message(s) back into %2.</source>
        <translation>
            <numerusform>%1 件のメッセージを %2 に戻しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove all %1 ready message(s) from %2? Undo (%3) brings them back within %4 seconds; after that they are gone.</source>
        <translation>
            <numerusform>%2 の準備済みメッセージ %1 件をすべて削除しますか？ 元に戻す (%3) で %4 秒以内なら戻せます。その後は完全に削除されます。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageBrowser</name>
    <message>
        <source>Filter messages by body and headers, Enter to search</source>
        <translation>本文とヘッダーでメッセージを絞り込む (Enter で検索)</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正規表現</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>大文字と小文字を区別</translation>
    </message>
    <message>
        <source>%p% scanned</source>
        <translation>%p% 検索済み</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>This message has left the queue (consumed, moved or expired).</source>
        <translation>このメッセージはキューにありません (消費・移動・期限切れ)。</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>無効な正規表現: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln 件のメッセージ</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (deleted)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (削除済み)</translation>
    </message>
    <message>
        <source> · dead letters of %1</source>
        <translation> · %1 のデッドレター</translation>
    </message>
    <message>
        <source> · dead letters go to %1</source>
        <translation> · デッドレターの送り先: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln 件一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>first %Ln match(es)</source>
        <translation>
            <numerusform>最初の %Ln 件一致</numerusform>
        </translation>
    </message>
    <message>
        <source>Type #N for the N-th message listed, or a message id.</source>
        <translation>#N で N 番目のメッセージ、またはメッセージ ID を入力してください。</translation>
    </message>
    <message numerus="yes">
        <source>%1 lists %Ln message(s).</source>
        <translation>
            <numerusform>%1 には %Ln 件のメッセージがあります。</numerusform>
        </translation>
    </message>
    <message>
        <source>No message %1 in %2.</source>
        <translation>%2 にメッセージ %1 はありません。</translation>
    </message>
    <message>
        <source>Message %1 does not match the filter.</source>
        <translation>メッセージ %1 はフィルターに一致しません。</translation>
    </message>
    <message>
        <source>Waiting to be retried</source>
        <translation>再試行待ち</translation>
    </message>
    <message>
        <source>Only messages waiting for their next attempt (x-retry-delays)</source>
        <translation>次の試行を待っているメッセージのみ (x-retry-delays)</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageComparison</name>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… 残り %Ln バイトは表示していません</numerusform>
        </translation>
    </message>
    <message>
        <source>… bodies longer than %1 bytes: the rest is not compared</source>
        <translation>… %1 バイトを超える本文: 残りは比較していません</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageDataActions</name>
    <message numerus="yes">
        <source>Exported %Ln record(s) to %1, one file per topic.</source>
        <translation>
            <numerusform>%Ln 件のレコードを %1 へエクスポートしました (トピックごとに 1 ファイル)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export to a folder (one file per topic)</source>
        <translation>フォルダーへエクスポート (トピックごとに 1 ファイル)</translation>
    </message>
    <message>
        <source>Export to a folder (one file per queue)</source>
        <translation>フォルダーへエクスポート (キューごとに 1 ファイル)</translation>
    </message>
    <message>
        <source>Nothing was exported: %1 already holds %2.</source>
        <translation>何もエクスポートしませんでした: %1 には既に %2 があります。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln message(s) to %1, one file per queue.</source>
        <translation>
            <numerusform>%Ln 件のメッセージを %1 へエクスポートしました (キューごとに 1 ファイル)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting %1 (%2 of %3)…</source>
        <translation>%1 をエクスポート中 (%3 件中 %2 件目)…</translation>
    </message>
    <message>
        <source>%1 The files written before it are complete.</source>
        <translation>%1 それより前に書き込んだファイルは完全です。</translation>
    </message>
    <message>
        <source>#%1 in %2</source>
        <translation>%2 の #%1</translation>
    </message>
    <message>
        <source>Import messages</source>
        <translation>メッセージをインポート</translation>
    </message>
    <message>
        <source>Import the messages of %1 into queue %2.</source>
        <translation>%1 のメッセージをキュー %2 にインポートします。</translation>
    </message>
    <message>
        <source>Keep message ids (else each gets a new one)</source>
        <translation>メッセージ ID を保持 (しない場合はそれぞれ新しい ID)</translation>
    </message>
    <message>
        <source>Keep timestamps (else each is stamped now)</source>
        <translation>タイムスタンプを保持 (しない場合は現在時刻)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>インポート</translation>
    </message>
    <message>
        <source>Copy &amp;as</source>
        <translation>形式を指定してコピー(&amp;A)</translation>
    </message>
    <message>
        <source>A command that publishes this message again, exactly</source>
        <translation>このメッセージをそのまま再発行するコマンド</translation>
    </message>
    <message>
        <source>Co&amp;mpare messages</source>
        <translation>メッセージを比較(&amp;M)</translation>
    </message>
    <message>
        <source>Compare &amp;with…</source>
        <translation>比較対象に指定(&amp;W)…</translation>
    </message>
    <message>
        <source>E&amp;xport selected messages…</source>
        <translation>選択したメッセージをエクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Export &amp;queue…</source>
        <translation>キューをエクスポート(&amp;Q)…</translation>
    </message>
    <message>
        <source>&amp;Import messages…</source>
        <translation>メッセージをインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>Keep this message to compare it with another one, in this queue or any other</source>
        <translation>このメッセージを保持して、このキューまたは別のキューのメッセージと比較します</translation>
    </message>
    <message>
        <source>Copy as</source>
        <translation>形式を指定してコピー</translation>
    </message>
    <message>
        <source>Co&amp;mpare with %1</source>
        <translation>%1 と比較(&amp;M)</translation>
    </message>
    <message>
        <source>No message is selected.</source>
        <translation>メッセージが選択されていません。</translation>
    </message>
    <message>
        <source>Copy as %1</source>
        <translation>%1 としてコピー</translation>
    </message>
    <message>
        <source>Copied %1 for message %2.</source>
        <translation>メッセージ %2 の %1 をコピーしました。</translation>
    </message>
    <message>
        <source>Kept %1 for comparison: select another message, in any queue, and choose Compare.</source>
        <translation>%1 を比較用に保持しました: 任意のキューで別のメッセージを選び、比較を選んでください。</translation>
    </message>
    <message>
        <source>One of the two messages has left %1 meanwhile.</source>
        <translation>2 つのメッセージのうち 1 つは既に %1 から出ています。</translation>
    </message>
    <message>
        <source>Depot exports (*.depot.jsonl *.jsonl);;All files (*)</source>
        <translation>Depot エクスポート (*.depot.jsonl *.jsonl);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Export messages</source>
        <translation>メッセージをエクスポート</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 をエクスポート中…</translation>
    </message>
    <message>
        <source>Importing into %1…</source>
        <translation>%1 にインポート中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Another export or import is running: wait for it, or cancel it.</source>
        <translation>別のエクスポートまたはインポートが実行中です: 終わるのを待つか、キャンセルしてください。</translation>
    </message>
    <message>
        <source>Export records</source>
        <translation>レコードをエクスポート</translation>
    </message>
    <message>
        <source>Exporting what the query matches in %1…</source>
        <translation>%1 でクエリに一致するものをエクスポート中…</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s) of %1…</source>
        <translation>
            <numerusform>%1 の %n 件のレコードをエクスポート中…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageInspector</name>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Loading the story of message %1…</source>
        <translation>メッセージ %1 の履歴を読み込み中…</translation>
    </message>
    <message>
        <source>Depot records no message stories (it runs with --history off).</source>
        <translation>Depot はメッセージの履歴を記録していません（--history off で実行中）。</translation>
    </message>
    <message>
        <source>No story is kept for message %1 (it came before history was recorded).</source>
        <translation>メッセージ %1 の履歴はありません（履歴の記録前に届きました）。</translation>
    </message>
    <message>
        <source>a consumer rejected it without requeueing</source>
        <translation>コンシューマーが再キューせずに拒否しました</translation>
    </message>
    <message>
        <source>its time to live ran out</source>
        <translation>有効期限 (TTL) が切れました</translation>
    </message>
    <message>
        <source>the queue was full</source>
        <translation>キューが満杯でした</translation>
    </message>
    <message>
        <source>it was delivered more often than the queue allows</source>
        <translation>キューの許容回数を超えて配信されました</translation>
    </message>
    <message numerus="yes">
        <source>{%Ln field(s)}</source>
        <translation>
            <numerusform>{%Ln 個のフィールド}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%Ln item(s)]</source>
        <translation>
            <numerusform>[%Ln 個の要素]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %Ln more byte(s) not shown</source>
        <translation>
            <numerusform>… 残り %Ln バイトは表示していません</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>再送</translation>
    </message>
    <message>
        <source>Send this dead letter back to the queue it came from</source>
        <translation>このデッドレターを元のキューへ戻します</translation>
    </message>
    <message>
        <source>Edit and resend…</source>
        <translation>編集して再送信…</translation>
    </message>
    <message>
        <source>Copy body</source>
        <translation>本文をコピー</translation>
    </message>
    <message>
        <source>Save body…</source>
        <translation>本文を保存…</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>プロパティ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>出来事</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>プロパティ</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Dead-letter history</source>
        <translation>デッドレター履歴</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>16 進</translation>
    </message>
    <message>
        <source>Select a message to inspect it.</source>
        <translation>メッセージを選択すると詳細を表示します。</translation>
    </message>
    <message>
        <source>This message&apos;s body could not be read.</source>
        <translation>このメッセージの本文を読み取れませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Message %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; · position %3 · %4 · delivered %Ln time(s)%5</source>
        <translation>
            <numerusform>&lt;b&gt;%2&lt;/b&gt; の&lt;b&gt;メッセージ %1&lt;/b&gt; · 位置 %3 · %4 · 配信 %Ln 回%5</numerusform>
        </translation>
    </message>
    <message>
        <source> · &lt;i&gt;unacknowledged&lt;/i&gt;</source>
        <translation> · &lt;i&gt;未確認&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Only dead letters (with an x-death history) can be replayed to their origin</source>
        <translation>元のキューへ再送できるのは (x-death 履歴のある) デッドレターだけです</translation>
    </message>
    <message>
        <source>Message id (Depot)</source>
        <translation>メッセージ ID (Depot)</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>エクスチェンジ</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(デフォルト)</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>ルーティングキー</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>キュー投入</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>Delayed until</source>
        <translation>遅延期限</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>配信回数</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>再配信</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>永続</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln バイト</numerusform>
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
        <translation>ヘッダー (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %2, %Ln time(s):
%3</source>
        <translation>
            <numerusform>%2 で %1、%Ln 回:
%3</numerusform>
        </translation>
    </message>
    <message>
        <source>published to</source>
        <translation>発行先</translation>
    </message>
    <message>
        <source>exchange %1 with routing key %2</source>
        <translation>エクスチェンジ %1、ルーティングキー %2</translation>
    </message>
    <message>
        <source>original expiration</source>
        <translation>元の有効期限</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ミリ秒</translation>
    </message>
    <message>
        <source>Never dead-lettered.</source>
        <translation>デッドレターになったことはありません。</translation>
    </message>
    <message>
        <source>Dead-letter history (%1)</source>
        <translation>デッドレター履歴 (%1)</translation>
    </message>
    <message>
        <source>(binary body: see the Hex tab)</source>
        <translation>(バイナリ本文: 「16 進」タブをご覧ください)</translation>
    </message>
    <message>
        <source>Save message body</source>
        <translation>メッセージ本文を保存</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>整形</translation>
    </message>
    <message>
        <source>Indent the JSON body for reading; the message itself is unchanged</source>
        <translation>読みやすいように JSON 本文を字下げします。メッセージ自体は変わりません</translation>
    </message>
    <message>
        <source>again</source>
        <translation>再び</translation>
    </message>
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then expired again, %Ln time(s) in all: its time to live there ran out before a consumer took it</source>
        <translation>
            <numerusform>%1 へ戻された (再送またはリトライ) 後、再び期限切れ、計 %Ln 回: コンシューマーが受け取る前に TTL が切れました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>sent back to %1 (replayed or retried), then %2 again, %Ln time(s) in all</source>
        <translation>
            <numerusform>%1 へ戻された (再送またはリトライ) 後、再び %2、計 %Ln 回</numerusform>
        </translation>
    </message>
    <message>
        <source>SQS</source>
        <translation>SQS</translation>
    </message>
    <message>
        <source>Next delivery at</source>
        <translation>次の配信</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>今すぐ再試行</translation>
    </message>
    <message>
        <source>Deliver this waiting message now; its attempts so far still count</source>
        <translation>この待機中のメッセージを今すぐ配信します。これまでの試行回数はそのまま数えます</translation>
    </message>
    <message>
        <source>Give up…</source>
        <translation>諦める…</translation>
    </message>
    <message>
        <source>Reset attempts</source>
        <translation>試行回数をリセット</translation>
    </message>
    <message>
        <source>Count its deliveries from zero again: the retry schedule starts over</source>
        <translation>配信回数を 0 から数え直します。再試行スケジュールは最初からになります</translation>
    </message>
    <message>
        <source>A consumer holds this message: it settles it</source>
        <translation>コンシューマーがこのメッセージを保持しています。コンシューマーが確定します</translation>
    </message>
    <message>
        <source>Stop retrying: dead-letter it now (x-death reason delivery_limit), or drop it when the queue has no dead-letter exchange</source>
        <translation>再試行をやめます: 今すぐデッドレターにします（x-death の理由 delivery_limit）。キューにデッドレター交換がなければ破棄します</translation>
    </message>
    <message>
        <source>Only a message waiting for its next attempt can be retried now</source>
        <translation>次の試行を待っているメッセージだけを今すぐ再試行できます</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>%1 of %2 attempts made</source>
        <translation>%2 回中 %1 回試行済み</translation>
    </message>
    <message>
        <source> (at %1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>first enqueued %1 in %2, here since %3</source>
        <translation>最初のエンキュー %1（%2）、ここには %3 から</translation>
    </message>
</context>
<context>
    <name>depot::ui::MessageListModel</name>
    <message>
        <source>%1 in %2</source>
        <translation>%2 で %1</translation>
    </message>
    <message>
        <source>Delivered to a consumer, not yet acknowledged</source>
        <translation>コンシューマーに配信済み、未確認</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>再配信</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>キュー投入</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>配信回数</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>ルーティングキー</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>コンテントタイプ</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>デッドレター</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>%1 · due %2</source>
        <translation>%1 · 予定 %2</translation>
    </message>
    <message>
        <source>Waiting to be delivered again (x-retry-delays) until %1</source>
        <translation>再配信待ち (x-retry-delays)：%1 まで</translation>
    </message>
    <message>
        <source>Delayed until %1</source>
        <translation>%1 まで遅延</translation>
    </message>
</context>
<context>
    <name>depot::ui::PartitionListModel</name>
    <message>
        <source>Partition</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>Log start</source>
        <translation>ログ先頭</translation>
    </message>
    <message>
        <source>Log end</source>
        <translation>ログ末尾</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>レコード</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>受信/秒</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>直近 1 分</translation>
    </message>
    <message>
        <source>The first offset still in the log (retention moves it)</source>
        <translation>ログに残っている最初のオフセット(保持期間により進みます)</translation>
    </message>
    <message>
        <source>The high watermark: the offset the next record gets</source>
        <translation>ハイウォーターマーク: 次のレコードが受け取るオフセット</translation>
    </message>
</context>
<context>
    <name>depot::ui::ProduceRecordDialog</name>
    <message>
        <source>Produce record</source>
        <translation>レコードを送信</translation>
    </message>
    <message>
        <source>Produce</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>By key (Kafka&apos;s default partitioner)</source>
        <translation>キーで決定(Kafka の既定のパーティショナー)</translation>
    </message>
    <message>
        <source>empty: no key</source>
        <translation>空欄: キーなし</translation>
    </message>
    <message>
        <source>one per line: name: value</source>
        <translation>1 行に 1 つ: 名前: 値</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>トピック(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>パーティション(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>キー(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>ヘッダー(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>値(&amp;V):</translation>
    </message>
    <message>
        <source>Header line %1 is not “name: value”: %2</source>
        <translation>ヘッダーの %1 行目が「名前: 値」の形ではありません: %2</translation>
    </message>
    <message>
        <source>There is no topic to produce to: create one first.</source>
        <translation>送信先のトピックがありません。先に作成してください。</translation>
    </message>
    <message>
        <source>Producing…</source>
        <translation>送信中…</translation>
    </message>
</context>
<context>
    <name>depot::ui::PublishDialog</name>
    <message>
        <source>Publish message</source>
        <translation>メッセージを発行</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(デフォルト)</translation>
    </message>
    <message>
        <source>The default exchange routes to the queue named by the routing key</source>
        <translation>デフォルトエクスチェンジはルーティングキーと同名のキューへ配送します</translation>
    </message>
    <message>
        <source>&amp;Exchange:</source>
        <translation>エクスチェンジ(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Routing key:</source>
        <translation>ルーティングキー(&amp;R):</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>永続</translation>
    </message>
    <message>
        <source>priority </source>
        <translation>優先度 </translation>
    </message>
    <message>
        <source>Content &amp;type:</source>
        <translation>コンテントタイプ(&amp;T):</translation>
    </message>
    <message>
        <source>message id</source>
        <translation>メッセージ ID</translation>
    </message>
    <message>
        <source>correlation id</source>
        <translation>相関 ID</translation>
    </message>
    <message>
        <source>reply to</source>
        <translation>返信先</translation>
    </message>
    <message>
        <source>Identifiers:</source>
        <translation>識別子:</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>expiration (ms)</source>
        <translation>有効期限 (ミリ秒)</translation>
    </message>
    <message>
        <source>Type, TTL:</source>
        <translation>種類、TTL:</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>ヘッダー:</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>ヘッダーを追加</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>ヘッダーを削除</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>本文(&amp;B):</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>JSON を整形</translation>
    </message>
    <message numerus="yes">
        <source> time(s)</source>
        <translation>
            <numerusform> 回</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the original after sending</source>
        <translation>送信後に元のメッセージを削除</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>発行</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>編集して再送信</translation>
    </message>
    <message>
        <source>Remove the original from %1 after sending</source>
        <translation>送信後に %1 から元のメッセージを削除</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>The default exchange needs a routing key: the name of the queue to deliver to.</source>
        <translation>デフォルトエクスチェンジにはルーティングキー (配送先キューの名前) が必要です。</translation>
    </message>
    <message>
        <source>The routing key is longer than 255 bytes.</source>
        <translation>ルーティングキーが 255 バイトを超えています。</translation>
    </message>
    <message>
        <source>Expiration must be a number of milliseconds.</source>
        <translation>有効期限はミリ秒単位の数値で指定してください。</translation>
    </message>
    <message>
        <source>The header %1 is given twice.</source>
        <translation>ヘッダー %1 が重複しています。</translation>
    </message>
    <message>
        <source>The body is not valid JSON (line %1): %2. Fix it, or change the content type.</source>
        <translation>本文が正しい JSON ではありません (%1 行目): %2。修正するか、コンテントタイプを変更してください。</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>繰り返し:</translation>
    </message>
    <message numerus="yes">
        <source>(binary body of %Ln byte(s), sent unchanged)</source>
        <translation>
            <numerusform>（%Ln バイトのバイナリ本文、変更せずに送信）</numerusform>
        </translation>
    </message>
    <message>
        <source>Type</source>
        <translation>型</translation>
    </message>
    <message>
        <source>string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>真偽値</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>タイムスタンプ</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>バイト列</translation>
    </message>
    <message>
        <source>table (JSON)</source>
        <translation>テーブル (JSON)</translation>
    </message>
    <message>
        <source>array (JSON)</source>
        <translation>配列 (JSON)</translation>
    </message>
    <message>
        <source>void</source>
        <translation>空</translation>
    </message>
    <message>
        <source>A dead letter: sent back to %1, the queue it came from, through the default exchange (it died there last published to %2 with %3; it now carries %4 / %5).</source>
        <translation>デッドレター: 元のキュー %1 へデフォルトエクスチェンジ経由で戻します（最後は %2 に %3 で発行されていました。現在は %4 / %5）。</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>デフォルトエクスチェンジ</translation>
    </message>
    <message numerus="yes">
        <source>Drop the dead-letter history (x-death: %Ln death(s)), so the copy starts afresh</source>
        <translation>
            <numerusform>デッドレター履歴を破棄（x-death: %Ln 回）して新しく始める</numerusform>
        </translation>
    </message>
    <message>
        <source>The value of the header %1 is not a valid %2.</source>
        <translation>ヘッダー %1 の値は有効な %2 ではありません。</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>発行中…</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryActions</name>
    <message>
        <source>&amp;Replay results…</source>
        <translation>結果を再投入(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Move results…</source>
        <translation>結果を移動(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Copy results…</source>
        <translation>結果をコピー(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete results…</source>
        <translation>結果を削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Finding what matches now: %1 of %2 messages looked at</source>
        <translation>現在一致するものを検索中: %2 件中 %1 件を確認</translation>
    </message>
    <message>
        <source>Cancelled: nothing was deleted.</source>
        <translation>キャンセルしました: 何も削除されていません。</translation>
    </message>
    <message>
        <source>&amp;Replay selected…</source>
        <translation>選択を再投入(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Replay all results…</source>
        <translation>すべての結果を再投入(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Move selected…</source>
        <translation>選択を移動(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Move all results…</source>
        <translation>すべての結果を移動(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Copy selected…</source>
        <translation>選択をコピー(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Copy all results…</source>
        <translation>すべての結果をコピー(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete selected…</source>
        <translation>選択を削除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Delete all results…</source>
        <translation>すべての結果を削除(&amp;D)…</translation>
    </message>
    <message>
        <source>The queue each message came from (its dead-letter history)</source>
        <translation>各メッセージの元のキュー (デッドレター履歴による)</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>送信先:</translation>
    </message>
    <message>
        <source>every queue</source>
        <translation>すべてのキュー</translation>
    </message>
    <message>
        <source>Replay messages</source>
        <translation>メッセージを再投入</translation>
    </message>
    <message>
        <source>the queues they came from</source>
        <translation>元のキュー</translation>
    </message>
    <message>
        <source>Replay the messages matching “%1” in %2 to %3?</source>
        <translation>%2 で「%1」に一致するメッセージを %3 へ再投入しますか?</translation>
    </message>
    <message>
        <source>Replaying</source>
        <translation>再投入中</translation>
    </message>
    <message>
        <source>Move messages</source>
        <translation>メッセージを移動</translation>
    </message>
    <message>
        <source>Copy messages</source>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Move the messages matching “%1” in %2 to %3?</source>
        <translation>%2 で「%1」に一致するメッセージを %3 へ移動しますか?</translation>
    </message>
    <message>
        <source>Copy the messages matching “%1” in %2 to %3?</source>
        <translation>%2 で「%1」に一致するメッセージを %3 へコピーしますか?</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>移動中</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>コピー中</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
    <message>
        <source>%1: %2 of %3 messages</source>
        <translation>%1: %3 件中 %2 件</translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (no original queue, or the target is gone).</source>
        <translation>
            <numerusform>%Ln 件をスキップ (元のキューがないか、宛先がありません)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>メッセージを削除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln selected message(s)? Undo (%1) brings them back within %2 seconds.</source>
        <translation>
            <numerusform>選択した %Ln 件のメッセージを削除しますか? %2 秒以内なら元に戻す (%1) で戻せます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the messages matching “%1” in %2? Undo (%3) brings them back within %4 seconds.</source>
        <translation>%2 で「%1」に一致するメッセージを削除しますか? %4 秒以内なら元に戻す (%3) で戻せます。</translation>
    </message>
    <message>
        <source>Finding what matches now…</source>
        <translation>現在一致するものを検索中…</translation>
    </message>
    <message>
        <source>Nothing matches now: nothing was deleted.</source>
        <translation>現在一致するものはありません: 何も削除されていません。</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>削除中…</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln message(s).</source>
        <translation>
            <numerusform>%Ln 件のメッセージを削除しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %Ln message(s); the rest stayed where they were.</source>
        <translation>
            <numerusform>%Ln 件の後でキャンセルしました。残りは元の場所にあります。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %Ln message(s).</source>
        <translation>
            <numerusform>完了: %Ln 件のメッセージ。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Export results…</source>
        <translation>結果をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Export selected…</source>
        <translation>選択をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>An export file holds the messages of one queue: select results of one queue, or run the query over one queue.</source>
        <translation>エクスポートファイルには 1 つのキューのメッセージだけが入ります: 1 つのキューの結果を選ぶか、1 つのキューでクエリを実行してください。</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryPanel</name>
    <message>
        <source>&amp;Query:</source>
        <translation>クエリ(&amp;Q):</translation>
    </message>
    <message>
        <source>body.customer = &quot;frances&quot; and deaths.count &gt; 2 and age &gt; 10m</source>
        <translation>body.customer = &quot;frances&quot; and deaths.count &gt; 2 and age &gt; 10m</translation>
    </message>
    <message>
        <source>A query over messages: fields, comparisons, and, or, not (docs/query.md). Enter runs it.</source>
        <translation>メッセージへのクエリ: フィールド、比較、and、or、not (docs/query.md)。Enter で実行します。</translation>
    </message>
    <message>
        <source>This queue</source>
        <translation>このキュー</translation>
    </message>
    <message>
        <source>Queues matching</source>
        <translation>一致するキュー</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>すべてのキュー</translation>
    </message>
    <message>
        <source>Where the query looks</source>
        <translation>クエリの検索範囲</translation>
    </message>
    <message>
        <source>orders.*, billing</source>
        <translation>orders.*, billing</translation>
    </message>
    <message>
        <source>Queue names, or patterns with * and ?, separated by commas</source>
        <translation>キュー名、または * と ? を使ったパターン (カンマ区切り)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存済み</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Type a query and press Enter.</source>
        <translation>クエリを入力して Enter を押してください。</translation>
    </message>
    <message>
        <source>This queue (%1)</source>
        <translation>このキュー (%1)</translation>
    </message>
    <message>
        <source>No queue is selected: select one in the list, or choose All queues.</source>
        <translation>キューが選択されていません: 一覧で選択するか、「すべてのキュー」を選んでください。</translation>
    </message>
    <message>
        <source>Say which queues: names or patterns such as orders.*, separated by commas.</source>
        <translation>キューを指定してください: 名前または orders.* のようなパターン (カンマ区切り)。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>%1 of %2 messages looked at in %3 of %4 queues</source>
        <translation>%4 キュー中 %3 キュー、%2 件中 %1 件を確認</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln 件一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the first %Ln listed</source>
        <translation>
            <numerusform>最初の %Ln 件を表示</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>キャンセル: %1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完了: %1</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>%1 文字目: %2</translation>
    </message>
    <message>
        <source>Nothing ran.</source>
        <translation>何も実行されていません。</translation>
    </message>
    <message>
        <source>This message has left %1 since the query found it.</source>
        <translation>このメッセージはクエリが見つけた後に %1 から出ました。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>&amp;Save query as…</source>
        <translation>クエリに名前を付けて保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save query</source>
        <translation>クエリを保存</translation>
    </message>
    <message>
        <source>&amp;Manage saved queries…</source>
        <translation>保存済みクエリを管理(&amp;M)…</translation>
    </message>
    <message>
        <source>Saved queries</source>
        <translation>保存済みクエリ</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>名前を変更(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <source>Rename saved query</source>
        <translation>保存済みクエリの名前を変更</translation>
    </message>
    <message>
        <source>A saved query is named %1 already.</source>
        <translation>%1 という名前の保存済みクエリがすでにあります。</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueryResultModel</name>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Message id</source>
        <translation>メッセージ ID</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueDialog</name>
    <message>
        <source>Create queue</source>
        <translation>キューを作成</translation>
    </message>
    <message>
        <source>e.g. orders</source>
        <translation>例: orders</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
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
        <translation>種類(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Durable (survives a restart)</source>
        <translation>永続(&amp;D)(再起動後も残る)</translation>
    </message>
    <message>
        <source>none; empty with a key: the default exchange</source>
        <translation>なし。キーだけ指定するとデフォルトエクスチェンジ</translation>
    </message>
    <message>
        <source>Dead-letter e&amp;xchange:</source>
        <translation>デッドレターエクスチェンジ(&amp;X):</translation>
    </message>
    <message>
        <source>the message&apos;s own routing key</source>
        <translation>メッセージ自身のルーティングキー</translation>
    </message>
    <message>
        <source>Dead-letter &amp;routing key:</source>
        <translation>デッドレタールーティングキー(&amp;R):</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Message &amp;TTL (ms):</source>
        <translation>メッセージ TTL(&amp;T)(ミリ秒):</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>&amp;Max length (messages):</source>
        <translation>最大長(&amp;M)(メッセージ数):</translation>
    </message>
    <message>
        <source>De&amp;livery limit:</source>
        <translation>配信上限(&amp;L):</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
    <message>
        <source>Give the queue a name.</source>
        <translation>キューに名前を付けてください。</translation>
    </message>
    <message>
        <source>A queue named %1 already exists.</source>
        <translation>キュー %1 はすでに存在します。</translation>
    </message>
    <message>
        <source>The message TTL must be a whole number of milliseconds, 0 or more.</source>
        <translation>メッセージ TTL は 0 以上の整数(ミリ秒)で指定してください。</translation>
    </message>
    <message>
        <source>The max length must be a whole number of messages, 0 or more.</source>
        <translation>最大長は 0 以上の整数(メッセージ数)で指定してください。</translation>
    </message>
    <message>
        <source>The delivery limit must be a whole number, 1 or more.</source>
        <translation>配信上限は 1 以上の整数で指定してください。</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>ストリーム</translation>
    </message>
    <message>
        <source>forever; e.g. 7D, 12h, 30m</source>
        <translation>無期限（例: 7D、12h、30m）</translation>
    </message>
    <message>
        <source>Max a&amp;ge (stream):</source>
        <translation>最大保持期間(&amp;G)（ストリーム）:</translation>
    </message>
    <message>
        <source>Max si&amp;ze in bytes (stream):</source>
        <translation>最大サイズ(&amp;Z)（バイト、ストリーム）:</translation>
    </message>
    <message>
        <source>The max age is a whole number and a unit: Y, M, D, h, m or s (e.g. 7D).</source>
        <translation>最大保持期間は整数と単位（Y、M、D、h、m、s）で指定してください（例: 7D）。</translation>
    </message>
    <message>
        <source>The max size must be a whole number of bytes, 1 or more.</source>
        <translation>最大サイズは 1 以上の整数（バイト）で指定してください。</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueListModel</name>
    <message>
        <source>(unnamed)</source>
        <translation>(名前なし)</translation>
    </message>
    <message>
        <source>← fed by %1</source>
        <translation>← 送り元 %1</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>Queue %1</source>
        <translation>キュー %1</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>デッドレターキュー</translation>
    </message>
    <message>
        <source>Fed by the dead letters of: %1</source>
        <translation>次のキューのデッドレターが届きます: %1</translation>
    </message>
    <message>
        <source>Dead letters go to: %1</source>
        <translation>デッドレターの送り先: %1</translation>
    </message>
    <message>
        <source>Dead-letter exchange: %1 (no queue bound yet)</source>
        <translation>デッドレターエクスチェンジ: %1 (バインドされたキューはまだありません)</translation>
    </message>
    <message>
        <source>Policy: %1</source>
        <translation>ポリシー: %1</translation>
    </message>
    <message>
        <source>Operator policy: %1</source>
        <translation>オペレーターポリシー: %1</translation>
    </message>
    <message>
        <source>Set by policy: %1</source>
        <translation>ポリシーによる設定: %1</translation>
    </message>
    <message>
        <source>Durable</source>
        <translation>永続</translation>
    </message>
    <message>
        <source>Transient</source>
        <translation>一時</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>Unacked</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>コンシューマー</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>受信/秒</translation>
    </message>
    <message>
        <source>Out/s</source>
        <translation>送信/秒</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深さ</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>デッドレター</translation>
    </message>
    <message>
        <source>Messages enqueued per second</source>
        <translation>毎秒キューに入るメッセージ数</translation>
    </message>
    <message>
        <source>Messages delivered per second</source>
        <translation>毎秒配信されるメッセージ数</translation>
    </message>
    <message>
        <source>Ready + unacknowledged over the last 30 seconds</source>
        <translation>直近 30 秒の待機 + 未確認</translation>
    </message>
    <message numerus="yes">
        <source>%1 ready, %2 unacknowledged, %3 byte(s)</source>
        <translation>
            <numerusform>準備完了 %1、未確認 %2、%3 バイト</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 時間</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Stream: a log read from an offset, nothing removed by reading; browse it by offset or time in the Kafka tab&apos;s topics</source>
        <translation>ストリーム: オフセットから読み取るログで、読み取っても何も削除されません。Kafka タブのトピックでオフセットまたは時刻で閲覧できます</translation>
    </message>
    <message>
        <source>Amazon SQS FIFO queue</source>
        <translation>Amazon SQS FIFO キュー</translation>
    </message>
    <message>
        <source>Amazon SQS standard queue</source>
        <translation>Amazon SQS 標準キュー</translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) in flight (received, not deleted yet)</source>
        <translation>
            <numerusform>%1 件のメッセージが処理中(受信済み、未削除)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 message(s) delayed</source>
        <translation>
            <numerusform>%1 件のメッセージが遅延中</numerusform>
        </translation>
    </message>
    <message>
        <source>Visibility timeout: %1</source>
        <translation>可視性タイムアウト: %1</translation>
    </message>
    <message numerus="yes">
        <source>Redrive: after %Ln receive(s) a message moves to %1</source>
        <translation>
            <numerusform>リドライブ: %Ln 回受信後にメッセージは %1 へ移動</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open %1</source>
        <translation>クリックして %1 を開く</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>Delayed</source>
        <translation>遅延</translation>
    </message>
    <message>
        <source>Visibility</source>
        <translation>可視性</translation>
    </message>
    <message>
        <source>Where this queue&apos;s dead letters go (→), or which queues feed it (←); click to open that queue</source>
        <translation>このキューのデッドレターの行き先(→)、またはこのキューに送るキュー(←)。クリックでそのキューを開きます</translation>
    </message>
    <message>
        <source>AMQP, or an Amazon SQS standard or FIFO queue</source>
        <translation>AMQP、または Amazon SQS の標準キューか FIFO キュー</translation>
    </message>
    <message>
        <source>SQS: messages received and not deleted yet, invisible until their visibility timeout runs out</source>
        <translation>SQS: 受信済みで未削除のメッセージ。可視性タイムアウトが切れるまで見えません</translation>
    </message>
    <message>
        <source>Messages not visible yet because of a delay (SQS DelaySeconds)</source>
        <translation>遅延のためまだ見えないメッセージ(SQS DelaySeconds)</translation>
    </message>
    <message>
        <source>SQS: the queue&apos;s default visibility timeout</source>
        <translation>SQS: キューの既定の可視性タイムアウト</translation>
    </message>
    <message>
        <source>%1  ⏸ paused</source>
        <translation>%1  ⏸ 一時停止中</translation>
    </message>
    <message>
        <source>Paused: consumers stay attached and get nothing until it is resumed</source>
        <translation>一時停止中：コンシューマーは接続したまま、再開されるまで何も受け取りません</translation>
    </message>
</context>
<context>
    <name>depot::ui::QueueListPanel</name>
    <message>
        <source>Filter queues (Ctrl+F)</source>
        <translation>キューを絞り込む (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>depot::ui::QuickStartPanel</name>
    <message>
        <source>Connection URL:</source>
        <translation>接続 URL:</translation>
    </message>
    <message>
        <source>HTTP API:</source>
        <translation>HTTP API:</translation>
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
        <translation>まだサービスがありませんか? Depot にトラフィックを生成させましょう: プロデューサー、遅いコンシューマーや失敗するコンシューマー、リトライ、デッドレター。</translation>
    </message>
    <message>
        <source>(the broker is not listening)</source>
        <translation>(ブローカーは待ち受けていません)</translation>
    </message>
    <message>
        <source>(switched off)</source>
        <translation>（オフ）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Connect your services&lt;/h3&gt;&lt;p&gt;Depot speaks AMQP 0-9-1 like RabbitMQ, the Amazon SQS API and Apache Kafka&apos;s protocol: point any RabbitMQ client at the URL below, an AWS SDK at the SQS endpoint (any credentials, any region), or a Kafka client at the bootstrap server. Queues, topics, messages and dead letters show up in this window as they flow.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;サービスを接続&lt;/h3&gt;&lt;p&gt;Depot は RabbitMQ と同じ AMQP 0-9-1、Amazon SQS API、Apache Kafka のプロトコルを話します。RabbitMQ クライアントを下の URL に、AWS SDK を SQS エンドポイントに(認証情報・リージョンは任意)、Kafka クライアントをブートストラップサーバーに向けてください。キュー、トピック、メッセージ、デッドレターが流れるとおりにこのウィンドウに表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>SQS endpoint:</source>
        <translation>SQS エンドポイント:</translation>
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
        <translation>Kafka ブートストラップサーバー:</translation>
    </message>
    <message>
        <source>HTTP API: curl</source>
        <translation>HTTP API: curl</translation>
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
        <translation>一致するものがないため、エクスポートするものはありません。</translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln match(es) are listed.</source>
        <translation>
            <numerusform>最初の %Ln 件の一致を表示しています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selected records come from %n topic(s): re-produce those of one topic at a time.</source>
        <translation>
            <numerusform>選択したレコードは %n 個のトピックのものです: 一度に 1 つのトピックのレコードを再送信してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>From the earliest</source>
        <translation>最初から</translation>
    </message>
    <message>
        <source>The latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>オフセットから</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>時刻から</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>オフセット</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>次のページ</translation>
    </message>
    <message>
        <source>Search keys, values and headers</source>
        <translation>キー、値、ヘッダーを検索</translation>
    </message>
    <message>
        <source>in this partition</source>
        <translation>このパーティション内</translation>
    </message>
    <message>
        <source>in the whole topic</source>
        <translation>トピック全体</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Re-produce…</source>
        <translation>再送信…</translation>
    </message>
    <message>
        <source>Append copies of the selected records to this or another topic</source>
        <translation>選択したレコードのコピーをこのトピックまたは別のトピックに追加します</translation>
    </message>
    <message>
        <source>No records from there: %1 partition %2 holds offsets %3 to %4.</source>
        <translation>そこからのレコードはありません: %1 のパーティション %2 のオフセットは %3 から %4 です。</translation>
    </message>
    <message>
        <source>Offsets %1 to %2 of %3 partition %4 (log end %5).</source>
        <translation>%3 のパーティション %4 のオフセット %1 から %2(ログ末尾 %5)。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot が拒否しました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Re-produced %n record(s) to %1.</source>
        <translation>
            <numerusform>%n 件のレコードを %1 に再送信しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot が動作していません。</translation>
    </message>
    <message>
        <source>Matches for “%1”: %2 of %3 records looked at.</source>
        <translation>「%1」の一致: 調べた %3 件のレコードのうち %2 件。</translation>
    </message>
    <message>
        <source>The search stopped before the end: narrow it.</source>
        <translation>検索は最後まで届きませんでした。条件を絞り込んでください。</translation>
    </message>
    <message>
        <source>Export results…</source>
        <translation>結果をエクスポート…</translation>
    </message>
    <message>
        <source>Export selected…</source>
        <translation>選択をエクスポート…</translation>
    </message>
    <message>
        <source>Write the selected records to a file in Depot&apos;s export format</source>
        <translation>選択したレコードを Depot のエクスポート形式でファイルに書き出す</translation>
    </message>
    <message>
        <source>Write every record the query matches to a file in Depot&apos;s export format</source>
        <translation>クエリに一致するすべてのレコードを Depot のエクスポート形式でファイルに書き出す</translation>
    </message>
    <message>
        <source>Reading its story…</source>
        <translation>履歴を読み込み中…</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>ブローカーが動作していません。</translation>
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
        <translation>フィールド</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>レコード</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Pretty-print JSON</source>
        <translation>JSON を整形表示</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>16 進</translation>
    </message>
    <message>
        <source>Select a record to see its key, headers and value.</source>
        <translation>レコードを選択すると、キー、ヘッダー、値が表示されます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Offset %1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; partition %3 · %4</source>
        <translation>&lt;b&gt;%2&lt;/b&gt; のパーティション %3 の&lt;b&gt;オフセット %1&lt;/b&gt; · %4</translation>
    </message>
    <message>
        <source>tombstone</source>
        <translation>トゥームストーン</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>オフセット</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>タイムスタンプ</translation>
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
        <translation>キー</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>圧縮</translation>
    </message>
    <message>
        <source>Producer id</source>
        <translation>プロデューサー ID</translation>
    </message>
    <message>
        <source>Headers (%1)</source>
        <translation>ヘッダー (%1)</translation>
    </message>
    <message>
        <source>A tombstone has no value.</source>
        <translation>トゥームストーンには値がありません。</translation>
    </message>
    <message>
        <source>(tombstone: no value)</source>
        <translation>(トゥームストーン: 値なし)</translation>
    </message>
    <message>
        <source>(binary value: see the Hex tab)</source>
        <translation>(バイナリ値: 16 進タブを参照)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>%1 · %2 · %3: %4</source>
        <translation>%1 · %2 · %3: %4</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>消費</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>Not kept: stored by an older Depot, or older than the partition&apos;s last 64 removals</source>
        <translation>保存されていません: 古い Depot が保存したか、パーティションの直近 64 件の削除より古いものです</translation>
    </message>
    <message>
        <source>Not consumed yet by: %1</source>
        <translation>まだ消費していないグループ: %1</translation>
    </message>
    <message>
        <source>Every group with offsets on this partition has consumed it.</source>
        <translation>このパーティションにオフセットを持つすべてのグループが消費済みです。</translation>
    </message>
    <message>
        <source>No consumer group has committed an offset on this partition: a group consumes a record when it commits an offset past it.</source>
        <translation>このパーティションにオフセットをコミットしたコンシューマーグループはありません: グループはレコードより後のオフセットをコミットしたときにそれを消費します。</translation>
    </message>
</context>
<context>
    <name>depot::ui::RecordListModel</name>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>binary, %1</source>
        <translation>バイナリ、%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Set by Depot when the record was appended (LogAppendTime)</source>
        <translation>レコード追加時に Depot が設定(LogAppendTime)</translation>
    </message>
    <message>
        <source>Set by the producer (CreateTime)</source>
        <translation>プロデューサーが設定(CreateTime)</translation>
    </message>
    <message>
        <source>tombstone (no value)</source>
        <translation>トゥームストーン(値なし)</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>オフセット</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>タイムスタンプ</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>ヘッダー</translation>
    </message>
</context>
<context>
    <name>depot::ui::ReproduceDialog</name>
    <message numerus="yes">
        <source>Re-produce %n record(s)</source>
        <translation>
            <numerusform>%n 件のレコードを再送信</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-produce</source>
        <translation>再送信</translation>
    </message>
    <message>
        <source>The record&apos;s own partition</source>
        <translation>レコード自身のパーティション</translation>
    </message>
    <message>
        <source>To &amp;topic:</source>
        <translation>送信先トピック(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>パーティション(&amp;P):</translation>
    </message>
    <message>
        <source>Choose the topic the copies go to.</source>
        <translation>コピーの送信先トピックを選択してください。</translation>
    </message>
    <message>
        <source>Re-producing…</source>
        <translation>再送信中…</translation>
    </message>
</context>
<context>
    <name>depot::ui::ResetOffsetsDialog</name>
    <message>
        <source>Reset offsets of %1</source>
        <translation>%1 のオフセットをリセット</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>すべてのパーティション</translation>
    </message>
    <message>
        <source>The earliest offset</source>
        <translation>最初のオフセット</translation>
    </message>
    <message>
        <source>The latest offset</source>
        <translation>最新のオフセット</translation>
    </message>
    <message>
        <source>The first record at or after a time</source>
        <translation>指定時刻以降の最初のレコード</translation>
    </message>
    <message>
        <source>An offset</source>
        <translation>指定オフセット</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>トピック(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>パーティション(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>リセット先(&amp;T):</translation>
    </message>
    <message>
        <source>T&amp;ime:</source>
        <translation>時刻(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Offset:</source>
        <translation>オフセット(&amp;O):</translation>
    </message>
    <message>
        <source>The group has committed no offsets: there is nothing to reset.</source>
        <translation>このグループはオフセットをコミットしていないため、リセットするものがありません。</translation>
    </message>
    <message>
        <source>Enter the offset.</source>
        <translation>オフセットを入力してください。</translation>
    </message>
    <message>
        <source>Resetting…</source>
        <translation>リセット中…</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryActions</name>
    <message>
        <source>Re&amp;try now</source>
        <translation>今すぐ再試行(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Give up (dead-letter now)…</source>
        <translation>諦める（今すぐデッドレターへ）(&amp;G)…</translation>
    </message>
    <message>
        <source>Reset &amp;attempts</source>
        <translation>試行回数をリセット(&amp;A)</translation>
    </message>
    <message>
        <source>Retry all &amp;waiting now</source>
        <translation>待機中をすべて今すぐ再試行(&amp;W)</translation>
    </message>
    <message>
        <source>Retry &amp;schedule…</source>
        <translation>再試行スケジュール(&amp;S)…</translation>
    </message>
    <message>
        <source>Deliver the selected waiting messages now; their attempts so far still count</source>
        <translation>選択した待機中のメッセージを今すぐ配信します。これまでの試行回数はそのまま数えます</translation>
    </message>
    <message>
        <source>Count the selected messages&apos; deliveries from zero: the retry schedule starts over</source>
        <translation>選択したメッセージの配信回数を 0 から数え直します。再試行スケジュールは最初からになります</translation>
    </message>
    <message>
        <source>Give up</source>
        <translation>諦める</translation>
    </message>
    <message numerus="yes">
        <source>%1 has no dead-letter exchange: giving up drops %Ln message(s) for good. Drop them?</source>
        <translation>
            <numerusform>%1 にはデッドレター交換がありません。諦めると %Ln 件のメッセージは完全に破棄されます。破棄しますか？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%1 の %Ln 件のメッセージを今すぐ再配信します。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gave up on %Ln message(s) of %1.</source>
        <translation>
            <numerusform>%1 の %Ln 件のメッセージを諦めました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attempts of %Ln message(s) of %1 reset.</source>
        <translation>
            <numerusform>%1 の %Ln 件のメッセージの試行回数をリセットしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not all: %1</source>
        <translation>一部のみ: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting message(s) of %1 delivered again now.</source>
        <translation>
            <numerusform>%1 の待機中の %Ln 件のメッセージを今すぐ再配信します。</numerusform>
        </translation>
    </message>
    <message>
        <source>it is dropped (the queue has no dead-letter exchange).</source>
        <translation>破棄されます（キューにデッドレター交換がありません）。</translation>
    </message>
    <message>
        <source>it is dead-lettered (x-death reason delivery_limit) to %1</source>
        <translation>%1 へデッドレターとして送られます（x-death の理由 delivery_limit）</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>デフォルト交換</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>交換 %1</translation>
    </message>
    <message>
        <source> with routing key %1</source>
        <translation>、ルーティングキー %1</translation>
    </message>
    <message>
        <source>, which routes it to %1</source>
        <translation>（%1 へルーティング）</translation>
    </message>
    <message>
        <source>%1 has no retry delays now.</source>
        <translation>%1 の再試行遅延を削除しました。</translation>
    </message>
    <message>
        <source>Retry schedule of %1: %2.</source>
        <translation>%1 の再試行スケジュール: %2。</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>ブローカーは実行されていません。</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetryEditorDialog</name>
    <message>
        <source>Retry schedule of %1</source>
        <translation>%1 の再試行スケジュール</translation>
    </message>
    <message>
        <source>A message a consumer gives back (nack or reject with requeue) waits the next delay before it is delivered again.</source>
        <translation>コンシューマーが返したメッセージ（requeue 付きの nack または reject）は、次の遅延を待ってから再配信されます。</translation>
    </message>
    <message>
        <source>&amp;Delays:</source>
        <translation>遅延(&amp;D):</translation>
    </message>
    <message>
        <source>e.g. 1s, 5s, 30s, 5min</source>
        <translation>例: 1s, 5s, 30s, 5min</translation>
    </message>
    <message>
        <source>&amp;Exponential:</source>
        <translation>指数(&amp;E):</translation>
    </message>
    <message>
        <source>from</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>to</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>retries:</source>
        <translation>再試行回数:</translation>
    </message>
    <message>
        <source>&amp;No retry delays (a returned message comes back at once)</source>
        <translation>再試行遅延なし（返されたメッセージはすぐに戻る）(&amp;N)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <source>one duration, e.g. 1s</source>
        <translation>期間を 1 つ（例: 1s）</translation>
    </message>
    <message>
        <source>Delays: %1.</source>
        <translation>遅延: %1。</translation>
    </message>
    <message>
        <source>From: %1.</source>
        <translation>開始: %1。</translation>
    </message>
    <message>
        <source>To: %1.</source>
        <translation>終了: %1。</translation>
    </message>
    <message>
        <source>An exponential series starts above 0.</source>
        <translation>指数系列は 0 より大きい値から始まります。</translation>
    </message>
    <message>
        <source>The last delay (%1) is shorter than the first (%2).</source>
        <translation>最後の遅延 (%1) が最初の遅延 (%2) より短いです。</translation>
    </message>
    <message>
        <source>A returned message comes back at once, as often as consumers return it.</source>
        <translation>返されたメッセージは、コンシューマーが返すたびにすぐに戻ります。</translation>
    </message>
    <message numerus="yes">
        <source>%1 attempts: the first delivery, then %Ln retry(ies) after %2.</source>
        <translation>
            <numerusform>%1 回の試行: 最初の配信の後、%2 の待ち時間で %Ln 回再試行します。</numerusform>
        </translation>
    </message>
    <message>
        <source>After attempt %1 fails: %2</source>
        <translation>試行 %1 が失敗した後: %2</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>適用中…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>拒否されました: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::RetrySchedule</name>
    <message>
        <source>delay %1: &quot;%2&quot; is not a number</source>
        <translation>遅延 %1: 「%2」は数値ではありません</translation>
    </message>
    <message>
        <source>delay %1: %2 needs a unit (ms, s, min or h)</source>
        <translation>遅延 %1: %2 には単位 (ms、s、min、h) が必要です</translation>
    </message>
    <message>
        <source>delay %1: &quot;%2&quot; is not a unit (ms, s, min or h)</source>
        <translation>遅延 %1: 「%2」は単位 (ms、s、min、h) ではありません</translation>
    </message>
    <message>
        <source>delay %1 is negative</source>
        <translation>遅延 %1 が負です</translation>
    </message>
    <message>
        <source>delay %1 is not a whole number of milliseconds</source>
        <translation>遅延 %1 がミリ秒の整数ではありません</translation>
    </message>
    <message>
        <source>delay %1 is longer than a year</source>
        <translation>遅延 %1 が 1 年より長いです</translation>
    </message>
    <message>
        <source>delay %1: unexpected &quot;%2&quot;</source>
        <translation>遅延 %1: 予期しない「%2」</translation>
    </message>
    <message>
        <source>enter at least one delay, e.g. 1s, 5s, 30s</source>
        <translation>遅延を 1 つ以上入力してください（例: 1s, 5s, 30s）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ミリ秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 時間</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 日</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 日 %2 時間</translation>
    </message>
    <message>
        <source>attempt %1 of %2, next delivery in %3</source>
        <translation>試行 %1/%2、次の配信まで %3</translation>
    </message>
    <message>
        <source>attempt %1 of %2, next delivery due now</source>
        <translation>試行 %1/%2、次の配信は今</translation>
    </message>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery in %1</source>
        <translation>
            <numerusform>%Ln 回配信済み、次の配信まで %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>delivered %Ln time(s), next delivery due now</source>
        <translation>
            <numerusform>%Ln 回配信済み、次の配信は今</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::SearchAllDialog</name>
    <message>
        <source>Search all queues</source>
        <translation>すべてのキューを検索</translation>
    </message>
    <message>
        <source>Text in bodies and headers</source>
        <translation>本文とヘッダーのテキスト</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>検索(&amp;F):</translation>
    </message>
    <message>
        <source>every queue</source>
        <translation>すべてのキュー</translation>
    </message>
    <message>
        <source>Only queues whose names contain this</source>
        <translation>名前にこれを含むキューのみ</translation>
    </message>
    <message>
        <source>&amp;In queues:</source>
        <translation>対象キュー(&amp;I):</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正規表現</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>大文字と小文字を区別</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>無効な正規表現: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln 件一致</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>%1 を検索中…</translation>
    </message>
    <message>
        <source>#%1 · id %2</source>
        <translation>#%1 · ID %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln match(es))</source>
        <translation>
            <numerusform>%1 (%Ln 件一致)</numerusform>
        </translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
</context>
<context>
    <name>depot::ui::SqsSection</name>
    <message>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Visibility</source>
        <translation>可視性</translation>
    </message>
    <message>
        <source>not received yet</source>
        <translation>まだ受信されていません</translation>
    </message>
    <message>
        <source>received once, at %1</source>
        <translation>%1 に 1 回受信</translation>
    </message>
    <message numerus="yes">
        <source>first received at %1, received %Ln time(s) in all</source>
        <translation>
            <numerusform>%1 に初回受信、合計 %Ln 回受信</numerusform>
        </translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(不明)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>System attributes</source>
        <translation>システム属性</translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>キュー %1</translation>
    </message>
    <message>
        <source>Message attributes (%1)</source>
        <translation>メッセージ属性 (%1)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>in flight: visible again in %1 (at %2)</source>
        <translation>処理中: %1 後に再び可視(%2)</translation>
    </message>
    <message>
        <source>visible again since %1 (its visibility timeout ran out)</source>
        <translation>%1 から再び可視(可視性タイムアウトが切れました)</translation>
    </message>
    <message>
        <source>in flight until its consumer settles it (no visibility timeout)</source>
        <translation>コンシューマーが確定するまで処理中(可視性タイムアウトなし)</translation>
    </message>
    <message>
        <source>delayed: visible in %1 (at %2)</source>
        <translation>遅延: %1 後に可視(%2)</translation>
    </message>
    <message>
        <source>visible: the next receive can take it</source>
        <translation>可視: 次の受信で取得できます</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicListModel</name>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>パーティション数</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>レコード</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>In/s</source>
        <translation>受信/秒</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>直近 1 分</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicsPanel</name>
    <message>
        <source>Create topic…</source>
        <translation>トピックを作成…</translation>
    </message>
    <message>
        <source>Delete topic…</source>
        <translation>トピックを削除…</translation>
    </message>
    <message>
        <source>Produce record…</source>
        <translation>レコードを送信…</translation>
    </message>
    <message>
        <source>Partitions of &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; のパーティション</translation>
    </message>
    <message>
        <source>Select a topic to see its partitions.</source>
        <translation>トピックを選択するとパーティションが表示されます。</translation>
    </message>
    <message>
        <source>Append a record you write to a topic</source>
        <translation>入力したレコードをトピックに追加します</translation>
    </message>
    <message>
        <source>There is no topic to produce to: create one first</source>
        <translation>送信先のトピックがありません。先に作成してください</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot が拒否しました: %1</translation>
    </message>
    <message>
        <source>Created the topic %1.</source>
        <translation>トピック %1 を作成しました。</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot が動作していません。</translation>
    </message>
    <message numerus="yes">
        <source>Delete the topic %1 with its %n record(s)? Consumer groups keep their committed offsets.</source>
        <translation>
            <numerusform>トピック %1 を %n 件のレコードとともに削除しますか? コンシューマーグループのコミット済みオフセットは残ります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted the topic %1.</source>
        <translation>トピック %1 を削除しました。</translation>
    </message>
    <message>
        <source>Could not delete the topic %1: %2</source>
        <translation>トピック %1 を削除できませんでした: %2</translation>
    </message>
    <message>
        <source>Produced a record to %1 partition %2 at offset %3.</source>
        <translation>%1 のパーティション %2 のオフセット %3 にレコードを送信しました。</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopologyActions</name>
    <message numerus="yes">
        <source>%1 and %Ln more</source>
        <translation>
            <numerusform>%1 ほか %Ln 件</numerusform>
        </translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>キュー %1</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>エクスチェンジ %1</translation>
    </message>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (キー %2)</translation>
    </message>
    <message>
        <source>Create e&amp;xchange…</source>
        <translation>エクスチェンジを作成(&amp;X)…</translation>
    </message>
    <message>
        <source>Delete exc&amp;hange…</source>
        <translation>エクスチェンジを削除(&amp;H)…</translation>
    </message>
    <message>
        <source>Create &amp;binding…</source>
        <translation>バインディングを作成(&amp;B)…</translation>
    </message>
    <message>
        <source>Delete bindin&amp;g…</source>
        <translation>バインディングを削除(&amp;G)…</translation>
    </message>
    <message>
        <source>Copy &amp;name</source>
        <translation>名前をコピー(&amp;N)</translation>
    </message>
    <message>
        <source>Copy the exchange&apos;s name, or the name of the queue or exchange a binding leads to</source>
        <translation>エクスチェンジの名前、またはバインディングの宛先のキューやエクスチェンジの名前をコピー</translation>
    </message>
    <message>
        <source>Create &amp;binding to this queue…</source>
        <translation>このキューへのバインディングを作成(&amp;B)…</translation>
    </message>
    <message>
        <source>The default exchange is part of AMQP itself: every queue is reachable through it by name, so it cannot be deleted.</source>
        <translation>デフォルトエクスチェンジは AMQP そのものの一部で、すべてのキューに名前で到達するために使われるため削除できません。</translation>
    </message>
    <message>
        <source>Exchanges named amq.* are the broker&apos;s own, which clients may rely on: they cannot be deleted.</source>
        <translation>amq.* という名前のエクスチェンジはブローカー自身のもので、クライアントが前提にしている場合があるため削除できません。</translation>
    </message>
    <message>
        <source>Select an exchange to delete it with its bindings</source>
        <translation>バインディングごと削除するエクスチェンジを選んでください</translation>
    </message>
    <message>
        <source>Delete %1 with its bindings</source>
        <translation>%1 をバインディングごと削除</translation>
    </message>
    <message>
        <source>Depot refused: %1</source>
        <translation>Depot が拒否しました: %1</translation>
    </message>
    <message>
        <source>Created the exchange %1.</source>
        <translation>エクスチェンジ %1 を作成しました。</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
    <message>
        <source>Bound %1 to %2.</source>
        <translation>%1 を %2 にバインドしました。</translation>
    </message>
    <message>
        <source>Delete the exchange %1?</source>
        <translation>エクスチェンジ %1 を削除しますか?</translation>
    </message>
    <message>
        <source>It has no bindings.</source>
        <translation>バインディングはありません。</translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln binding(s) go with it: %1.</source>
        <translation>
            <numerusform>%Ln 個のバインディングも削除されます: %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>So do the bindings that lead to it from %1.</source>
        <translation>%1 からこのエクスチェンジへのバインディングも削除されます。</translation>
    </message>
    <message>
        <source>It is the dead-letter exchange of %1: their dead letters will be dropped until it exists again.</source>
        <translation>%1 のデッドレターエクスチェンジです。再び作成されるまで、それらのデッドレターは破棄されます。</translation>
    </message>
    <message>
        <source>It is the alternate exchange of %1: what they cannot route will be dropped.</source>
        <translation>%1 の代替エクスチェンジです。それらがルーティングできないメッセージは破棄されます。</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Delete exchange</source>
        <translation>エクスチェンジを削除</translation>
    </message>
    <message>
        <source>Deleted the exchange %1.</source>
        <translation>エクスチェンジ %1 を削除しました。</translation>
    </message>
    <message>
        <source>Delete the binding from %1 to %2? Messages it routes will no longer reach %3.</source>
        <translation>%1 から %2 へのバインディングを削除しますか? このバインディングでルーティングされるメッセージは %3 に届かなくなります。</translation>
    </message>
    <message>
        <source>It is the last binding of %1, which is auto-delete: the exchange goes with it.</source>
        <translation>これは自動削除の %1 の最後のバインディングです。エクスチェンジも一緒に削除されます。</translation>
    </message>
    <message>
        <source>Delete binding</source>
        <translation>バインディングを削除</translation>
    </message>
    <message>
        <source>Removed the binding from %1 to %2.</source>
        <translation>%1 から %2 へのバインディングを削除しました。</translation>
    </message>
</context>
<context>
    <name>depot::ui::UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <source>&amp;Undo delete or purge</source>
        <translation>削除・キューを空にする操作を元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>元に戻せませんでした: %1</translation>
    </message>
    <message>
        <source>Could not undo: Depot is not running.</source>
        <translation>元に戻せませんでした: Depot が動作していません。</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %1 message(s) from %2.</source>
        <translation>
            <numerusform>%2 から %1 件のメッセージを削除しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purged %1 message(s) from %2.</source>
        <translation>
            <numerusform>%2 を空にしました（%1 件のメッセージ）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undo within %n second(s).</source>
        <translation>
            <numerusform>あと %n 秒間は元に戻せます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Put them back where they were (%1)</source>
        <translation>元の場所に戻す (%1)</translation>
    </message>
</context>
<context>
    <name>depot::ui::HistoryTimeline</name>
    <message>
        <source>%1 · %2 · by %3
%4</source>
        <translation>%1 · %2 · 実行者 %3
%4</translation>
    </message>
    <message>
        <source>a connection without a name</source>
        <translation>名前のない接続</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message>
        <source>the default exchange</source>
        <translation>デフォルトエクスチェンジ</translation>
    </message>
    <message>
        <source>exchange %1</source>
        <translation>エクスチェンジ %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>By</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>発行</translation>
    </message>
    <message>
        <source>Routed</source>
        <translation>ルーティング</translation>
    </message>
    <message>
        <source>Unroutable</source>
        <translation>ルーティング不可</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>配信</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>確認応答</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>デッドレター</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>移動</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>リプレイ</translation>
    </message>
    <message>
        <source>Edited and resent</source>
        <translation>編集して再送信</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>パージ</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>the window</source>
        <translation>ウィンドウ</translation>
    </message>
    <message>
        <source>HTTP API, user %1</source>
        <translation>HTTP API、ユーザー %1</translation>
    </message>
    <message>
        <source>SQS %1</source>
        <translation>SQS %1</translation>
    </message>
    <message>
        <source>SQS %1, key %2</source>
        <translation>SQS %1、キー %2</translation>
    </message>
    <message>
        <source>%1 (%2, user %3)</source>
        <translation>%1（%2、ユーザー %3）</translation>
    </message>
    <message>
        <source>%1 (user %2)</source>
        <translation>%1（ユーザー %2）</translation>
    </message>
    <message>
        <source>to %1 with routing key %2</source>
        <translation>%1 へ、ルーティングキー %2</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>%1 へ</translation>
    </message>
    <message>
        <source>no queue for routing key %1 on %2; returned to the publisher</source>
        <translation>%2 にルーティングキー %1 のキューなし。発行者に返却</translation>
    </message>
    <message>
        <source>no queue for routing key %1 on %2</source>
        <translation>%2 にルーティングキー %1 のキューなし</translation>
    </message>
    <message>
        <source>from %1 (get), delivery %2</source>
        <translation>%1 から (get)、%2 回目の配信</translation>
    </message>
    <message>
        <source>from %1 to consumer %2, delivery %3</source>
        <translation>%1 からコンシューマー %2 へ、%3 回目の配信</translation>
    </message>
    <message>
        <source>in %1, requeued</source>
        <translation>%1 で、キューに戻す</translation>
    </message>
    <message>
        <source>in %1, not requeued</source>
        <translation>%1 で、キューに戻さない</translation>
    </message>
    <message>
        <source>from %1 to %2 (%3)</source>
        <translation>%1 から %2 へ（%3）</translation>
    </message>
    <message>
        <source>from %1 to %2, now id %3</source>
        <translation>%1 から %2 へ、新しい ID %3</translation>
    </message>
    <message>
        <source>from %1 to %2, the copy is id %3</source>
        <translation>%1 から %2 へ、コピーの ID %3</translation>
    </message>
    <message>
        <source>a copy of id %1, from %2 to %3</source>
        <translation>ID %1 のコピー、%2 から %3 へ</translation>
    </message>
    <message>
        <source>edited and resent as id %1 to %2</source>
        <translation>編集して ID %1 として %2 へ再送信</translation>
    </message>
    <message>
        <source>edited from id %1 in %2</source>
        <translation>%2 の ID %1 から編集</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>%1 で</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Id %1</source>
        <translation>ID %1</translation>
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
        <translation>%1 に消失</translation>
    </message>
</context>
<context>
    <name>depot::ui::HistorySearchDialog</name>
    <message>
        <source>Find</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Find a Gone Message</source>
        <translation>消えたメッセージを探す</translation>
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
        <translation>Depot ID</translation>
    </message>
    <message>
        <source>What the message carried, such as order-10003</source>
        <translation>メッセージが持っていた値（例: order-10003）</translation>
    </message>
    <message>
        <source>A Depot id is a whole number above 0, such as 42.</source>
        <translation>Depot ID は 0 より大きい整数です（例: 42）。</translation>
    </message>
    <message>
        <source>Type what to look for.</source>
        <translation>検索する値を入力してください。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>Depot records no message stories (it runs with --history off).</source>
        <translation>Depot はメッセージの履歴を記録していません（--history off で実行中）。</translation>
    </message>
    <message>
        <source>No message found: it never came, or its story was forgotten (--history-retention, --history-max-events).</source>
        <translation>メッセージが見つかりません。届いていないか、履歴が破棄されました（--history-retention、--history-max-events）。</translation>
    </message>
    <message>
        <source>The broker is not running.</source>
        <translation>ブローカーが動作していません。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n 件のメッセージが見つかりました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>depot::ui::ConnectRemoteDialog</name>
    <message>
        <source>Connect to RabbitMQ</source>
        <translation>RabbitMQ に接続</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>新しいプロファイル</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>プロファイル(&amp;P):</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>staging</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Management URL:</source>
        <translation>管理 URL(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;AMQP URL:</source>
        <translation>AMQP URL(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>ユーザー(&amp;U):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>パスワード(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>忘れる(&amp;F)</translation>
    </message>
    <message>
        <source>Remove this saved profile and its password in the keychain</source>
        <translation>この保存済みプロファイルとキーチェーン内のパスワードを削除します</translation>
    </message>
    <message>
        <source>Keep the password in the system keychain</source>
        <translation>パスワードをシステムのキーチェーンに保存する</translation>
    </message>
    <message>
        <source>No keychain is available: the password is asked each time</source>
        <translation>キーチェーンがありません: パスワードは毎回尋ねられます</translation>
    </message>
    <message>
        <source>every vhost</source>
        <translation>すべての vhost</translation>
    </message>
    <message>
        <source>Show only this virtual host; leave empty for every vhost</source>
        <translation>この仮想ホストだけを表示します。すべての vhost なら空のままにします</translation>
    </message>
    <message>
        <source>&amp;Vhost:</source>
        <translation>Vhost(&amp;V):</translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation>システムの認証局</translation>
    </message>
    <message>
        <source>A CA file</source>
        <translation>CA ファイル</translation>
    </message>
    <message>
        <source>&amp;Trust:</source>
        <translation>信頼(&amp;T):</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA 証明書 (PEM)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>証明書 (*.pem *.crt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>C&amp;A file:</source>
        <translation>CA ファイル(&amp;A):</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation>クライアント証明書(&amp;E):</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>鍵 (*.pem *.key);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>クライアント鍵(&amp;K):</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>ファイルを選択</translation>
    </message>
    <message>
        <source>Give the broker a name</source>
        <translation>ブローカーに名前を付けてください</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteBrokerView</name>
    <message>
        <source>Enter password…</source>
        <translation>パスワードを入力…</translation>
    </message>
    <message>
        <source>Trust this certificate</source>
        <translation>この証明書を信頼する</translation>
    </message>
    <message>
        <source>Accept this certificate for this profile only, after checking its fingerprint with the broker&apos;s administrator</source>
        <translation>ブローカーの管理者とフィンガープリントを確認したうえで、このプロファイルに限りこの証明書を受け入れます</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>今すぐ再試行</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>エクスチェンジ</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message numerus="yes">
        <source>%1 at %2 — %Ln queue(s)</source>
        <translation>
            <numerusform>%2 の %1 — キュー %Ln 個</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 ready, %2 unacked, %3 connections, %4 consumers</source>
        <translation>、準備完了 %1、未確認 %2、接続 %3、コンシューマー %4</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 に接続中…</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>チャート</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteActions</name>
    <message>
        <source>Connect to &amp;RabbitMQ…</source>
        <translation>RabbitMQ に接続(&amp;R)…</translation>
    </message>
    <message>
        <source>C&amp;lose remote broker</source>
        <translation>リモートブローカーを閉じる(&amp;L)</translation>
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
        <translation>● %1 (%2): 接続中…</translation>
    </message>
    <message numerus="yes">
        <source>● %1 (%2): reachable · %3 · %Ln queue(s) · %4 ready · %5 unacked · %6</source>
        <translation>
            <numerusform>● %1 (%2): 到達可能 · %3 · キュー %Ln 個 · 準備完了 %4 · 未確認 %5 · %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln 個の接続</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>● %1 (%2): not reachable — %3</source>
        <translation>● %1 (%2): 到達できません — %3</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteBrokers</name>
    <message>
        <source>The broker the window shows</source>
        <translation>ウィンドウに表示するブローカー</translation>
    </message>
    <message>
        <source>This Depot</source>
        <translation>この Depot</translation>
    </message>
    <message>
        <source>The password was not saved: %1</source>
        <translation>パスワードは保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>%1 のパスワード</translation>
    </message>
    <message>
        <source>Password of %1 at %2:</source>
        <translation>%2 の %1 のパスワード:</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::ManagementJson</name>
    <message>
        <source>the answer is not JSON: %1</source>
        <translation>応答が JSON ではありません: %1</translation>
    </message>
    <message>
        <source>the answer is not a JSON list</source>
        <translation>応答が JSON のリストではありません</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>応答が JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>Node %1 is not running</source>
        <translation>ノード %1 は動作していません</translation>
    </message>
    <message>
        <source>Memory alarm on %1: publishers are blocked</source>
        <translation>%1 でメモリアラーム: パブリッシャーはブロックされています</translation>
    </message>
    <message>
        <source>Disk alarm on %1: publishers are blocked</source>
        <translation>%1 でディスクアラーム: パブリッシャーはブロックされています</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::PasswordVault</name>
    <message>
        <source>no keychain is available</source>
        <translation>キーチェーンがありません</translation>
    </message>
    <message>
        <source>no password is saved</source>
        <translation>パスワードは保存されていません</translation>
    </message>
    <message>
        <source>the keychain did not answer: %1</source>
        <translation>キーチェーンが応答しませんでした: %1</translation>
    </message>
    <message>
        <source>the keychain did not keep it: %1</source>
        <translation>キーチェーンに保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::RemoteBroker</name>
    <message>
        <source>The broker&apos;s certificate is not trusted (%1). SHA-256 fingerprint: %2</source>
        <translation>ブローカーの証明書は信頼されていません (%1)。SHA-256 フィンガープリント: %2</translation>
    </message>
    <message>
        <source>%1 refused the user name or password (HTTP 401)</source>
        <translation>%1 がユーザー名またはパスワードを拒否しました (HTTP 401)</translation>
    </message>
    <message numerus="yes">
        <source>%1 cannot be reached: %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 に接続できません: %2。%Ln 秒後に再試行します。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 answered HTTP %2. Trying again in %Ln second(s).</source>
        <translation>
            <numerusform>%1 が HTTP %2 を返しました。%Ln 秒後に再試行します。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused %2 with HTTP %3: %4</source>
        <translation>%1 が %2 を HTTP %3 で拒否しました: %4</translation>
    </message>
    <message>
        <source>%1 sent an answer Depot cannot read for %2: %3</source>
        <translation>%1 が %2 に対して Depot の読めない応答を返しました: %3</translation>
    </message>
</context>
<context>
    <name>depot::ui::remote::RemoteProfile</name>
    <message>
        <source>The management URL must be http:// or https:// with a host, e.g. http://rabbit.example:15672</source>
        <translation>管理 URL はホスト付きの http:// または https:// にしてください (例: http://rabbit.example:15672)</translation>
    </message>
    <message>
        <source>The AMQP URL must be amqp:// or amqps:// with a host, e.g. amqps://rabbit.example:5671</source>
        <translation>AMQP URL はホスト付きの amqp:// または amqps:// にしてください (例: amqps://rabbit.example:5671)</translation>
    </message>
    <message>
        <source>A user name is needed</source>
        <translation>ユーザー名が必要です</translation>
    </message>
    <message>
        <source>Choose the CA file that signed the broker&apos;s certificate</source>
        <translation>ブローカーの証明書に署名した CA ファイルを選んでください</translation>
    </message>
    <message>
        <source>A client certificate needs its key, and a key its certificate</source>
        <translation>クライアント証明書には鍵が、鍵には証明書が必要です</translation>
    </message>
</context>
<context>
    <name>depot::ui::RemoteMessagesPanel</name>
    <message>
        <source>Read messages…</source>
        <translation>メッセージを読む…</translation>
    </message>
    <message>
        <source>How many messages to read</source>
        <translation>読み取るメッセージの数</translation>
    </message>
    <message>
        <source>from offset</source>
        <translation>オフセットから</translation>
    </message>
    <message>
        <source>first</source>
        <translation>先頭</translation>
    </message>
    <message>
        <source>The stream offset to read from (x-stream-offset)</source>
        <translation>読み取りを始めるストリームのオフセット (x-stream-offset)</translation>
    </message>
    <message>
        <source>Filter: text in the body, routing key or death reason</source>
        <translation>フィルター: 本文、ルーティングキー、デッド理由のテキスト</translation>
    </message>
    <message>
        <source>Where they died (x-death)</source>
        <translation>デッドになった場所 (x-death)</translation>
    </message>
    <message>
        <source>Replay selected</source>
        <translation>選択を再送</translation>
    </message>
    <message>
        <source>Replay all</source>
        <translation>すべて再送</translation>
    </message>
    <message>
        <source>Move all</source>
        <translation>すべて移動</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>すべてコピー</translation>
    </message>
    <message>
        <source>Purge…</source>
        <translation>パージ…</translation>
    </message>
    <message>
        <source>to</source>
        <translation>宛先</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>ルーティングキー</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>再配信</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>デッドレター</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>Reading %1 failed: %2</source>
        <translation>%1 の読み取りに失敗しました: %2</translation>
    </message>
    <message>
        <source>Choose a queue on the left to read its messages.</source>
        <translation>メッセージを読むには左でキューを選んでください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is a stream: reading it from an offset changes nothing.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; はストリームです: オフセットから読んでも何も変わりません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: reading a classic queue takes its messages and puts them back (Depot asks first).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: クラシックキューを読むとメッセージを取り出して戻します (Depot は先に確認します)。</translation>
    </message>
    <message>
        <source>Replay matching</source>
        <translation>一致を再送</translation>
    </message>
    <message>
        <source>Move matching</source>
        <translation>一致を移動</translation>
    </message>
    <message>
        <source>Copy matching</source>
        <translation>一致をコピー</translation>
    </message>
    <message>
        <source>A stream keeps its messages: they cannot be taken off it</source>
        <translation>ストリームはメッセージを保持します: 取り出すことはできません</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <source>Reading %1 from offset %2…</source>
        <translation>%1 をオフセット %2 から読み取り中…</translation>
    </message>
    <message numerus="yes">
        <source>%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln message(s) with the management API&apos;s get and puts them straight back (requeue): RabbitMQ then marks them as redelivered, a consumer may see them in another order, and one may be delivered to a consumer meanwhile.

Read them?</source>
        <translation>
            <numerusform>%1 はクラシックキューです: RabbitMQ はメッセージを取り出さないと見せられません。Depot は管理 API の get で最大 %Ln 件を読み、すぐに戻します (requeue): RabbitMQ はそれらを再配信済みとし、コンシューマーには別の順序で見えることがあり、その間にコンシューマーへ配信されることもあります。

読みますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Read and requeue</source>
        <translation>読んで戻す</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 を読み取り中…</translation>
    </message>
    <message>
        <source>%1 refused to read %2: HTTP %3 %4</source>
        <translation>%1 が %2 の読み取りを拒否しました: HTTP %3 %4</translation>
    </message>
    <message>
        <source>Depot cannot read the messages of %1: %2</source>
        <translation>Depot は %1 のメッセージを読めません: %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) from the stream; nothing changed on it.</source>
        <translation>
            <numerusform>ストリームから %Ln 件を読みました。ストリームは変わっていません。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read %Ln message(s) and put them back; %1 were already marked redelivered.</source>
        <translation>
            <numerusform>%Ln 件を読んで戻しました。%1 件は既に再配信済みでした。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replayed %Ln selected message(s)</source>
        <translation>
            <numerusform>選択した %Ln 件を再送しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Replayed all</source>
        <translation>すべて再送しました</translation>
    </message>
    <message>
        <source>Replayed the matching</source>
        <translation>一致を再送しました</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>移動しました</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <source>Working on %1…</source>
        <translation>%1 を処理中…</translation>
    </message>
    <message>
        <source>%1: %2 of %3 messages looked at, %4 done — Cancel stops after the batch in hand.</source>
        <translation>%1: %3 件中 %2 件を確認、%4 件完了 — キャンセルは処理中のバッチの後で止まります。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln message(s) confirmed on the target</source>
        <translation>
            <numerusform>%1: 宛先で %Ln 件が確認されました</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 not chosen</source>
        <translation>%1 件は対象外</translation>
    </message>
    <message>
        <source>%1 without an x-death origin</source>
        <translation>%1 件は x-death の送信元なし</translation>
    </message>
    <message>
        <source>%1 unroutable</source>
        <translation>%1 件はルーティング不可</translation>
    </message>
    <message>
        <source>%1 unroutable (no queue %2: deleted or never there)</source>
        <translation>%1 件はルーティング不可（キュー %2 がありません: 削除されたか、元からありません）</translation>
    </message>
    <message>
        <source> — %1</source>
        <translation> — %1</translation>
    </message>
    <message>
        <source>%1 refused by the broker</source>
        <translation>%1 件はブローカーが拒否</translation>
    </message>
    <message>
        <source>; left in %1: %2</source>
        <translation>; %1 に残留: %2</translation>
    </message>
    <message>
        <source>; %1 may also still be in %2 (a duplicate)</source>
        <translation>; %1 件は %2 にも残っている可能性があります (重複)</translation>
    </message>
    <message>
        <source> — cancelled</source>
        <translation> — キャンセルしました</translation>
    </message>
    <message>
        <source> — stopped: %1 (nothing unconfirmed was taken off %2)</source>
        <translation> — 停止: %1 (未確認のものは %2 から取り出していません)</translation>
    </message>
    <message>
        <source>Purge %1 on %2? Its %3 ready messages are deleted for good.</source>
        <translation>%2 の %1 をパージしますか? 準備済みの %3 件のメッセージは完全に削除されます。</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>パージ</translation>
    </message>
    <message>
        <source>Purged %1.</source>
        <translation>%1 をパージしました。</translation>
    </message>
    <message>
        <source>%1 refused to purge %2: HTTP %3 %4</source>
        <translation>%1 が %2 のパージを拒否しました: HTTP %3 %4</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>エクスチェンジ</translation>
    </message>
    <message>
        <source>Where replayed, moved or copied messages go: the queue their x-death names, a queue, or an exchange with a routing key. To a queue they move in transactions (a crash neither loses nor doubles one); to an exchange with publisher confirms, one at a time (a crash may leave one in both places).</source>
        <translation>再送・移動・コピーしたメッセージの行き先: x-death が示すキュー、キュー、またはルーティングキー付きのエクスチェンジ。キューへはトランザクションで移します (クラッシュしても失われず、重複もしません)。エクスチェンジへはパブリッシャー確認で 1 件ずつ移します (クラッシュ後に 1 件が両方に残ることがあります)。</translation>
    </message>
    <message>
        <source>routing key</source>
        <translation>ルーティングキー</translation>
    </message>
</context>
<context>
    <name>depot::ui::TopicQueryBar</name>
    <message>
        <source>Q&amp;uery:</source>
        <translation>クエリ(&amp;U):</translation>
    </message>
    <message>
        <source>value.customer = &quot;frances&quot; and key ~ &quot;^eu-&quot; and age &lt; 1h</source>
        <translation>value.customer = &quot;frances&quot; and key ~ &quot;^eu-&quot; and age &lt; 1h</translation>
    </message>
    <message>
        <source>A query over records: topic, partition, offset, timestamp, age, size, key, value, headers.&lt;key&gt;; and, or, not (docs/query.md). Enter runs it.</source>
        <translation>レコードへのクエリ: topic、partition、offset、timestamp、age、size、key、value、headers.&lt;key&gt;; and、or、not (docs/query.md)。Enter で実行します。</translation>
    </message>
    <message>
        <source>This partition</source>
        <translation>このパーティション</translation>
    </message>
    <message>
        <source>This topic</source>
        <translation>このトピック</translation>
    </message>
    <message>
        <source>Topics matching</source>
        <translation>一致するトピック</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>すべてのトピック</translation>
    </message>
    <message>
        <source>Where the query looks</source>
        <translation>クエリの検索範囲</translation>
    </message>
    <message>
        <source>orders.*, audit</source>
        <translation>orders.*, audit</translation>
    </message>
    <message>
        <source>Topic names, or patterns with * and ?, separated by commas</source>
        <translation>トピック名、または * と ? を使ったパターン (カンマ区切り)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>This partition (%1)</source>
        <translation>このパーティション (%1)</translation>
    </message>
    <message>
        <source>This topic (%1)</source>
        <translation>このトピック (%1)</translation>
    </message>
    <message>
        <source>No topic or partition is selected: select one, or choose All topics.</source>
        <translation>トピックまたはパーティションが選択されていません: 選択するか、「すべてのトピック」を選んでください。</translation>
    </message>
    <message>
        <source>Say which topics: names or patterns such as orders.*, separated by commas.</source>
        <translation>トピックを指定してください: 名前または orders.* のようなパターン (カンマ区切り)。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>Depot is not running.</source>
        <translation>Depot は実行されていません。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>%1 of %2 records looked at in %3 of %4 topics</source>
        <translation>%4 トピック中 %3 トピック、%2 件中 %1 件のレコードを確認</translation>
    </message>
    <message>
        <source>Stopped: %1 (%2)</source>
        <translation>停止: %1 (%2)</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>キャンセル: %1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完了: %1</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>%1 文字目: %2</translation>
    </message>
    <message>
        <source>Nothing ran.</source>
        <translation>何も実行されていません。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln 件一致</numerusform>
        </translation>
    </message>
</context>
</TS>
