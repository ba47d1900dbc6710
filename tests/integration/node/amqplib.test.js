// node's amqplib against Depot (run by test_node_amqplib.py, which starts
// the broker and passes DEPOT_AMQP_URL). Confirm channel publishing,
// consume with prefetch and acks, assertQueue with arguments, a DLX round trip.
//
// Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ 3.10.8.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

let amqp;
try {
  amqp = require('amqplib');
} catch (error) {
  throw new Error('amqplib is missing: run `npm install` in tests/integration/node ' +
                  '(CTest does it in integration/node-install)');
}

const url = process.env.DEPOT_AMQP_URL;
if (!url) throw new Error('DEPOT_AMQP_URL is not set; run this through test_node_amqplib.py');

const created = { queues: [], exchanges: [] };
const unique = (prefix) => `depot-it.node-${prefix}.${crypto.randomBytes(6).toString('hex')}`;
const queueName = (prefix) => { const n = unique(prefix); created.queues.push(n); return n; };
const exchangeName = (prefix) => { const n = unique(prefix); created.exchanges.push(n); return n; };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let connection;
before(async () => { connection = await amqp.connect(url); });
after(async () => {
  const channel = await connection.createChannel();
  for (const q of created.queues) await channel.deleteQueue(q);
  for (const x of created.exchanges) await channel.deleteExchange(x);
  await connection.close();
});

async function getWithin(channel, queue, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const message = await channel.get(queue, { noAck: false });
    if (message) return message;
    await sleep(50);
  }
  throw new Error(`no message in ${queue} within ${ms} ms`);
}

test('confirm channel: every publish is acked by the broker', async () => {
  const channel = await connection.createConfirmChannel();
  const queue = queueName('confirm');
  await channel.assertQueue(queue, { durable: true });
  const acked = [];
  for (let i = 0; i < 200; i++) {
    channel.sendToQueue(queue, Buffer.from(`m${i}`), { persistent: true, messageId: String(i) },
      (error) => { assert.equal(error, null); acked.push(i); });
  }
  await channel.waitForConfirms();
  assert.equal(acked.length, 200);
  const { messageCount } = await channel.checkQueue(queue);
  assert.equal(messageCount, 200);
  await channel.close();
});

test('consume with prefetch never holds more than the prefetch unacked', async () => {
  const channel = await connection.createChannel();
  const queue = queueName('prefetch');
  await channel.assertQueue(queue);
  for (let i = 0; i < 30; i++) channel.sendToQueue(queue, Buffer.from(String(i)));
  await channel.prefetch(5);
  const unacked = [];
  const received = [];
  let maxUnacked = 0;
  const { consumerTag } = await channel.consume(queue, (message) => {
    unacked.push(message);
    received.push(Number(message.content.toString()));
    maxUnacked = Math.max(maxUnacked, unacked.length);
  });
  const deadline = Date.now() + 10000;
  while (received.length < 30 && Date.now() < deadline) {
    await sleep(30);
    if (unacked.length) channel.ack(unacked.shift());
  }
  while (unacked.length) channel.ack(unacked.shift());
  await channel.cancel(consumerTag);
  assert.equal(received.length, 30);
  assert.deepEqual(received, [...Array(30).keys()]);
  assert.ok(maxUnacked <= 5, `unacked reached ${maxUnacked}`);
  assert.equal(maxUnacked, 5);
  await channel.close();
});

test('assertQueue with arguments, and 406 on an inequivalent redeclare', async () => {
  const channel = await connection.createChannel();
  const queue = queueName('args');
  const ok = await channel.assertQueue(queue, {
    durable: true, messageTtl: 60000, maxLength: 100, maxPriority: 5,
    arguments: { 'x-overflow': 'reject-publish' },
  });
  assert.equal(ok.queue, queue);
  assert.equal(ok.messageCount, 0);
  const same = await channel.assertQueue(queue, {
    durable: true, messageTtl: 60000, maxLength: 100, maxPriority: 5,
    arguments: { 'x-overflow': 'reject-publish' },
  });
  assert.equal(same.queue, queue);
  const closed = new Promise((resolve) => channel.on('error', resolve));
  await assert.rejects(channel.assertQueue(queue, { durable: true, messageTtl: 1000 }),
    /PRECONDITION_FAILED - inequivalent arg 'x-message-ttl'/);
  const error = await closed;
  assert.equal(error.code, 406);
  // The connection is still fine.
  const other = await connection.createChannel();
  assert.equal((await other.checkQueue(queue)).messageCount, 0);
  await other.close();
});

test('dead-letter round trip: nack to the DLX, x-death, replay, count 2', async () => {
  const channel = await connection.createChannel();
  const dlx = exchangeName('dlx');
  const dlq = queueName('dlq');
  const work = queueName('work');
  await channel.assertExchange(dlx, 'topic', { durable: false });
  await channel.assertQueue(dlq);
  await channel.bindQueue(dlq, dlx, '#');
  await channel.assertQueue(work, { deadLetterExchange: dlx, deadLetterRoutingKey: 'failed.work' });

  channel.sendToQueue(work, Buffer.from('{"order":7}'),
    { contentType: 'application/json', headers: { attempt: 1 } });
  let message = await getWithin(channel, work);
  channel.nack(message, false, false);

  let dead = await getWithin(channel, dlq);
  assert.equal(dead.content.toString(), '{"order":7}');
  assert.equal(dead.fields.exchange, dlx);
  assert.equal(dead.fields.routingKey, 'failed.work');
  assert.equal(dead.properties.contentType, 'application/json');
  let death = dead.properties.headers['x-death'];
  assert.equal(death.length, 1);
  assert.equal(death[0].reason, 'rejected');
  assert.equal(death[0].queue, work);
  assert.equal(death[0].exchange, '');
  assert.deepEqual(death[0]['routing-keys'], [work]);
  assert.equal(Number(death[0].count), 1);
  assert.equal(dead.properties.headers.attempt, 1);

  // Replay to the work queue, fail again: the same x-death entry counts 2.
  channel.sendToQueue(work, dead.content, dead.properties);
  channel.ack(dead);
  message = await getWithin(channel, work);
  channel.reject(message, false);
  dead = await getWithin(channel, dlq);
  death = dead.properties.headers['x-death'];
  assert.equal(death.length, 1);
  assert.equal(Number(death[0].count), 2);
  channel.ack(dead);
  await channel.close();
});
