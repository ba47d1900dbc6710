// @aws-sdk/client-sqs v3 against Depot's SQS listener: the AWS JSON 1.0
// protocol (run by test_sqs_node.py, which starts depot and passes
// DEPOT_SQS_ENDPOINT). Every action and every error AWS documents for it,
// checked by behaviour. Error names, query codes (the x-amzn-query-error
// header the SDK reads into error.Code) and HTTP statuses come from the SDK's
// own service model (awsQueryError traits), never from what Depot answers.
// The SDK checks MD5OfBody / MD5OfMessageAttributes of sends and receives
// itself and throws on a mismatch.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

let sdk;
try {
  sdk = require('@aws-sdk/client-sqs');
} catch (error) {
  throw new Error('@aws-sdk/client-sqs is missing: run `npm install` in tests/integration/node ' +
                  '(CTest does it in integration/node-install)');
}

const endpoint = process.env.DEPOT_SQS_ENDPOINT;
if (!endpoint) throw new Error('DEPOT_SQS_ENDPOINT is not set; run this through test_sqs_node.py');
const ACCOUNT = '000000000000';

const client = () => new sdk.SQSClient({
  endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const sqs = client();
const created = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueName = (prefix, fifo = false) =>
  `depot-it-${prefix}-${crypto.randomBytes(6).toString('hex')}${fifo ? '.fifo' : ''}`;

after(async () => {
  for (const QueueUrl of created) {
    try { await sqs.send(new sdk.DeleteQueueCommand({ QueueUrl })); } catch (_) { /* gone */ }
  }
  sqs.destroy();
});

// -- helpers ---------------------------------------------------------------
const call = (Command, input) => sqs.send(new sdk[`${Command}Command`](input));

async function createQueue(prefix, { fifo = false, attributes = {}, tags, name } = {}) {
  const Attributes = { ...attributes };
  if (fifo) Attributes.FifoQueue = 'true';
  const input = { QueueName: name || uniqueName(prefix, fifo), Attributes };
  if (tags) input.tags = tags;
  const { QueueUrl } = await call('CreateQueue', input);
  created.push(QueueUrl);
  return QueueUrl;
}

async function attributes(QueueUrl, names = ['All']) {
  return (await call('GetQueueAttributes', { QueueUrl, AttributeNames: names })).Attributes;
}

async function counts(QueueUrl) {
  const a = await attributes(QueueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
  return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
}

async function receive(QueueUrl, input = {}) {
  const out = await call('ReceiveMessage', {
    QueueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...input });
  return out.Messages || [];
}

async function waitUntil(probe, ms = 15000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await sleep(50);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

async function receiveOne(QueueUrl, input = {}, ms = 15000) {
  return waitUntil(async () => (await receive(QueueUrl, { MaxNumberOfMessages: 1, WaitTimeSeconds: 1, ...input }))[0],
    ms, `a message in ${QueueUrl}`);
}

async function drain(QueueUrl, expected, ms = 20000) {
  const got = [];
  const deadline = Date.now() + ms;
  while (got.length < expected && Date.now() < deadline) {
    const messages = await receive(QueueUrl, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    got.push(...messages);
    if (messages.length) {
      await call('DeleteMessageBatch', { QueueUrl, Entries: messages.map((m, i) => ({
        Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
    }
  }
  return got;
}

// The SDK's error: its name (the JSON __type), error.Code (from x-amzn-query-error) and the status.
const EXPECTED = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  ResourceNotFoundException: ['ResourceNotFoundException', 404],
  InvalidAttributeName: ['InvalidAttributeName', 400],
  InvalidAttributeValue: ['InvalidAttributeValue', 400],
  InvalidMessageContents: ['InvalidMessageContents', 400],
  // Common errors (no shape of their own: the SDK names them from the query code).
  InvalidParameterValue: ['InvalidParameterValue', 400],
  MissingParameter: ['MissingParameter', 400],
};

async function rejectsWith(shape, promise) {
  const [code, status] = EXPECTED[shape];
  let error;
  try { await promise; } catch (e) { error = e; }
  assert.ok(error, `expected ${shape}, got success`);
  assert.equal(error.$metadata && error.$metadata.httpStatusCode, status, `${shape}: ${error}`);
  assert.equal(error.Code, code, `${shape}: ${error.name} ${error.message}`);
  if (!['InvalidParameterValue', 'MissingParameter'].includes(shape)) assert.equal(error.name, shape);
  return error;
}

async function rawJson(action, payload, { path = '/', contentType = 'application/x-amz-json-1.0', body } = {}) {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Amz-Target': `AmazonSQS.${action}` },
    body: body !== undefined ? body : JSON.stringify(payload),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, json };
}

// -- the wire --------------------------------------------------------------
test('JSON responses and errors have AWS\'s shape', async () => {
  const ok = await rawJson('ListQueues', {});
  assert.equal(ok.status, 200, ok.text);
  assert.match(ok.headers.get('content-type'), /^application\/x-amz-json-1\.0/);
  assert.ok(ok.headers.get('x-amzn-requestid'));
  const missing = await rawJson('GetQueueUrl', { QueueName: uniqueName('none') });
  assert.equal(missing.status, 400, missing.text);
  assert.equal(missing.json.__type, 'com.amazonaws.sqs#QueueDoesNotExist');
  assert.ok(typeof missing.json.message === 'string' && missing.json.message.length > 0);
  assert.equal(missing.headers.get('x-amzn-query-error'), 'AWS.SimpleQueueService.NonExistentQueue;Sender');
});

test('malformed JSON, unknown target and wrong content type are clean errors', async () => {
  const bad = await rawJson('ListQueues', null, { body: '{"QueueNamePrefix": ' });
  assert.equal(bad.status, 400, bad.text);
  assert.ok(bad.json && bad.json.__type, bad.text);
  const unknown = await rawJson('NoSuchAction', {});
  assert.equal(unknown.status, 400, unknown.text);
  assert.match(unknown.json.__type, /UnknownOperationException$/);
  const wrongType = await rawJson('ListQueues', {}, { contentType: 'text/plain' });
  assert.ok(wrongType.status >= 400 && wrongType.status < 500, wrongType.text);
  // The listener still answers afterwards.
  assert.equal((await rawJson('ListQueues', {})).status, 200);
});

test('JSON requests may be posted to the queue URL\'s path', async () => {
  const QueueUrl = await createQueue('path');
  const path = new URL(QueueUrl).pathname;
  const sent = await rawJson('SendMessage', { QueueUrl, MessageBody: 'via path' }, { path });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.MD5OfMessageBody, crypto.createHash('md5').update('via path').digest('hex'));
  assert.equal((await receiveOne(QueueUrl)).Body, 'via path');
});

// -- queues ----------------------------------------------------------------
test('create, get url, list, delete', async () => {
  const name = uniqueName('life');
  const QueueUrl = await createQueue('life', { name });
  assert.equal(QueueUrl, `${endpoint}/${ACCOUNT}/${name}`);
  assert.equal((await call('GetQueueUrl', { QueueName: name })).QueueUrl, QueueUrl);
  assert.deepEqual((await call('ListQueues', { QueueNamePrefix: name })).QueueUrls, [QueueUrl]);
  await call('DeleteQueue', { QueueUrl });
  await waitUntil(async () => !(await call('ListQueues', { QueueNamePrefix: name })).QueueUrls, 10000, 'gone');
  await rejectsWith('QueueDoesNotExist', call('GetQueueUrl', { QueueName: name }));
  await rejectsWith('QueueDoesNotExist', call('SendMessage', { QueueUrl, MessageBody: 'x' }));
  await rejectsWith('QueueDoesNotExist', call('DeleteQueue', { QueueUrl }));
});

test('same name with other attributes is QueueAlreadyExists', async () => {
  const name = uniqueName('same');
  const QueueUrl = await createQueue('same', { name, attributes: { DelaySeconds: '3' } });
  assert.equal((await call('CreateQueue', { QueueName: name, Attributes: { DelaySeconds: '3' } })).QueueUrl, QueueUrl);
  await rejectsWith('QueueNameExists', call('CreateQueue', { QueueName: name, Attributes: { DelaySeconds: '4' } }));
});

test('ListQueues pages with MaxResults and NextToken', async () => {
  const prefix = uniqueName('page');
  const urls = [];
  for (let i = 0; i < 5; i++) urls.push(await createQueue('page', { name: `${prefix}-${i}` }));
  const seen = [];
  let NextToken;
  let pages = 0;
  do {
    const page = await call('ListQueues', { QueueNamePrefix: prefix, MaxResults: 2, NextToken });
    pages++;
    assert.ok((page.QueueUrls || []).length <= 2);
    seen.push(...(page.QueueUrls || []));
    NextToken = page.NextToken;
  } while (NextToken && pages < 10);
  assert.deepEqual(seen.sort(), urls.sort());
  assert.ok(pages >= 3);
});

test('GetQueueAttributes All with AWS\'s defaults; SetQueueAttributes validates', async () => {
  const name = uniqueName('attrs');
  const QueueUrl = await createQueue('attrs', { name });
  const a = await attributes(QueueUrl);
  assert.equal(a.QueueArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`);
  assert.equal(a.VisibilityTimeout, '30');
  assert.equal(a.MaximumMessageSize, '1048576');
  assert.equal(a.MessageRetentionPeriod, '345600');
  assert.equal(a.DelaySeconds, '0');
  assert.equal(a.ReceiveMessageWaitTimeSeconds, '0');
  assert.equal(a.ApproximateNumberOfMessages, '0');
  assert.match(a.CreatedTimestamp, /^\d+$/);
  assert.ok(Math.abs(Number(a.CreatedTimestamp) - Date.now() / 1000) < 120);
  await rejectsWith('InvalidAttributeName', call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Nope'] }));
  await call('SetQueueAttributes', { QueueUrl, Attributes: { VisibilityTimeout: '2', DelaySeconds: '1' } });
  assert.deepEqual(await attributes(QueueUrl, ['VisibilityTimeout', 'DelaySeconds']),
    { VisibilityTimeout: '2', DelaySeconds: '1' });
  for (const [key, value] of [['VisibilityTimeout', '43201'], ['MaximumMessageSize', '1023'],
    ['MessageRetentionPeriod', '1209601'], ['DelaySeconds', '901'], ['ReceiveMessageWaitTimeSeconds', '21']]) {
    await rejectsWith('InvalidAttributeValue', call('SetQueueAttributes', { QueueUrl, Attributes: { [key]: value } }));
  }
  await rejectsWith('InvalidAttributeName', call('SetQueueAttributes', { QueueUrl, Attributes: { Nope: '1' } }));
  assert.equal((await attributes(QueueUrl, ['VisibilityTimeout'])).VisibilityTimeout, '2');
});

test('tags: at create, TagQueue, UntagQueue, ListQueueTags', async () => {
  const QueueUrl = await createQueue('tags', { tags: { a: '1' } });
  assert.deepEqual((await call('ListQueueTags', { QueueUrl })).Tags, { a: '1' });
  await call('TagQueue', { QueueUrl, Tags: { b: '2' } });
  assert.deepEqual((await call('ListQueueTags', { QueueUrl })).Tags, { a: '1', b: '2' });
  await call('UntagQueue', { QueueUrl, TagKeys: ['a', 'b'] });
  assert.equal((await call('ListQueueTags', { QueueUrl })).Tags, undefined);
});

test('AddPermission and RemovePermission edit the Policy', async () => {
  const QueueUrl = await createQueue('perm');
  await call('AddPermission', { QueueUrl, Label: 'readers', AWSAccountIds: ['111122223333'],
    Actions: ['ReceiveMessage'] });
  const policy = JSON.parse((await attributes(QueueUrl, ['Policy'])).Policy);
  const statement = policy.Statement.find((s) => s.Sid === 'readers');
  assert.ok(statement, JSON.stringify(policy));
  // AWS's generated policy: one action or principal is a string.
  assert.equal(statement.Action, 'SQS:ReceiveMessage');
  assert.deepEqual(statement.Principal, { AWS: 'arn:aws:iam::111122223333:root' });
  assert.equal(statement.Effect, 'Allow');
  assert.equal(statement.Resource, `arn:aws:sqs:us-east-1:${ACCOUNT}:${QueueUrl.split('/').pop()}`);
  await call('RemovePermission', { QueueUrl, Label: 'readers' });
  // With no statement left AWS may leave the attribute out (and Attributes with it).
  const after = (await attributes(QueueUrl, ['Policy']))?.Policy;
  if (after) assert.ok(!JSON.parse(after).Statement.some((s) => s.Sid === 'readers'));
});

test('PurgeQueue empties the queue', async () => {
  const QueueUrl = await createQueue('purge');
  await call('SendMessageBatch', { QueueUrl, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) });
  await waitUntil(async () => (await counts(QueueUrl))[0] === 3, 10000, '3 visible');
  await call('PurgeQueue', { QueueUrl });
  await waitUntil(async () => (await counts(QueueUrl)).every((n) => n === 0), 10000, 'empty');
  assert.deepEqual(await receive(QueueUrl, { WaitTimeSeconds: 1 }), []);
  await rejectsWith('QueueDoesNotExist', call('PurgeQueue', { QueueUrl: `${QueueUrl}-missing` }));
});

test('PurgeQueue empties in-flight messages too', async () => {
  const QueueUrl = await createQueue('purgeinflight');
  await call('SendMessageBatch', { QueueUrl, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) });
  await receiveOne(QueueUrl, { VisibilityTimeout: 1 });
  await call('PurgeQueue', { QueueUrl });
  await waitUntil(async () => (await counts(QueueUrl)).every((n) => n === 0), 10000, 'empty');
  await sleep(1500);
  assert.deepEqual(await receive(QueueUrl, { WaitTimeSeconds: 1 }), []);
});

// -- messages --------------------------------------------------------------
test('send then receive: body, attributes, MD5s and system attributes', async () => {
  const QueueUrl = await createQueue('roundtrip');
  const MessageAttributes = {
    s: { DataType: 'String', StringValue: 'wörld ✓' },
    n: { DataType: 'Number', StringValue: '-1.5e3' },
    f: { DataType: 'Number.float', StringValue: '0.25' },
    b: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 254, 255]) },
    c: { DataType: 'Binary.custom', BinaryValue: Uint8Array.from([9]) },
  };
  const body = 'Grüße 𝄞 {"json": true} <xml/>';
  const sent = await call('SendMessage', { QueueUrl, MessageBody: body, MessageAttributes });
  assert.equal(sent.MD5OfMessageBody, crypto.createHash('md5').update(body).digest('hex'));
  assert.match(sent.MD5OfMessageAttributes, /^[0-9a-f]{32}$/);
  const [m] = await receive(QueueUrl, { WaitTimeSeconds: 5 });
  assert.equal(m.Body, body);
  assert.equal(m.MessageId, sent.MessageId);
  assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  assert.deepEqual(Object.keys(m.MessageAttributes).sort(), ['b', 'c', 'f', 'n', 's']);
  for (const [k, v] of Object.entries(MessageAttributes)) {
    assert.equal(m.MessageAttributes[k].DataType, v.DataType);
    if (v.BinaryValue) assert.deepEqual(Buffer.from(m.MessageAttributes[k].BinaryValue), Buffer.from(v.BinaryValue));
    else assert.equal(m.MessageAttributes[k].StringValue, v.StringValue);
  }
  assert.equal(m.Attributes.ApproximateReceiveCount, '1');
  assert.match(m.Attributes.SentTimestamp, /^\d{13}$/);
  assert.match(m.Attributes.ApproximateFirstReceiveTimestamp, /^\d{13}$/);
  assert.ok(m.Attributes.SenderId);
});

test('AWSTraceHeader from the system attributes and from X-Amzn-Trace-Id', async () => {
  const QueueUrl = await createQueue('trace');
  const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
  const sent = await call('SendMessage', { QueueUrl, MessageBody: 't',
    MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } } });
  assert.match(sent.MD5OfMessageSystemAttributes, /^[0-9a-f]{32}$/);
  assert.equal((await receiveOne(QueueUrl)).Attributes.AWSTraceHeader, trace);
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: {
    'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage',
    'X-Amzn-Trace-Id': 'Root=1-00000000-000000000000000000000001' },
  body: JSON.stringify({ QueueUrl, MessageBody: 'from header' }) });
  assert.equal(response.status, 200, await response.text());
  assert.equal((await receiveOne(QueueUrl)).Attributes.AWSTraceHeader, 'Root=1-00000000-000000000000000000000001');
});

test('message errors: contents, size, delay, receive limits, handles', async () => {
  const QueueUrl = await createQueue('errors', { attributes: { MaximumMessageSize: '1024' } });
  await rejectsWith('InvalidMessageContents', call('SendMessage', { QueueUrl, MessageBody: 'bell\u0007' }));
  await rejectsWith('InvalidParameterValue', call('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(1025) }));
  await rejectsWith('InvalidParameterValue', call('SendMessage', { QueueUrl, MessageBody: 'x', DelaySeconds: 901 }));
  await rejectsWith('InvalidParameterValue', call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 11 }));
  await rejectsWith('InvalidParameterValue', call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 21 }));
  for (const promise of [call('DeleteMessage', { QueueUrl, ReceiptHandle: 'garbage' }),
    call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: 'garbage', VisibilityTimeout: 1 })]) {
    const error = await promise.then(() => null, (e) => e);
    assert.ok(error, 'a garbage receipt handle was accepted');
    assert.equal(error.name, 'ReceiptHandleIsInvalid');
    assert.equal(error.Code, 'ReceiptHandleIsInvalid');
  }
  assert.deepEqual(await counts(QueueUrl), [0, 0]);
});

test('ReceiptHandleIsInvalid has AWS\'s status', async () => {
  const QueueUrl = await createQueue('handles');
  await rejectsWith('ReceiptHandleIsInvalid', call('DeleteMessage', { QueueUrl, ReceiptHandle: 'garbage' }));
  await rejectsWith('ReceiptHandleIsInvalid', call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: 'garbage',
    VisibilityTimeout: 1 }));
});

test('visibility expiry: received again with ApproximateReceiveCount 2', async () => {
  const QueueUrl = await createQueue('vis');
  await call('SendMessage', { QueueUrl, MessageBody: 'again' });
  const first = await receiveOne(QueueUrl, { VisibilityTimeout: 1 });
  const second = await receiveOne(QueueUrl, { VisibilityTimeout: 30 });
  assert.equal(second.MessageId, first.MessageId);
  assert.equal(second.Attributes.ApproximateReceiveCount, '2');
  assert.notEqual(second.ReceiptHandle, first.ReceiptHandle);
  await call('DeleteMessage', { QueueUrl, ReceiptHandle: second.ReceiptHandle });
  await waitUntil(async () => (await counts(QueueUrl)).every((n) => n === 0), 10000, 'deleted');
});

test('ChangeMessageVisibility(+Batch) releases and extends; MessageNotInflight', async () => {
  const QueueUrl = await createQueue('cmv');
  await call('SendMessage', { QueueUrl, MessageBody: 'm' });
  let m = await receiveOne(QueueUrl, { VisibilityTimeout: 300 });
  await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 });
  m = await receiveOne(QueueUrl, { VisibilityTimeout: 1 });
  assert.equal(m.Attributes.ApproximateReceiveCount, '2');
  const batch = await call('ChangeMessageVisibilityBatch', { QueueUrl, Entries: [
    { Id: 'long', ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 300 },
    { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 1 }] });
  assert.deepEqual(batch.Successful.map((e) => e.Id), ['long']);
  assert.deepEqual(batch.Failed.map((e) => [e.Id, e.Code, e.SenderFault]), [['bad', 'ReceiptHandleIsInvalid', true]]);
  await sleep(2000);
  assert.deepEqual(await receive(QueueUrl, { WaitTimeSeconds: 1 }), []);
  await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 1 });
  await waitUntil(async () => (await counts(QueueUrl))[0] === 1, 15000, 'visible again');
  await rejectsWith('MessageNotInflight', call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: m.ReceiptHandle,
    VisibilityTimeout: 5 }));
});

test('delay per message', async () => {
  const QueueUrl = await createQueue('delay');
  await call('SendMessage', { QueueUrl, MessageBody: 'delayed', DelaySeconds: 2 });
  await call('SendMessage', { QueueUrl, MessageBody: 'now' });
  assert.deepEqual((await receive(QueueUrl, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })).map((m) => m.Body),
    ['now']);
  assert.equal((await receiveOne(QueueUrl)).Body, 'delayed');
});

test('delay per queue', async () => {
  const QueueUrl = await createQueue('qdelay', { attributes: { DelaySeconds: '2' } });
  await call('SendMessage', { QueueUrl, MessageBody: 'queue-delayed' });
  await call('SendMessage', { QueueUrl, MessageBody: 'now', DelaySeconds: 0 });
  assert.deepEqual((await receive(QueueUrl, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })).map((m) => m.Body),
    ['now']);
  assert.equal((await receiveOne(QueueUrl)).Body, 'queue-delayed');
});

test('a long poll returns as soon as a message is sent', async () => {
  const QueueUrl = await createQueue('longpoll');
  const other = client();
  const started = Date.now();
  const poll = other.send(new sdk.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  let settled = false;
  poll.finally(() => { settled = true; });
  await sleep(1000);
  assert.equal(settled, false, 'a 20 s long poll on an empty queue returned at once');
  await call('SendMessage', { QueueUrl, MessageBody: 'wake' });
  const { Messages } = await poll;
  other.destroy();
  assert.deepEqual(Messages.map((m) => m.Body), ['wake']);
  assert.ok(Date.now() - started < 15000, 'woken by the send, not by the 20 s running out');
});

// -- batches ---------------------------------------------------------------
test('SendMessageBatch, ReceiveMessage(10), DeleteMessageBatch', async () => {
  const QueueUrl = await createQueue('batch');
  const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `body-${i}` }));
  const sent = await call('SendMessageBatch', { QueueUrl, Entries });
  assert.deepEqual(sent.Failed || [], []);
  assert.deepEqual(sent.Successful.map((e) => e.Id).sort(), Entries.map((e) => e.Id).sort());
  for (const ok of sent.Successful) {
    assert.equal(ok.MD5OfMessageBody, crypto.createHash('md5').update(`body-${ok.Id.slice(1)}`).digest('hex'));
  }
  const got = await drain(QueueUrl, 10);
  assert.deepEqual(got.map((m) => m.Body).sort(), Entries.map((e) => e.MessageBody).sort());
  await waitUntil(async () => (await counts(QueueUrl)).every((n) => n === 0), 10000, 'deleted');
});

test('batch errors store nothing', async () => {
  const QueueUrl = await createQueue('batcherr');
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
  await rejectsWith('TooManyEntriesInBatchRequest', call('SendMessageBatch', { QueueUrl, Entries: eleven }));
  await rejectsWith('EmptyBatchRequest', call('SendMessageBatch', { QueueUrl, Entries: [] }));
  await rejectsWith('BatchEntryIdsNotDistinct', call('SendMessageBatch', { QueueUrl, Entries: [
    { Id: 'a', MessageBody: '1' }, { Id: 'a', MessageBody: '2' }] }));
  await rejectsWith('InvalidBatchEntryId', call('SendMessageBatch', { QueueUrl, Entries: [
    { Id: 'not valid!', MessageBody: '1' }] }));
  const big = 'y'.repeat(200 * 1024);
  await rejectsWith('BatchRequestTooLong', call('SendMessageBatch', { QueueUrl,
    Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `b${i}`, MessageBody: big })) }));
  await rejectsWith('TooManyEntriesInBatchRequest', call('DeleteMessageBatch', { QueueUrl,
    Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `d${i}`, ReceiptHandle: 'h' })) }));
  await rejectsWith('EmptyBatchRequest', call('DeleteMessageBatch', { QueueUrl, Entries: [] }));
  await rejectsWith('EmptyBatchRequest', call('ChangeMessageVisibilityBatch', { QueueUrl, Entries: [] }));
  assert.deepEqual(await counts(QueueUrl), [0, 0]);
});

// -- dead letters ------------------------------------------------------------
test('redrive after maxReceiveCount, ListDeadLetterSourceQueues, message move task', async () => {
  const dlq = await createQueue('dlq');
  const dlqArn = (await attributes(dlq, ['QueueArn'])).QueueArn;
  const source = await createQueue('src', { attributes: {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } });
  const sourceArn = (await attributes(source, ['QueueArn'])).QueueArn;
  const sent = await call('SendMessage', { QueueUrl: source, MessageBody: 'poison' });
  const first = await receiveOne(source, { VisibilityTimeout: 1 });
  assert.equal(first.Attributes.ApproximateReceiveCount, '1');
  // A receive past maxReceiveCount moves the message (AWS moves it on that receive).
  await waitUntil(async () => {
    await receive(source, { WaitTimeSeconds: 1, VisibilityTimeout: 1 });
    return (await counts(dlq))[0] === 1;
  }, 30000, 'the message moved to the DLQ');
  const dead = await receiveOne(dlq, { VisibilityTimeout: 1 }, 20000);
  assert.equal(dead.MessageId, sent.MessageId);
  assert.equal(dead.Body, 'poison');
  assert.equal(dead.Attributes.DeadLetterQueueSourceArn, sourceArn);
  assert.deepEqual((await call('ListDeadLetterSourceQueues', { QueueUrl: dlq })).queueUrls, [source]);
  await waitUntil(async () => (await counts(dlq))[0] === 1, 15000, 'the dead letter visible again');

  const { TaskHandle } = await call('StartMessageMoveTask', { SourceArn: dlqArn });
  assert.ok(TaskHandle);
  const back = await receiveOne(source, { VisibilityTimeout: 30 }, 20000);
  assert.equal(back.Body, 'poison');
  const tasks = await waitUntil(async () => {
    const { Results } = await call('ListMessageMoveTasks', { SourceArn: dlqArn });
    return Results && Results.find((t) => t.Status === 'COMPLETED') && Results;
  }, 15000, 'a COMPLETED move task');
  const done = tasks.find((t) => t.Status === 'COMPLETED');
  assert.equal(done.SourceArn, dlqArn);
  assert.equal(done.ApproximateNumberOfMessagesMoved, 1);
  await rejectsWith('ResourceNotFoundException', call('CancelMessageMoveTask', { TaskHandle: 'nonsense' }));
  await rejectsWith('QueueDoesNotExist', call('ListDeadLetterSourceQueues', { QueueUrl: `${dlq}-missing` }));
});

// -- FIFO --------------------------------------------------------------------
test('FIFO: order per group, a blocked group, SequenceNumber', async () => {
  const QueueUrl = await createQueue('fifo', { fifo: true });
  const sequences = [];
  for (const [group, body] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3']]) {
    const sent = await call('SendMessage', { QueueUrl, MessageBody: body, MessageGroupId: group,
      MessageDeduplicationId: body });
    assert.match(sent.SequenceNumber, /^\d+$/);
    sequences.push(BigInt(sent.SequenceNumber));
  }
  for (let i = 1; i < sequences.length; i++) assert.ok(sequences[i] > sequences[i - 1]);
  const [first] = await receive(QueueUrl, { MaxNumberOfMessages: 1, VisibilityTimeout: 300, WaitTimeSeconds: 5 });
  assert.equal(first.Body, 'a1');
  assert.equal(first.Attributes.MessageGroupId, 'a');
  const rest = await receive(QueueUrl, { MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 1 });
  assert.deepEqual(rest.map((m) => m.Body), ['b1']);
  await call('DeleteMessage', { QueueUrl, ReceiptHandle: first.ReceiptHandle });
  const next = await drain(QueueUrl, 2);
  assert.deepEqual(next.map((m) => m.Body), ['a2', 'a3']);
});

test('FIFO: deduplication by id and by content', async () => {
  const QueueUrl = await createQueue('dedup', { fifo: true, attributes: { ContentBasedDeduplication: 'true' } });
  const one = await call('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
  const two = await call('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
  assert.equal(two.MessageId, one.MessageId);
  await call('SendMessage', { QueueUrl, MessageBody: 'other', MessageGroupId: 'g', MessageDeduplicationId: 'x' });
  await call('SendMessage', { QueueUrl, MessageBody: 'other again', MessageGroupId: 'g', MessageDeduplicationId: 'x' });
  const got = await drain(QueueUrl, 4, 4000);
  assert.deepEqual(got.map((m) => m.Body), ['same', 'other']);
  assert.equal(got[0].Attributes.MessageDeduplicationId, crypto.createHash('sha256').update('same').digest('hex'));
});

test('FIFO: a ReceiveRequestAttemptId retry returns the same messages and handles', async () => {
  const QueueUrl = await createQueue('attempt', { fifo: true });
  for (const body of ['m0', 'm1', 'm2']) {
    await call('SendMessage', { QueueUrl, MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: body });
  }
  const input = { MaxNumberOfMessages: 2, VisibilityTimeout: 300, ReceiveRequestAttemptId: 'attempt-1' };
  const first = await receive(QueueUrl, { ...input, WaitTimeSeconds: 5 });
  assert.deepEqual(first.map((m) => m.Body), ['m0', 'm1']);
  const again = await receive(QueueUrl, input);
  assert.deepEqual(again.map((m) => [m.MessageId, m.ReceiptHandle]), first.map((m) => [m.MessageId, m.ReceiptHandle]));
  // Another attempt id is another receive: the group waits behind the two in flight.
  assert.deepEqual(await receive(QueueUrl, { ...input, ReceiveRequestAttemptId: 'attempt-2' }), []);
  await call('DeleteMessage', { QueueUrl, ReceiptHandle: first[0].ReceiptHandle });
  assert.deepEqual(await receive(QueueUrl, input), []);
});

test('FIFO send errors', async () => {
  const QueueUrl = await createQueue('fifoerr', { fifo: true });
  await rejectsWith('MissingParameter', call('SendMessage', { QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' }));
  await rejectsWith('InvalidParameterValue', call('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }));
  assert.deepEqual(await counts(QueueUrl), [0, 0]);
});
