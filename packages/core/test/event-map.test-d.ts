import { describe, expectTypeOf, it } from 'vitest';
import { AmiClient, AmiPool, type AmiEvent, type EventStream, type PooledConnection } from '../src/index.js';

// A map as the action packages generate them: no index signature, literal event names.
interface HangupEvent {
  readonly Event: 'Hangup';
  readonly Channel: string;
  readonly Cause: string;
  readonly ChannelStateDesc: 'Down' | 'Up' | 'Ringing' | (string & {});
}
interface NewchannelEvent {
  readonly Event: 'Newchannel';
  readonly Channel: string;
  readonly Uniqueid: string;
}
interface TestEventMap {
  Hangup: HangupEvent;
  Newchannel: NewchannelEvent;
}

const client = new AmiClient<TestEventMap>({ url: 'ami://u:s@127.0.0.1' });
const untyped = new AmiClient({ url: 'ami://u:s@127.0.0.1' });

describe('a client typed by an event map', () => {
  it('events({ names }) yields exactly the named events', () => {
    expectTypeOf(client.events({ names: ['Hangup', 'Newchannel'] })).toEqualTypeOf<
      EventStream<HangupEvent | NewchannelEvent>
    >();
    expectTypeOf(client.events({ names: ['Hangup'] })).toEqualTypeOf<EventStream<HangupEvent>>();
    // a plain (not type-guard) filter keeps the named type
    expectTypeOf(client.events({ names: ['Hangup', 'Newchannel'], filter: (e) => e.Channel !== '' })).toEqualTypeOf<
      EventStream<HangupEvent | NewchannelEvent>
    >();
    // a type-guard filter narrows the named events further
    expectTypeOf(
      client.events({ names: ['Hangup', 'Newchannel'], filter: (e): e is HangupEvent => e.Event === 'Hangup' }),
    ).toEqualTypeOf<EventStream<HangupEvent>>();
    // @ts-expect-error a name that is not in the map
    client.events({ names: ['HangUp'] });
  });

  it('onEvent is typed by name and returns the unsubscribe function', () => {
    const off = client.onEvent('Hangup', (e) => {
      expectTypeOf(e).toEqualTypeOf<HangupEvent>();
      // @ts-expect-error a misspelled field
      void e.Cuase;
      // @ts-expect-error a field of another event
      void e.Uniqueid;
    });
    expectTypeOf(off).toEqualTypeOf<() => void>();
    // @ts-expect-error not an event of the map
    client.onEvent('Hangpu', () => undefined);
  });

  it('a type-guard filter narrows the stream', () => {
    const stream = client.events({ filter: (e): e is HangupEvent => e.Event === 'Hangup' });
    expectTypeOf(stream).toEqualTypeOf<EventStream<HangupEvent>>();
    // @ts-expect-error a misspelled event name cannot equal any name of the map
    client.events({ filter: (e) => e.Event === 'HangUp' });
  });

  it('without a map every event is an AmiEvent', () => {
    expectTypeOf(untyped.events()).toEqualTypeOf<EventStream<AmiEvent>>();
    untyped.onEvent('AnyName', (e) => expectTypeOf(e).toEqualTypeOf<AmiEvent>());
  });
});

describe('a pool typed by the same map', () => {
  it('lends connections whose client is typed by it', async () => {
    const pool = new AmiPool<TestEventMap>({ url: 'ami://u:s@127.0.0.1' });
    const connection = await pool.acquire();
    expectTypeOf(connection).toEqualTypeOf<PooledConnection<TestEventMap>>();
    connection.client.onEvent('Hangup', (e) => expectTypeOf(e).toEqualTypeOf<HangupEvent>());
    // @ts-expect-error not an event of the map
    connection.client.onEvent('Hangpu', () => undefined);
    await pool.use((c) => {
      expectTypeOf(c.client).toEqualTypeOf<AmiClient<TestEventMap>>();
      return Promise.resolve();
    });
  });
});
