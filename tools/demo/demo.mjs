// A short tour: connect, log in, run a few actions, watch a few live events, log off.
// With AMI_URL (ami://user:secret@host:5038) it talks to that Asterisk; otherwise to the fake
// server that @tsami/core ships for tests, primed with an answer or two.
import { AmiClient, AmiActionError } from '@tsami/core';
import { FakeAmiServer, eventListFrames } from '@tsami/core/testing';

const url = process.env.AMI_URL;
let server;
if (!url) {
  server = await FakeAmiServer.start({ users: { demo: 'demo-secret' } });
  server.handle('CoreStatus', () => ({
    CoreStartupDate: '2026-11-29',
    CoreStartupTime: '06:00:00',
    CoreCurrentCalls: 1,
  }));
  server.handle('Command', () => ({ Message: 'Command output follows', Output: ['Asterisk 22.10.1 (fake server)'] }));
  server.handle('CoreShowChannels', (action) =>
    eventListFrames(
      action.ActionID,
      [
        {
          Event: 'CoreShowChannel',
          Channel: 'Local/answer@tsami-test-00000001;1',
          ChannelStateDesc: 'Up',
          Application: 'Wait',
        },
      ],
      'CoreShowChannelsComplete',
    ),
  );
  server.handle('UserEvent', (action, connection) => {
    connection.respond(action);
    connection.sendEvent('UserEvent', {
      Privilege: 'user,all',
      UserEvent: action.UserEvent,
      Greeting: action.Greeting,
    });
    return undefined;
  });
}

const client = new AmiClient({ url: url ?? server.url, events: 'on', reconnect: false });
const line = (label, value) => console.log(`${label.padEnd(22)} ${value}`);

try {
  await client.connect({ signal: AbortSignal.timeout(10_000) });
  line('connected to', `${url ? 'Asterisk' : 'the fake server'} (AMI ${client.amiVersion})`);

  const pong = await client.send({ Action: 'Ping' });
  line('Ping', pong.Ping ?? pong.Response);

  const status = await client.send({ Action: 'CoreStatus' });
  line('calls in progress', status.CoreCurrentCalls);

  const version = await client.send({ Action: 'Command', Command: 'core show version' });
  line('core show version', version.Output?.[0] ?? '(no output)');

  const channels = await client.sendList({ Action: 'CoreShowChannels' });
  line('channels', `${channels.events.length} (list closed by ${channels.complete.Event})`);
  for (const channel of channels.events.slice(0, 3)) line('', `${channel.Channel} ${channel.ChannelStateDesc ?? ''}`);

  try {
    await client.send({ Action: 'Originate', Channel: 'Local/x@y', CallerID: 'evil\r\nAction: Hangup' });
  } catch (error) {
    line('CR/LF refused', `${error.code} on field "${error.field}" (nothing was sent)`);
  }
  try {
    await client.send({ Action: 'NoSuchAction' });
  } catch (error) {
    if (!(error instanceof AmiActionError)) throw error;
    line('unknown action', `${error.code}: ${error.response.Message}`);
  }

  // Watch live events for a moment; a UserEvent of our own makes sure there is at least one.
  const events = client.events({ signal: AbortSignal.timeout(1500) });
  await client.send({ Action: 'UserEvent', UserEvent: 'TsamiDemo', Greeting: 'héllo from tsami' });
  let shown = 0;
  for await (const event of events) {
    line(
      shown === 0 ? 'live events' : '',
      `${event.Event}${event.Channel ? ` ${event.Channel}` : ''}${event.Greeting ? ` ${event.Greeting}` : ''}`,
    );
    if (++shown === 5) break;
  }
} catch (error) {
  console.error(`demo failed: ${error.code ?? ''} ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.close();
  line('logged off', client.state);
  await server?.close();
}
