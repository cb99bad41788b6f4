/**
 * The relay refuses upgrades before the websocket handshake (HTTP status, no socket), and
 * serves its health and metrics endpoints.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, SECRET, SyncTestClient, testRelay, token, upgradeStatus, waitFor } from './relay-support';
import WebSocket from 'ws';
import { decodeFrame } from '../../shared/sync/protocol';
import { issueToken } from '../../sync-server/token';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

describe('relay auth', () => {
  it('refuses missing, malformed, forged, expired and other-space tokens with an HTTP status', async () => {
    const relay = await testRelay(cleanup);
    const base = `${relay.url}/sync/space1`;
    const expired = issueToken({ space: 'space1', member: 'm', role: 'writer', ttlSeconds: 60 }, SECRET, Date.now() - 120_000);
    const forged = issueToken({ space: 'space1', member: 'm', role: 'writer', ttlSeconds: 60 }, 'not-the-relay-secret-000');
    const cases: [string, string, number, RegExp][] = [
      ['missing', base, 401, /token required/],
      ['malformed', `${base}?token=hello`, 401, /malformed/],
      ['malformed payload', `${base}?token=aGk.aGk`, 401, /invalid token/],
      ['forged', `${base}?token=${forged}`, 401, /invalid token/],
      ['expired', `${base}?token=${expired}`, 401, /expired/],
      ['other space', `${relay.url}/sync/space2?token=${token('space1')}`, 403, /another space/],
      ['other space on /y/', `${relay.url}/y/space2/page/a?token=${token('space1')}`, 403, /another space/],
      ['unknown endpoint', `${relay.url}/nope?token=${token('space1')}`, 404, /no such endpoint/],
      ['bad space id', `${relay.url}/sync/a%20b?token=${token('space1')}`, 400, /space id/],
    ];
    for (const [name, url, status, body] of cases) {
      const result = await upgradeStatus(url);
      expect({ name, status: result.status }).toEqual({ name, status });
      expect(result.body).toMatch(body);
    }
    const metrics = (await get(`${relay.url.replace('ws', 'http')}/metrics`)).body;
    expect(metrics).toMatch(/baton_relay_rejected_total\{reason="unauthorized_missing"\} 1/);
    expect(metrics).toMatch(/baton_relay_rejected_total\{reason="forbidden_space"\} 2/);
    expect(metrics).not.toMatch(/baton_relay_connections_opened_total/);
  });

  it('accepts a bearer header as well as ?token=', async () => {
    const relay = await testRelay(cleanup);
    const ws = new WebSocket(`${relay.url}/sync/space1`, { headers: { Authorization: `Bearer ${token('space1')}` } });
    const first = await new Promise<Buffer>((resolve, reject) => {
      ws.once('message', resolve);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    expect(decodeFrame(new Uint8Array(first))).toEqual({ docId: '', type: 'doc-list', docIds: [], final: true });
    ws.close();
  });

  it('limits connections per space with 429, counting both endpoints, and frees slots on close', async () => {
    const relay = await testRelay(cleanup, { limits: { maxConnectionsPerSpace: 2 } });
    const a = await SyncTestClient.connect(relay.url, 'space1', token('space1'));
    const b = await SyncTestClient.connect(relay.url, 'space1', token('space1'));
    expect((await upgradeStatus(`${relay.url}/sync/space1?token=${token('space1')}`)).status).toBe(429);
    expect((await upgradeStatus(`${relay.url}/y/space1/doc?token=${token('space1')}`)).status).toBe(429);
    // Another space is not affected.
    const other = await SyncTestClient.connect(relay.url, 'space2', token('space2'));
    await a.close();
    const c = await SyncTestClient.connect(relay.url, 'space1', token('space1'));
    await Promise.all([b.close(), c.close(), other.close()]);
  });

  it('serves /healthz and /metrics', async () => {
    const relay = await testRelay(cleanup);
    const httpUrl = relay.url.replace('ws://', 'http://');
    const client = await SyncTestClient.connect(relay.url, 'space1', token('space1'));
    cleanup.add(() => client.close());
    client.doc('page/a').getText('t').insert(0, 'hi');
    await waitFor(() => client.acks.get('page/a') === 1, 'the edit to be stored');
    const health = await get(`${httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', connections: 1 });
    const metrics = await get(`${httpUrl}/metrics`);
    expect(metrics.type).toMatch(/^text\/plain/);
    for (const name of [
      'baton_relay_connections{endpoint="sync"} 1',
      'baton_relay_docs 1',
      'baton_relay_updates_stored_total 1',
      'baton_relay_messages_received_total{endpoint="sync"}',
      'baton_relay_bytes_received_total{endpoint="sync"}',
      'baton_relay_storage_bytes',
      '# TYPE baton_relay_messages_sent_total counter',
    ]) {
      expect(metrics.body).toContain(name);
    }
    expect((await get(`${httpUrl}/sync/space1`)).status).toBe(426);
    expect((await get(`${httpUrl}/other`)).status).toBe(404);
  });
});
