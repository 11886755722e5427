import { strict as assert } from 'node:assert';
import { SseParser } from '../../../extension/src/core/sse';

describe('SseParser', () => {
  it('parses an event split across chunks at any point', () => {
    const stream = 'event: items.added\ndata: {"type":"items.added","count":2}\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const p = new SseParser();
      const got = [...p.push(stream.slice(0, cut)), ...p.push(stream.slice(cut))];
      assert.deepEqual(got, [{ event: 'items.added', data: '{"type":"items.added","count":2}', id: undefined }], `cut at ${cut}`);
    }
  });

  it('joins multi-line data, skips comments and handles CRLF and CR line ends', () => {
    const p = new SseParser();
    const got = p.push(': keep-alive\r\ndata: a\r\ndata: b\r\n\r\nid: 7\rdata:c\r\r\n');
    assert.deepEqual(got, [
      { event: 'message', data: 'a\nb', id: undefined },
      { event: 'message', data: 'c', id: '7' },
    ]);
  });

  it('waits for the LF after a CR at the end of a chunk', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('data: x\r'), []);
    assert.deepEqual(p.push('\n\r\n'), [{ event: 'message', data: 'x', id: undefined }]);
  });

  it('ignores an event with no data', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('event: ping\n\n'), []);
    assert.deepEqual(p.push('data: 1\n\n'), [{ event: 'message', data: '1', id: undefined }]);
  });
});
