// End-to-end tests of `fqlite serve` with Fauna's official JS driver
// (fauna@2.5.0, pinned in package-lock.json). The Go test
// TestJSDriver (runtime/httpapi/clients_test.go) starts a server and runs
// `node --test` here with FQLITE_ENDPOINT and FQLITE_SECRET set. Under
// Node the driver speaks HTTP/2 cleartext (h2c), so these tests also
// cover the server's h2c path.
//
// Run by hand against a running server:
//   FQLITE_ENDPOINT=http://localhost:8443 FQLITE_SECRET=secret node --test clients/js/driver.test.mjs
// The seed tutorial sessions in seeds/ each need a fresh server (see
// seeds/lib.mjs).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import fauna from "fauna";

const {
  Client,
  fql,
  TimeStub,
  DateStub,
  Module,
  Document,
  DocumentReference,
  NamedDocument,
  NullDocument,
  Page,
  AbortError,
  QueryCheckError,
  QueryRuntimeError,
  ConstraintFailureError,
  AuthenticationError,
  InvalidRequestError,
  QueryTimeoutError,
} = fauna;

const endpoint = new URL(process.env.FQLITE_ENDPOINT ?? "http://localhost:8443");
const secret = process.env.FQLITE_SECRET ?? "secret";

const client = new Client({ endpoint, secret, http2_session_idle_ms: 500 });
after(() => client.close());

// A fresh collection name per run, so the suite can run twice against one server.
const suffix = Date.now().toString(36);
const coll = (name) => `${name}_${suffix}`;

test("a query answers with data, summary, txn_ts, stats", async () => {
  const res = await client.query(fql`1 + 1`);
  assert.equal(res.data, 2);
  assert.equal(res.summary, "");
  assert.equal(typeof res.txn_ts, "number");
  for (const k of ["compute_ops", "read_ops", "write_ops", "query_time_ms", "contention_retries",
    "storage_bytes_read", "storage_bytes_write", "rate_limits_hit"]) {
    assert.notEqual(res.stats[k], undefined, `stats.${k}`);
  }
  assert.equal(typeof res.schema_version, "number");
});

test("txn_ts moves between read-only queries", async () => {
  const a = await client.query(fql`"a"`);
  const b = await client.query(fql`"b"`);
  assert.ok(b.txn_ts > a.txn_ts, `${b.txn_ts} > ${a.txn_ts}`);
});

test("every value type round-trips through a template", async () => {
  const values = [
    "taco",
    "#{not interpolated}",
    "",
    true,
    false,
    null,
    0,
    42,
    -7,
    2 ** 31,          // @long
    -(2 ** 40),       // @long
    3.25,
    1e300,
    [1, "two", [3]],
    { a: 1, b: { c: [true] } },
    { "@weird": "key", n: 2 },
    new TimeStub("2023-10-16T01:02:03.456Z"),
    DateStub.from("2024-02-29"),
    new Uint8Array([1, 2, 3, 255]),
  ];
  for (const v of values) {
    const res = await client.query(fql`${v}`);
    assert.deepEqual(res.data, v, JSON.stringify(v));
  }
  const d = new Date("2023-10-16T01:02:03.456Z");
  const res = await client.query(fql`${d}`);
  assert.ok(res.data instanceof TimeStub);
  assert.equal(res.data.isoString, "2023-10-16T01:02:03.456Z");
  const big = await client.query(fql`${9007199254740993n}`, { long_type: "bigint" });
  assert.equal(big.data, 9007199254740993n);
});

test("interpolated values are bound, not pasted", async () => {
  const str = "foo";
  assert.equal((await client.query(fql`${str}.length`)).data, 3);
  const inner = fql`(${6} - 3)`;
  assert.equal((await client.query(fql`${"foo"}.length == ${inner}`)).data, true);
  const obj = { foo: "foo", bar: "bar" };
  assert.equal((await client.query(fql`let x = ${obj}
  x.foo + x.bar`)).data, "foobar");
  assert.deepEqual((await client.query(fql`${[fql`1`, { a: fql`2` }]}`)).data, [1, { a: 2 }]);
});

test("query arguments", async () => {
  const res = await client.query(fql`x + y.length`, { arguments: { x: 41, y: [1] } });
  assert.equal(res.data, 42);
});

test("query tags are echoed", async () => {
  const res = await client.query(fql`1`, { query_tags: { project: "teapot", hello: "world" } });
  assert.deepEqual(res.query_tags, { project: "teapot", hello: "world" });
});

test("documents, references, modules and null documents", async () => {
  const name = coll("Product");
  const created = await client.query(fql`Collection.create({ name: ${name} })`);
  assert.ok(created.data instanceof NamedDocument);
  assert.equal(created.data.name, name);
  // The next query reports the collection's creation as the schema version.
  const next = await client.query(fql`1`);
  assert.equal(next.schema_version, created.txn_ts);

  const mod = (await client.query(fql`Collection(${name})`)).data;
  assert.ok(mod instanceof Module);
  assert.equal(mod.name, name);

  const doc = (await client.query(fql`${mod}.create({ name: "cups", price: 6.98 })`)).data;
  assert.ok(doc instanceof Document);
  assert.equal(doc.name, "cups");
  assert.equal(doc.price, 6.98);
  assert.ok(doc.ts instanceof TimeStub);
  assert.equal(doc.coll.name, name);

  // A Document interpolated into a template is sent as a reference.
  const updated = (await client.query(fql`${doc}.update({ price: 7.5 })`)).data;
  assert.equal(updated.id, doc.id);
  assert.equal(updated.price, 7.5);

  // A document stored inside another comes back as a reference.
  const holder = (await client.query(fql`${mod}.create({ name: "holder", item: ${doc} })`)).data;
  assert.ok(holder.item instanceof DocumentReference);
  assert.equal(holder.item.id, doc.id);

  await client.query(fql`${doc}.delete()`);
  const gone = (await client.query(fql`${mod}.byId(${doc.id})`)).data;
  assert.ok(gone instanceof NullDocument, `got ${JSON.stringify(gone)}`);
  assert.equal(gone.cause, "not found");
});

test("pagination through the driver: pages of 16", async () => {
  const name = coll("Item");
  await client.query(fql`Collection.create({ name: ${name} })`);
  await client.query(fql`Array.sequence(0, 20).forEach(i => Collection(${name}).create({ n: i }))`);
  const sizes = [];
  const seen = [];
  for await (const page of client.paginate(fql`Collection(${name}).all().order(.n)`)) {
    sizes.push(page.length);
    for (const d of page) seen.push(d.n);
  }
  assert.deepEqual(sizes, [16, 4]);
  assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i));
  const first = (await client.query(fql`Collection(${name}).all().pageSize(5)`)).data;
  assert.ok(first instanceof Page);
  assert.equal(first.data.length, 5);
  assert.equal(typeof first.after, "string");
  const second = (await client.query(fql`Set.paginate(${first.after})`)).data;
  assert.equal(second.data.length, 5);
  assert.notEqual(second.data[0].id, first.data[0].id);
});

async function rejects(promise, cls, check) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (check) check(e);
    return;
  }
  assert.fail(`expected ${cls.name}, the query succeeded`);
}

test("error classes per error code", async () => {
  await rejects(client.query(fql`1 +`), QueryCheckError, (e) => {
    assert.equal(e.httpStatus, 400);
    assert.equal(e.code, "invalid_query");
    assert.match(e.queryInfo.summary, /\*query\*:1/);
  });
  await rejects(client.query(fql`1 / 0`), QueryRuntimeError, (e) => {
    assert.equal(e.httpStatus, 400);
    assert.equal(e.code, "divide_by_zero");
    assert.equal(typeof e.queryInfo.summary, "string");
  });
  await rejects(client.query(fql`abort({ reason: "no" })`), AbortError, (e) => {
    assert.equal(e.httpStatus, 400);
    assert.deepEqual(e.abort, { reason: "no" });
  });
  await rejects(client.query(fql`abort(null)`), AbortError, (e) => assert.equal(e.abort, null));
  await rejects(client.query(fql`${"x"} * 2`), QueryRuntimeError, (e) => {
    assert.match(e.queryInfo.summary, /<value> \* 2/);
  });

  const users = coll("User");
  await client.query(fql`Collection.create({ name: ${users}, constraints: [{ unique: ["email"] }] })`);
  await client.query(fql`Collection(${users}).create({ email: "a@b.c" })`);
  await rejects(client.query(fql`Collection(${users}).create({ email: "a@b.c" })`), ConstraintFailureError, (e) => {
    assert.equal(e.httpStatus, 400);
    assert.equal(e.code, "constraint_failure");
    assert.deepEqual(e.constraint_failures, [{ paths: [["email"]], message: "Failed unique constraint" }]);
  });

  await rejects(client.query(fql`1`, { arguments: { "not an identifier": 1 } }), InvalidRequestError,
    (e) => assert.equal(e.httpStatus, 400));

  const bad = new Client({ endpoint, secret: "not-the-secret" });
  try {
    await rejects(bad.query(fql`1`), AuthenticationError, (e) => {
      assert.equal(e.httpStatus, 401);
      assert.equal(e.queryInfo?.summary, undefined);
    });
  } finally {
    bad.close();
  }

  await rejects(
    client.query(fql`Array.sequence(0, 16000).fold(0, (a, i) => a + Array.sequence(0, 1000).fold(0, (b, j) => b + j))`,
      { query_timeout_ms: 1 }),
    QueryTimeoutError,
    (e) => assert.equal(e.httpStatus, 440));
});

test("simple format", async () => {
  const simple = new Client({ endpoint, secret, format: "simple" });
  try {
    const res = await simple.query(fql`{ n: 1, t: Time("2023-01-01T00:00:00Z"), l: 4294967296 }`);
    assert.deepEqual(res.data, { n: 1, t: "2023-01-01T00:00:00Z", l: 4294967296 });
  } finally {
    simple.close();
  }
});
