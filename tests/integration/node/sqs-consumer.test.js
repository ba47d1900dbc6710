// sqs-producer and sqs-consumer (npm) against Depot's SQS listener (run by
// test_sqs_node.py, which starts depot and passes DEPOT_SQS_ENDPOINT): what a
// producer sends, a consumer receives once and deletes.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

let sdk, Producer, Consumer;
try {
  sdk = require('@aws-sdk/client-sqs');
  ({ Producer } = require('sqs-producer'));
  ({ Consumer } = require('sqs-consumer'));
} catch (error) {
  throw new Error(`${error.message}: run \`npm install\` in tests/integration/node ` +
                  '(CTest does it in integration/node-install)');
}

const endpoint = process.env.DEPOT_SQS_ENDPOINT;
if (!endpoint) throw new Error('DEPOT_SQS_ENDPOINT is not set; run this through test_sqs_node.py');

const sqs = new sdk.SQSClient({
  endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const created = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
after(async () => {
  for (const QueueUrl of created) {
    try { await sqs.send(new sdk.DeleteQueueCommand({ QueueUrl })); } catch (_) { /* gone */ }
  }
  sqs.destroy();
});

async function counts(QueueUrl) {
  const { Attributes: a } = await sqs.send(new sdk.GetQueueAttributesCommand({
    QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
}

test('a producer\'s messages are consumed once and deleted', async () => {
  const name = `depot-it-consumer-${crypto.randomBytes(6).toString('hex')}`;
  const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({
    QueueName: name, Attributes: { VisibilityTimeout: '5' } }));
  created.push(QueueUrl);
  const producer = Producer.create({ queueUrl: QueueUrl, sqs, batchSize: 10 });
  const bodies = Array.from({ length: 25 }, (_, i) => `job-${i}`);
  const sent = await producer.send(bodies.map((body, i) => ({
    id: `id${i}`, body, messageAttributes: { n: { DataType: 'Number', StringValue: String(i) } } })));
  assert.equal(sent.length, 25);
  assert.equal(await producer.queueSize(), 25);

  const received = [];
  const errors = [];
  const consumer = Consumer.create({
    queueUrl: QueueUrl, sqs, batchSize: 10, waitTimeSeconds: 1, messageAttributeNames: ['All'],
    handleMessage: async (message) => {
      received.push(message);
      return message;      // acknowledged: sqs-consumer deletes it
    },
  });
  consumer.on('error', (error) => errors.push(error));
  consumer.on('processing_error', (error) => errors.push(error));
  consumer.start();
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const [visible, inFlight] = await counts(QueueUrl);
    if (received.length >= 25 && visible === 0 && inFlight === 0) break;
    await sleep(200);
  }
  consumer.stop({ abort: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(received.map((m) => m.Body).sort(), [...bodies].sort());
  for (const m of received) assert.equal(m.MessageAttributes.n.StringValue, m.Body.slice(4));
  assert.deepEqual(await counts(QueueUrl), [0, 0]);   // every one deleted
});
