// kafkajs 2 against Depot's Kafka listener (DEPOT_KAFKA_BOOTSTRAP, started by
// test_kafka_node.py): the admin client, a producer (plain and gzip batches,
// keys and headers, acks=all) and a consumer group that commits and resumes.
// Expected values are what was produced and Kafka's own rules (order per
// partition, committed offsets are the next offset to read), never what
// Depot answered before.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Kafka, logLevel, CompressionTypes } = require('kafkajs');

const bootstrap = process.env.DEPOT_KAFKA_BOOTSTRAP;
const kafka = new Kafka({
  clientId: 'depot-it-kafkajs',
  brokers: [bootstrap],
  logLevel: logLevel.NOTHING,
  retry: { retries: 3, initialRetryTime: 100 },
});
const admin = kafka.admin();

function name(prefix) {
  return `depot-it-${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

// Runs a consumer of `group` on `topic` until `count` messages have come in
// (or `ms` passed), then stops it; returns them in arrival order.
async function consume(group, topic, count, ms = 20000) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 500,
                                    maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({
        partition,
        offset: Number(message.offset),
        key: message.key ? message.key.toString() : null,
        value: message.value.toString(),
        headers: Object.fromEntries(Object.entries(message.headers || {}).map(([k, v]) => [k, v.toString()])),
      });
      if (got.length >= count) done();
    },
  });
  const timer = setTimeout(done, ms);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect(); // commits what was processed, leaves the group
  return got;
}

before(async () => {
  assert.ok(bootstrap, 'DEPOT_KAFKA_BOOTSTRAP is not set');
  await admin.connect();
});

after(async () => {
  await admin.disconnect();
});

test('admin creates, lists, describes and deletes topics', async () => {
  const topic = name('admin');
  assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }), true);
  // A second create of the same topic is TOPIC_ALREADY_EXISTS, which kafkajs reports as false.
  assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), false);
  assert.ok((await admin.listTopics()).includes(topic));
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  assert.equal(metadata.topics[0].partitions.length, 3);
  for (const p of metadata.topics[0].partitions) {
    assert.equal(p.partitionErrorCode, 0);
    assert.deepEqual(p.replicas, [p.leader]);
  }
  await admin.deleteTopics({ topics: [topic] });
  assert.ok(!(await admin.listTopics()).includes(topic));
});

test('keyed records with headers keep their order per partition, plain and gzip', async () => {
  const topic = name('produce');
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const sent = [];
  for (const [compression, batch] of [[CompressionTypes.None, 'plain'], [CompressionTypes.GZIP, 'gzip']]) {
    const messages = [];
    for (let i = 0; i < 20; i++) {
      const m = { key: `order-${i % 4}`, value: `${batch} ${i} für Frances`, headers: { batch, n: String(i) } };
      messages.push(m);
      sent.push(m);
    }
    const results = await producer.send({ topic, acks: -1, compression, messages });
    for (const r of results) assert.equal(r.errorCode, 0);
  }
  await producer.disconnect();

  const offsets = await admin.fetchTopicOffsets(topic);
  assert.equal(offsets.reduce((sum, p) => sum + Number(p.high), 0), sent.length);
  for (const p of offsets) assert.equal(Number(p.low), 0);

  const got = await consume(name('group'), topic, sent.length);
  assert.equal(got.length, sent.length);
  // One key, one partition; within a key, the order it was produced in.
  const partitionOfKey = new Map();
  for (const m of got) {
    if (partitionOfKey.has(m.key)) assert.equal(partitionOfKey.get(m.key), m.partition, `key ${m.key}`);
    partitionOfKey.set(m.key, m.partition);
  }
  for (const key of partitionOfKey.keys()) {
    const expected = sent.filter((m) => m.key === key).map((m) => [m.value, m.headers.batch, m.headers.n]);
    const actual = got.filter((m) => m.key === key).map((m) => [m.value, m.headers.batch, m.headers.n]);
    assert.deepEqual(actual, expected, `key ${key}`);
  }
  // Offsets within a partition are consecutive from 0.
  for (const partition of new Set(got.map((m) => m.partition))) {
    const list = got.filter((m) => m.partition === partition).map((m) => m.offset);
    assert.deepEqual(list, list.map((_, i) => i));
  }
});

test('a consumer group commits and a new member resumes after the committed offset', async () => {
  const topic = name('resume');
  const group = name('group');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [1, 2, 3, 4, 5].map((i) => ({ value: `first ${i}` })) });

  const first = await consume(group, topic, 5);
  assert.deepEqual(first.map((m) => m.value), [1, 2, 3, 4, 5].map((i) => `first ${i}`));
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  assert.equal(committed[0].partitions[0].offset, '5');

  await producer.send({ topic, acks: -1, messages: [{ value: 'second 1' }, { value: 'second 2' }] });
  await producer.disconnect();
  const second = await consume(group, topic, 2);
  assert.deepEqual(second.map((m) => [m.offset, m.value]), [[5, 'second 1'], [6, 'second 2']]);
  const after = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  assert.equal(after[0].partitions[0].offset, '7');
});

test('producing to a topic that does not exist fails without creating it', async () => {
  const topic = name('missing');
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 50 } });
  await producer.connect();
  await assert.rejects(producer.send({ topic, acks: -1, messages: [{ value: 'x' }] }));
  await producer.disconnect();
  assert.ok(!(await admin.listTopics()).includes(topic));
});
