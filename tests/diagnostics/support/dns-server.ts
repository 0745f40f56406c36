/**
 * A tiny authoritative DNS server on 127.0.0.1 (node:dgram) for tests: A records from a
 * table, NXDOMAIN for the rest, and names it never answers (to test timeouts). Enough of
 * RFC 1035 for one question per query.
 */
import dgram from 'node:dgram';

export interface TestDnsServer {
  address: string;
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(records: Record<string, string[]>, options: { silent?: readonly string[]; wildcard?: string } = {}): Promise<TestDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset]! > 0) {
      const length = query[offset]!;
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const questionEnd = offset + 5;
    const name = labels.join('.').toLowerCase();
    queries.push(name);
    if (options.silent?.includes(name)) return;
    const addresses = records[name] ?? (options.wildcard ? [options.wildcard] : undefined);
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180 | (addresses ? 0 : 3), 2); // response, RD+RA, rcode NOERROR / NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses?.length ?? 0, 6);
    const answers = (addresses ?? []).map((ip) => {
      const answer = Buffer.alloc(16);
      answer.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      answer.writeUInt16BE(1, 2); // A
      answer.writeUInt16BE(1, 4); // IN
      answer.writeUInt32BE(60, 6);
      answer.writeUInt16BE(4, 10);
      ip.split('.').forEach((part, i) => answer.writeUInt8(Number(part), 12 + i));
      return answer;
    });
    socket.send(Buffer.concat([header, query.subarray(12, questionEnd), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${socket.address().port}`, queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
